/**
 * Business calendar arithmetic for SLA targets: pure functions, `now` is always passed in.
 *
 * Rules (spec §4, "Clock (ours)"):
 * - `24/7`: targets run on plain clock time; a day is 24 hours; holidays do not matter.
 * - `working-hours`: only time inside [start, end) of a working day counts. A working day is a day whose ISO
 *   weekday is in `workdays` and whose local date is not in `holidays`. Minutes and hours count as such; a
 *   "day" counts as one full working day, i.e. `end − start` business minutes, so "3 hari" from Monday
 *   10.00 is Thursday 10.00 when no holiday intervenes.
 * - Closing-time edge: a due time that lands exactly at closing stays at closing (Monday 15.00 + 1 jam is
 *   Monday 16.00, never Tuesday 08.00). Both are the same point in business time; closing is what a person
 *   expects to read ("by the end of Monday"). Consequently Monday 08.00 + 1 hari is Monday 16.00.
 * - A start outside working hours begins counting at the next opening. A zero target returns the start
 *   itself (nothing is counted), which is also what a pause with no business time left needs.
 *
 * All arithmetic is in milliseconds, so instants that are not on whole minutes stay exact, and it walks
 * the calendar a day at a time (never minute by minute).
 */

import { DateTime, IANAZone } from 'luxon';
import type { Priority, TargetDuration } from '../domain.ts';

/** A deployment's clock for SLA targets. */
export interface BusinessCalendar {
  mode: '24/7' | 'working-hours';
  /** IANA zone: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT). */
  zone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workdays: number[];
  /** Local opening time, "HH:MM". */
  start: string;
  /** Local closing time, "HH:MM" (may be "24:00"); must be after `start`. */
  end: string;
  /** Local dates (yyyy-mm-dd) that are not working days, with their names. */
  holidays: Map<string, string>;
  /**
   * Priorities whose targets run 24/7 in this zone whatever `mode` says (sla/clock.ts); unset: P1 and P2.
   * The arithmetic here ignores it.
   */
  roundTheClock?: readonly Priority[];
}

const MINUTE_MS = 60_000;

/**
 * Upper bound on days walked in one call: a calendar with no working day to reach (an empty `workdays`)
 * must fail rather than loop forever. 50 years is far beyond any SLA target.
 */
const MAX_DAYS_WALKED = 366 * 50;

/** Indonesian time-zone abbreviations and the IANA zone each one stands for. */
const ZONE_BY_ABBREVIATION: Readonly<Record<string, string>> = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
};

/** The abbreviation for whole-hour UTC offsets used in Indonesia. */
const ABBREVIATION_BY_OFFSET_MINUTES: Readonly<Record<number, string>> = {
  420: 'WIB',
  480: 'WITA',
  540: 'WIT',
};

/**
 * Resolves "WIB" | "WITA" | "WIT" (any case) or an IANA zone name to a canonical IANA zone name;
 * `undefined` when the name is not a known zone.
 */
export function resolveZone(name: string): string | undefined {
  const trimmed = name.trim();
  const byAbbreviation = ZONE_BY_ABBREVIATION[trimmed.toUpperCase()];
  if (byAbbreviation !== undefined) return byAbbreviation;
  if (!IANAZone.isValidZone(trimmed)) return undefined;
  return IANAZone.create(trimmed).name;
}

/**
 * The abbreviation people in Indonesia read next to a time: WIB, WITA or WIT, chosen by the zone's UTC
 * offset at `at` (so Asia/Pontianak is WIB and Asia/Jayapura is WIT). `at` is required because offsets
 * changed in the past (Pontianak was UTC+8 until 1988). Other zones fall back to "UTC+h" / "UTC+h:mm".
 */
export function zoneAbbreviation(zone: string, at: Date): string {
  const offset = DateTime.fromJSDate(at, { zone: requireZone(zone) }).offset;
  const known = ABBREVIATION_BY_OFFSET_MINUTES[offset];
  if (known !== undefined) return known;
  const sign = offset < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(offset) / 60);
  const minutes = Math.abs(offset) % 60;
  return minutes === 0 ? `UTC${sign}${hours}` : `UTC${sign}${hours}:${String(minutes).padStart(2, '0')}`;
}

/**
 * Parses a local clock time "HH:MM" (or "H:MM") to minutes after midnight, 0 … 1440. "24:00" is accepted
 * so a calendar can close at midnight. `undefined` when the text is not a valid time.
 */
export function parseClockTime(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return undefined;
  if (hours === 24 && minutes === 0) return 24 * 60;
  if (hours > 23) return undefined;
  return hours * 60 + minutes;
}

/** Length of one working day in minutes (`end − start`); 1440 on a 24/7 calendar. */
export function workingDayMinutes(cal: BusinessCalendar): number {
  if (cal.mode === '24/7') return 24 * 60;
  const { open, close } = clockBounds(cal);
  return close - open;
}

/**
 * A target in business minutes on this calendar: hours are 60 minutes, a day is one working day
 * (`workingDayMinutes`), so 1 hari is 480 minutes on an 08.00–16.00 calendar and 1440 on 24/7.
 */
export function targetMinutes(target: TargetDuration, cal: BusinessCalendar): number {
  switch (target.unit) {
    case 'minutes':
      return target.value;
    case 'hours':
      return target.value * 60;
    case 'days':
      return target.value * workingDayMinutes(cal);
  }
}

/** Whether the local date of `at` is a working day (right weekday, not a holiday). Always true on 24/7. */
export function isWorkingDay(at: Date, cal: BusinessCalendar): boolean {
  if (cal.mode === '24/7') return true;
  return localDayOf(at.getTime(), cal).window !== undefined;
}

/**
 * Whether `at` is inside working hours. The window is half-open: opening (08.00) is business time, closing
 * (16.00) is not. Always true on 24/7.
 */
export function isBusinessTime(at: Date, cal: BusinessCalendar): boolean {
  if (cal.mode === '24/7') return true;
  const t = at.getTime();
  const { window } = localDayOf(t, cal);
  return window !== undefined && t >= window.open && t < window.close;
}

/**
 * `at` itself when it is business time, otherwise the next opening. Used for "your ticket will be handled
 * from …" messages outside working hours.
 */
export function nextBusinessTime(at: Date, cal: BusinessCalendar): Date {
  if (cal.mode === '24/7') return new Date(at.getTime());
  let t = at.getTime();
  let day = localDayOf(t, cal);
  for (let walked = 0; walked < MAX_DAYS_WALKED; walked++) {
    const { window } = day;
    if (window !== undefined && t < window.close) return new Date(Math.max(t, window.open));
    day = nextDay(day, cal);
    t = day.start;
  }
  throw noWorkingDay(cal);
}

/**
 * The due time of `target` counted from `start` on `cal` (see the module comment for the rules).
 */
export function addBusinessTime(start: Date, target: TargetDuration, cal: BusinessCalendar): Date {
  const minutes = targetMinutes(target, cal);
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Target must be a finite, non-negative duration: ${target.value} ${target.unit}`);
  }
  return addBusinessMs(start.getTime(), minutes * MINUTE_MS, cal);
}

/**
 * Business minutes from `from` to `to` (0 when `to <= from`). Fractional when the instants are not on
 * whole minutes.
 */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  return businessMsBetween(from.getTime(), to.getTime(), cal) / MINUTE_MS;
}

/**
 * The due time after a pause (ticket waiting on the reporter): the business time still left at `pausedAt`
 * is counted again from `resumedAt`, so the due time moves by exactly the business time spent paused. A due
 * time already reached at `pausedAt` stays as it was (the breach happened before the pause), and so does a
 * "pause" whose resume is not after its start.
 */
export function shiftForPause(due: Date, pausedAt: Date, resumedAt: Date, cal: BusinessCalendar): Date {
  const dueMs = due.getTime();
  const pausedMs = pausedAt.getTime();
  const resumedMs = resumedAt.getTime();
  if (dueMs <= pausedMs || resumedMs <= pausedMs) return new Date(dueMs);
  if (cal.mode === '24/7') return new Date(dueMs + (resumedMs - pausedMs));
  const remaining = businessMsBetween(pausedMs, dueMs, cal);
  return addBusinessMs(resumedMs, remaining, cal);
}

function addBusinessMs(startMs: number, amountMs: number, cal: BusinessCalendar): Date {
  if (cal.mode === '24/7') return new Date(startMs + amountMs);
  if (amountMs === 0) return new Date(startMs);
  let remaining = amountMs;
  let cursor = startMs;
  let day = localDayOf(cursor, cal);
  for (let walked = 0; walked < MAX_DAYS_WALKED; walked++) {
    const { window } = day;
    if (window !== undefined && cursor < window.close) {
      const from = Math.max(cursor, window.open);
      const available = window.close - from;
      // `<=` keeps a due time that lands exactly at closing on that day (the closing-time rule).
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
    day = nextDay(day, cal);
    cursor = day.start;
  }
  throw noWorkingDay(cal);
}

function businessMsBetween(fromMs: number, toMs: number, cal: BusinessCalendar): number {
  if (toMs <= fromMs) return 0;
  if (cal.mode === '24/7') return toMs - fromMs;
  let total = 0;
  let day = localDayOf(fromMs, cal);
  // Bounded by the span itself: one iteration per local day between the two instants.
  while (day.start < toMs) {
    const { window } = day;
    if (window !== undefined) {
      const from = Math.max(fromMs, window.open);
      const to = Math.min(toMs, window.close);
      if (to > from) total += to - from;
    }
    day = nextDay(day, cal);
  }
  return total;
}

interface ClockBounds {
  /** Opening, minutes after local midnight. */
  open: number;
  /** Closing, minutes after local midnight (up to 1440). */
  close: number;
}

/** Opening and closing instants (epoch ms) of `day` (a local start of day), or none on a day off. */
function workingWindow(
  day: DateTime,
  cal: BusinessCalendar,
  { open, close }: ClockBounds,
): { open: number; close: number } | undefined {
  if (!isWorkingDate(day, cal)) return undefined;
  return { open: atClock(day, open), close: atClock(day, close) };
}

function isWorkingDate(day: DateTime, cal: BusinessCalendar): boolean {
  return cal.workdays.includes(day.weekday) && !cal.holidays.has(day.toISODate() ?? '');
}

/** Wall-clock minutes after midnight on `day`; set, not added, so a DST shift cannot move opening time. */
function atClock(day: DateTime, minutes: number): number {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

function clockBounds(cal: BusinessCalendar): ClockBounds {
  const open = parseClockTime(cal.start);
  const close = parseClockTime(cal.end);
  if (open === undefined || close === undefined || open >= close) {
    throw new RangeError(`Invalid working hours ${cal.start}–${cal.end}`);
  }
  return { open, close };
}

function startOfLocalDay(ms: number, cal: BusinessCalendar): DateTime {
  return DateTime.fromMillis(ms, { zone: requireZone(cal.zone) }).startOf('day');
}

/** One local day of a calendar: when it starts and the next one starts, and its working hours if any. */
interface LocalDay {
  start: number;
  next: number;
  window: { open: number; close: number } | undefined;
}

/**
 * The local days a calendar has been asked about, by their start (epoch ms). Zone arithmetic is the
 * cost of every due time and every SLA figure (a ticket's targets walk several days, a report
 * thousands); a calendar is never changed once loaded, so each day is worked out once.
 */
const days = new WeakMap<BusinessCalendar, Map<number, LocalDay>>();
/** Past this many days remembered (about ten years' worth), a calendar's memory starts again. */
const MAX_DAYS_REMEMBERED = 4000;

function dayStarting(start: number, cal: BusinessCalendar): LocalDay {
  const known = days.get(cal) ?? new Map<number, LocalDay>();
  days.set(cal, known);
  const hit = known.get(start);
  if (hit) return hit;
  const day = DateTime.fromMillis(start, { zone: requireZone(cal.zone) });
  const info = {
    start,
    next: day.plus({ days: 1 }).toMillis(),
    window: workingWindow(day, cal, clockBounds(cal)),
  };
  if (known.size >= MAX_DAYS_REMEMBERED) known.clear();
  known.set(start, info);
  return info;
}

/** Per calendar, the day last asked about: most questions are about today, answered without zone arithmetic. */
const lastDay = new WeakMap<BusinessCalendar, LocalDay>();

function localDayOf(ms: number, cal: BusinessCalendar): LocalDay {
  const last = lastDay.get(cal);
  if (last && last.start <= ms && ms < last.next) return last;
  const day = dayStarting(startOfLocalDay(ms, cal).toMillis(), cal);
  lastDay.set(cal, day);
  return day;
}

function nextDay(day: LocalDay, cal: BusinessCalendar): LocalDay {
  return dayStarting(day.next, cal);
}

const validZones = new Set<string>();
function requireZone(zone: string): string {
  if (validZones.has(zone)) return zone;
  // An unknown zone gives invalid DateTimes whose NaN millis would never end a day walk.
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  validZones.add(zone);
  return zone;
}

function noWorkingDay(cal: BusinessCalendar): RangeError {
  return new RangeError(
    `No working day within ${MAX_DAYS_WALKED} days (workdays ${JSON.stringify(cal.workdays)})`,
  );
}
