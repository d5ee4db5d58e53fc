/**
 * Report periods (pure). The regulation asks for an evaluation at least every semester (002:244) and a
 * review of recurring incidents twice a year (002:492): a period is a semester ("2026-S1"), a month
 * ("2026-07"), a year ("2026") or any range of local dates ("2026-01-01..2026-03-31"). Dates are the
 * deployment's local calendar dates; `periodBounds` turns them into instants in its zone.
 */
import { DateTime } from 'luxon';

/** A range of local dates, both ends included, and the name its evaluation notes are filed under. */
export interface ReportPeriod {
  /** "2026-S1", "2026-07", "2026" or "2026-01-01..2026-03-31". */
  label: string;
  /** yyyy-mm-dd, local. */
  from: string;
  /** yyyy-mm-dd, local, included. */
  to: string;
}

export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; message: string };

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const TEXT = {
  unreadable: (text: string) =>
    `Periode "${text}" tidak dikenali. Tulis 2026-S1, 2026-S2, 2026-07, 2026, atau 2026-01-01..2026-03-31.`,
  badDate: (text: string) => `Tanggal "${text}" tidak valid. Tulis YYYY-MM-DD, mis. 2026-01-31.`,
  reversed: (from: string, to: string) => `Tanggal awal ${from} sesudah tanggal akhir ${to}.`,
  badYear: (year: number) => `Tahun ${year} di luar jangkauan (${MIN_YEAR}–${MAX_YEAR}).`,
};

function localDate(text: string): DateTime | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = DateTime.fromISO(text, { zone: 'UTC' });
  return d.isValid ? d : null;
}

function iso(d: DateTime): string {
  return d.toISODate() ?? '';
}

function range(label: string, from: DateTime, to: DateTime): PeriodResult {
  if (from.year < MIN_YEAR || to.year > MAX_YEAR) return { ok: false, message: TEXT.badYear(from.year) };
  return { ok: true, period: { label, from: iso(from), to: iso(to) } };
}

/** The name a range is filed under: the semester, month or year it is exactly, else "from..to". */
function labelOf(from: DateTime, to: DateTime): string {
  const y = from.year;
  const whole = (start: DateTime, end: DateTime) => +start === +from && +end === +to;
  const jan1 = DateTime.utc(y, 1, 1);
  if (whole(jan1, DateTime.utc(y, 12, 31))) return String(y);
  if (whole(jan1, DateTime.utc(y, 6, 30))) return `${y}-S1`;
  if (whole(DateTime.utc(y, 7, 1), DateTime.utc(y, 12, 31))) return `${y}-S2`;
  if (from.day === 1 && whole(from, from.endOf('month').startOf('day')))
    return `${y}-${String(from.month).padStart(2, '0')}`;
  return `${iso(from)}..${iso(to)}`;
}

/** A period from two local dates (yyyy-mm-dd), named as a semester, month or year when it is one. */
export function periodFromDates(fromText: string, toText: string): PeriodResult {
  const from = localDate(fromText.trim());
  if (!from) return { ok: false, message: TEXT.badDate(fromText) };
  const to = localDate(toText.trim());
  if (!to) return { ok: false, message: TEXT.badDate(toText) };
  if (+from > +to) return { ok: false, message: TEXT.reversed(iso(from), iso(to)) };
  return range(labelOf(from, to), from, to);
}

/** Reads "2026-S1", "2026-s2", "2026-07", "2026" or "2026-01-01..2026-03-31". */
export function parsePeriod(text: string): PeriodResult {
  const t = text.trim();
  const explicit = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (explicit?.[1] && explicit[2]) return periodFromDates(explicit[1], explicit[2]);
  const semester = /^(\d{4})-S([12])$/i.exec(t);
  if (semester?.[1] && semester[2]) {
    const y = Number(semester[1]);
    return semester[2] === '1'
      ? range(`${y}-S1`, DateTime.utc(y, 1, 1), DateTime.utc(y, 6, 30))
      : range(`${y}-S2`, DateTime.utc(y, 7, 1), DateTime.utc(y, 12, 31));
  }
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month?.[1] && month[2]) {
    const m = Number(month[2]);
    if (m < 1 || m > 12) return { ok: false, message: TEXT.unreadable(text) };
    const start = DateTime.utc(Number(month[1]), m, 1);
    return range(`${month[1]}-${month[2]}`, start, start.endOf('month').startOf('day'));
  }
  const year = /^(\d{4})$/.exec(t);
  if (year?.[1]) {
    const y = Number(year[1]);
    return range(String(y), DateTime.utc(y, 1, 1), DateTime.utc(y, 12, 31));
  }
  return { ok: false, message: TEXT.unreadable(text) };
}

/** The instants the period covers in `zone`: from its first local midnight to the one after its last day. */
export function periodBounds(period: ReportPeriod, zone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(period.from, { zone }).startOf('day');
  const end = DateTime.fromISO(period.to, { zone }).startOf('day').plus({ days: 1 });
  if (!start.isValid || !end.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** Words a coordinator types in chat for the period that holds `now`, in `zone`. */
const RELATIVE: Record<string, 'day' | 'week' | 'month' | 'semester' | 'year'> = {
  hari: 'day',
  'hari-ini': 'day',
  minggu: 'week',
  pekan: 'week',
  bulan: 'month',
  semester: 'semester',
  tahun: 'year',
};

/**
 * "hari", "minggu", "bulan", "semester", "tahun" (the one that holds `now`, so far), or anything
 * {@link parsePeriod} reads. Empty: this month.
 */
export function periodFromWords(text: string, now: Date, zone: string): PeriodResult {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/\s+ini$/, '')
    .replace(/\s+/g, '-');
  const unit = RELATIVE[t || 'bulan'];
  if (!unit) return parsePeriod(text);
  const today = DateTime.fromJSDate(now, { zone });
  const day = DateTime.utc(today.year, today.month, today.day);
  const start =
    unit === 'day'
      ? day
      : unit === 'week'
        ? day.startOf('week')
        : unit === 'month'
          ? day.startOf('month')
          : unit === 'year'
            ? day.startOf('year')
            : DateTime.utc(day.year, day.month <= 6 ? 1 : 7, 1);
  const end =
    unit === 'day'
      ? day
      : unit === 'week'
        ? start.plus({ days: 6 })
        : unit === 'month'
          ? day.endOf('month').startOf('day')
          : unit === 'year'
            ? DateTime.utc(day.year, 12, 31)
            : DateTime.utc(day.year, day.month <= 6 ? 6 : 12, day.month <= 6 ? 30 : 31);
  return range(labelOf(start, end), start, end);
}
