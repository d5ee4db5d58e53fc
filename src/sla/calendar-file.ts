/**
 * Loads the deployment's business calendar from a YAML file (default: prisma/seed/calendar.yaml).
 *
 * Format (every key but `mode` and `zone` is optional; unknown keys are errors, so a typo such as
 * `holiday:` cannot silently drop the holidays):
 *
 * ```yaml
 * mode: working-hours        # "working-hours" or "24/7"
 * zone: WIB                  # WIB | WITA | WIT (any case) or an IANA zone name, e.g. Asia/Makassar
 * workdays: [1, 2, 3, 4, 5]  # ISO weekdays, 1 = Senin … 7 = Minggu; default Monday–Friday
 * hours: { start: "08:00", end: "16:00" }   # local "HH:MM", start < end, end may be "24:00"; default 08:00–16:00
 * national_holidays: true    # default true: Indonesia's public holidays from the date-holidays package
 * holidays:                  # additions and corrections (cuti bersama, local holidays, better names)
 *   - { date: 2026-03-20, name: Cuti Bersama Idul Fitri }
 * not_holidays:              # dates to drop from the national list (the library got a date wrong)
 *   - 2026-01-02
 * round_the_clock_priorities: [P1, P2]   # default [P1, P2]; [] = every priority on `mode`
 * ```
 *
 * Rules: the national list (type "public" only) is taken for the years asked, dates in `not_holidays` are
 * removed from it, and `holidays` entries are added on top, replacing the national name on the same date.
 * A date may not be in both `holidays` and `not_holidays`, nor twice in one list. In 24/7 mode `workdays`,
 * `hours` and the holidays are still read and checked (other modules may show them) but do not stop the
 * clock.
 *
 * `round_the_clock_priorities`: incidents of these priorities have their targets on a 24/7 clock in the
 * same zone even in working-hours mode (sla/clock.ts); services with `clock: 24/7` in the catalogue do
 * too, whatever the priority.
 *
 * Which years of national holidays: `options.years` when given (tests and tools pass it to stay
 * deterministic); otherwise the current year −1 … +2 plus every year that has a date in the file. A
 * long-running process therefore needs a reload (restart) to see holidays beyond that range; the file
 * has to be updated every year for cuti bersama anyway.
 *
 * Every problem throws `ContentError(file, entry, problem)` with the entry named like `hours.start`,
 * `workdays[2]` or `holidays[3].date`.
 */

import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { isMap, parseDocument } from 'yaml';
import type { Priority } from '../domain.ts';
import { ContentError } from '../errors.ts';
import { type BusinessCalendar, parseClockTime, resolveZone } from './calendar.ts';
import { DEFAULT_ROUND_THE_CLOCK } from './clock.ts';

/** Options of `loadCalendar` / `parseCalendar`. */
export interface LoadCalendarOptions {
  /** Years whose national holidays to include. */
  years?: readonly number[];
  /** "Now" for the default year range when `years` is not given; defaults to the system clock. */
  now?: Date;
}

const KNOWN_KEYS = [
  'mode',
  'zone',
  'workdays',
  'hours',
  'national_holidays',
  'holidays',
  'not_holidays',
  'round_the_clock_priorities',
];
const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
const DEFAULT_WORKDAYS = [1, 2, 3, 4, 5];
const DEFAULT_START = '08:00';
const DEFAULT_END = '16:00';

/** Reads and checks a calendar file; throws `ContentError` naming the file and the entry at fault. */
export function loadCalendar(filePath: string, options: LoadCalendarOptions = {}): BusinessCalendar {
  let source: string;
  try {
    source = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new ContentError(filePath, '(file)', `cannot read the file: ${(error as Error).message}`);
  }
  return parseCalendar(source, filePath, options);
}

/** `loadCalendar` without the file read: `file` only names the source in errors. */
export function parseCalendar(
  source: string,
  file: string,
  options: LoadCalendarOptions = {},
): BusinessCalendar {
  const fail: Fail = (entry, problem) => {
    throw new ContentError(file, entry, problem);
  };

  // parseDocument collects errors with their line instead of throwing, so the entry can name the line.
  const doc = parseDocument(source, { uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError !== undefined) {
    const line = firstError.linePos?.[0]?.line;
    fail(
      line === undefined ? '(yaml)' : `line ${line}`,
      `not valid YAML: ${firstError.message.split('\n')[0]}`,
    );
  }
  if (!isMap(doc.contents)) fail('(root)', 'expected a mapping with at least "mode" and "zone"');
  const raw = doc.toJS() as Record<string, unknown>;

  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) fail(key, `unknown key; expected one of ${KNOWN_KEYS.join(', ')}`);
  }

  const mode = raw.mode;
  if (mode !== 'working-hours' && mode !== '24/7') {
    fail('mode', `must be "working-hours" or "24/7", got ${describe(mode)}`);
  }

  const zoneName = raw.zone;
  if (typeof zoneName !== 'string') fail('zone', 'required: WIB, WITA, WIT or an IANA zone name');
  const zone = resolveZone(zoneName);
  if (zone === undefined) {
    fail('zone', `unknown time zone ${describe(zoneName)}; use WIB, WITA, WIT or an IANA name`);
  }

  const workdays = readWorkdays(raw.workdays, fail);
  const roundTheClock = readPriorities(raw.round_the_clock_priorities, fail);
  const { start, end } = readHours(raw.hours, fail);

  const national = raw.national_holidays ?? true;
  if (typeof national !== 'boolean') fail('national_holidays', 'must be true or false');

  const additions = readHolidayList(raw.holidays, fail);
  const removals = readDateList(raw.not_holidays, fail);
  for (const [date, { entry }] of additions) {
    const removal = removals.get(date);
    if (removal !== undefined) fail(entry, `${date} is also listed in ${removal} (not_holidays)`);
  }

  const holidays = new Map<string, string>();
  if (national) {
    const fileYears = [...additions.keys(), ...removals.keys()].map((date) => Number(date.slice(0, 4)));
    for (const [date, name] of nationalHolidays(options.years ?? defaultYears(options.now, fileYears))) {
      if (!removals.has(date)) holidays.set(date, name);
    }
  }
  for (const [date, { name }] of additions) holidays.set(date, name);

  return {
    mode,
    zone,
    workdays,
    start,
    end,
    holidays: new Map([...holidays].sort(([a], [b]) => a.localeCompare(b))),
    roundTheClock,
  };
}

type Fail = (entry: string, problem: string) => never;

function readWorkdays(value: unknown, fail: Fail): number[] {
  if (value === undefined) return [...DEFAULT_WORKDAYS];
  if (!Array.isArray(value) || value.length === 0) {
    return fail('workdays', 'must be a non-empty list of ISO weekdays, 1 = Senin … 7 = Minggu');
  }
  const days: number[] = [];
  for (const [i, day] of (value as unknown[]).entries()) {
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 7) {
      return fail(`workdays[${i}]`, `must be a whole number 1 (Senin) … 7 (Minggu), got ${describe(day)}`);
    }
    if (days.includes(day)) return fail(`workdays[${i}]`, `day ${day} is listed twice`);
    days.push(day);
  }
  return days.sort((a, b) => a - b);
}

function readPriorities(value: unknown, fail: Fail): Priority[] {
  const key = 'round_the_clock_priorities';
  if (value === undefined) return [...DEFAULT_ROUND_THE_CLOCK];
  if (value === null) return [];
  if (!Array.isArray(value)) return fail(key, 'must be a list of priorities, e.g. [P1, P2], or []');
  const result: Priority[] = [];
  for (const [i, item] of (value as unknown[]).entries()) {
    const p = typeof item === 'string' ? item.trim().toUpperCase() : undefined;
    if (!PRIORITIES.includes(p as Priority))
      return fail(`${key}[${i}]`, `must be P1 … P6, got ${describe(item)}`);
    if (result.includes(p as Priority)) return fail(`${key}[${i}]`, `${p} is listed twice`);
    result.push(p as Priority);
  }
  return result.sort();
}

function readHours(value: unknown, fail: Fail): { start: string; end: string } {
  if (value === undefined) return { start: DEFAULT_START, end: DEFAULT_END };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('hours', 'must be a mapping { start: "HH:MM", end: "HH:MM" }');
  }
  const hours = value as Record<string, unknown>;
  for (const key of Object.keys(hours)) {
    if (key !== 'start' && key !== 'end') fail(`hours.${key}`, 'unknown key; expected start and end');
  }
  const read = (key: 'start' | 'end'): { text: string; minutes: number } => {
    const text = hours[key];
    const minutes = typeof text === 'string' ? parseClockTime(text) : undefined;
    if (minutes === undefined) {
      return fail(`hours.${key}`, `must be a local time "HH:MM" (00:00 … 24:00), got ${describe(text)}`);
    }
    return { text: (text as string).trim(), minutes };
  };
  const start = read('start');
  const end = read('end');
  if (start.minutes >= end.minutes) {
    fail('hours.end', `closing ${end.text} must be after opening ${start.text}`);
  }
  return { start: start.text, end: end.text };
}

function readHolidayList(value: unknown, fail: Fail): Map<string, { name: string; entry: string }> {
  const result = new Map<string, { name: string; entry: string }>();
  if (value === undefined || value === null) return result;
  if (!Array.isArray(value)) return fail('holidays', 'must be a list of { date: yyyy-mm-dd, name: … }');
  for (const [i, item] of (value as unknown[]).entries()) {
    const entry = `holidays[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(entry, 'must be a mapping { date: yyyy-mm-dd, name: … }');
    }
    const record = item as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key !== 'date' && key !== 'name') fail(`${entry}.${key}`, 'unknown key; expected date and name');
    }
    const date = readDate(record.date, `${entry}.date`, fail);
    const name = record.name;
    if (typeof name !== 'string' || name.trim() === '')
      return fail(`${entry}.name`, 'a holiday needs a name');
    const earlier = result.get(date);
    if (earlier !== undefined) fail(`${entry}.date`, `${date} is already listed in ${earlier.entry}`);
    result.set(date, { name: name.trim(), entry });
  }
  return result;
}

function readDateList(value: unknown, fail: Fail): Map<string, string> {
  const result = new Map<string, string>();
  if (value === undefined || value === null) return result;
  if (!Array.isArray(value)) return fail('not_holidays', 'must be a list of dates yyyy-mm-dd');
  for (const [i, item] of (value as unknown[]).entries()) {
    const entry = `not_holidays[${i}]`;
    const date = readDate(item, entry, fail);
    const earlier = result.get(date);
    if (earlier !== undefined) fail(entry, `${date} is already listed in ${earlier}`);
    result.set(date, entry);
  }
  return result;
}

/** A real calendar date written yyyy-mm-dd (quoted or not; YAML 1.1 timestamps are accepted too). */
function readDate(value: unknown, entry: string, fail: Fail): string {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return fail(entry, `must be a date yyyy-mm-dd, got ${describe(value)}`);
  }
  if (!DateTime.fromISO(text, { zone: 'UTC' }).isValid) {
    return fail(entry, `${text} is not a real date`);
  }
  return text;
}

function defaultYears(now: Date | undefined, fileYears: readonly number[]): number[] {
  const current = (now ?? new Date()).getUTCFullYear();
  const years = new Set(fileYears);
  for (let year = current - 1; year <= current + 2; year++) years.add(year);
  return [...years];
}

let holidaysLibrary: Holidays | undefined;

/** Indonesia's public holidays by local date. The library's data is parsed once, on first use. */
function nationalHolidays(years: readonly number[]): Map<string, string> {
  holidaysLibrary ??= new Holidays('ID');
  const result = new Map<string, string>();
  for (const year of years) {
    for (const holiday of holidaysLibrary.getHolidays(year, 'id')) {
      if (holiday.type !== 'public') continue;
      // "2026-03-20 00:00:00 -0600": the date part is the local date; the suffix only marks an
      // Islamic day that begins at the previous sunset.
      const date = holiday.date.slice(0, 10);
      // The library lists two holidays on one date in some years; keep both names.
      const earlier = result.get(date);
      result.set(
        date,
        earlier === undefined || earlier === holiday.name ? holiday.name : `${earlier}; ${holiday.name}`,
      );
    }
  }
  return result;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}
