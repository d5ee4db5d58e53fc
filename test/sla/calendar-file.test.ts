import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/errors.ts';
import { addBusinessTime } from '../../src/sla/calendar.ts';
import { loadCalendar, parseCalendar } from '../../src/sla/calendar-file.ts';

const DEFAULT_FILE = fileURLToPath(new URL('../../prisma/seed/calendar.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sla-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function writeCalendar(yaml: string): string {
  const path = join(dir, `calendar-${++fileCount}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

function contentErrorOf(run: () => unknown): ContentError {
  try {
    run();
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected a ContentError, nothing was thrown');
}

const VALID = `mode: working-hours
zone: WIB
workdays: [1, 2, 3, 4, 5]
hours: { start: "08:00", end: "16:00" }
national_holidays: true
`;

describe('the default calendar file (prisma/seed/calendar.yaml)', () => {
  const cal = loadCalendar(DEFAULT_FILE, { years: [2026] });

  it('loads working hours Monday–Friday 08.00–16.00 WIB', () => {
    expect(cal.mode).toBe('working-hours');
    expect(cal.zone).toBe('Asia/Jakarta');
    expect(cal.workdays).toEqual([1, 2, 3, 4, 5]);
    expect([cal.start, cal.end]).toEqual(['08:00', '16:00']);
  });

  it('includes the national holidays of 2026 from date-holidays', () => {
    expect(cal.holidays.get('2026-08-17')).toBe('Hari Ulang Tahun Kemerdekaan Republik Indonesia');
    expect(cal.holidays.get('2026-12-25')).toBe('Hari Raya Natal');
    expect(cal.holidays.has('2026-05-27')).toBe(true);
  });

  it('includes the cuti bersama days of 2026', () => {
    for (const date of ['2026-02-16', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-05-15']) {
      expect(cal.holidays.get(date), date).toMatch(/^Cuti Bersama/);
    }
    expect(cal.holidays.get('2026-05-28')).toMatch(/^Cuti Bersama Idul Adha/);
    expect(cal.holidays.get('2026-12-24')).toMatch(/^Cuti Bersama/);
  });

  it('corrects the library name of 16 January 2026 to Isra Mikraj', () => {
    expect(cal.holidays.get('2026-01-16')).toBe('Isra Mikraj Nabi Muhammad SAW');
  });

  it('has the 25 days off of the 2026 SKB (17 libur nasional + 8 cuti bersama)', () => {
    expect([...cal.holidays.keys()].filter((d) => d.startsWith('2026-'))).toHaveLength(25);
  });

  it('puts a report before Nyepi and Idul Fitri 2026 due after the cuti bersama', () => {
    const start = DateTime.fromISO('2026-03-17T15:00', { zone: 'Asia/Jakarta' }).toJSDate();
    const due = addBusinessTime(start, { value: 2, unit: 'hours' }, cal);
    expect(due.toISOString()).toBe('2026-03-25T02:00:00.000Z'); // Rabu 25 Maret 09.00 WIB
  });

  it('loads national holidays for every year asked', () => {
    const two = loadCalendar(DEFAULT_FILE, { years: [2026, 2027] });
    expect(two.holidays.get('2027-08-17')).toBe('Hari Ulang Tahun Kemerdekaan Republik Indonesia');
    expect(two.holidays.has('2028-08-17')).toBe(false);
  });

  it('by default covers the year before to two years after "now", plus the years in the file', () => {
    const cal2030 = loadCalendar(DEFAULT_FILE, { now: new Date('2030-06-01T00:00:00Z') });
    for (const year of [2026, 2029, 2030, 2031, 2032]) {
      expect(cal2030.holidays.has(`${year}-08-17`), String(year)).toBe(true);
    }
    expect(cal2030.holidays.has('2027-08-17')).toBe(false);
    expect(cal2030.holidays.has('2033-08-17')).toBe(false);
  });
});

describe('calendar file options', () => {
  it('maps WITA and WIT to their IANA zones', () => {
    expect(parseCalendar(VALID.replace('WIB', 'WITA'), 'x.yaml', { years: [] }).zone).toBe('Asia/Makassar');
    expect(parseCalendar(VALID.replace('WIB', 'WIT'), 'x.yaml', { years: [] }).zone).toBe('Asia/Jayapura');
    expect(parseCalendar(VALID.replace('WIB', 'Asia/Pontianak'), 'x.yaml', { years: [] }).zone).toBe(
      'Asia/Pontianak',
    );
  });

  it('reads 24/7 mode', () => {
    const cal = parseCalendar('mode: "24/7"\nzone: WIT\n', 'x.yaml', { years: [2026] });
    expect(cal.mode).toBe('24/7');
    expect(cal.zone).toBe('Asia/Jayapura');
  });

  it('defaults to Monday–Friday 08.00–16.00 when workdays and hours are left out', () => {
    const cal = parseCalendar('mode: working-hours\nzone: WIB\n', 'x.yaml', { years: [] });
    expect(cal.workdays).toEqual([1, 2, 3, 4, 5]);
    expect([cal.start, cal.end]).toEqual(['08:00', '16:00']);
  });

  it('leaves out national holidays when national_holidays is false', () => {
    const yaml = `${VALID.replace('national_holidays: true', 'national_holidays: false')}holidays:
  - { date: 2026-06-05, name: Hari Jadi Kabupaten }
`;
    const cal = parseCalendar(yaml, 'x.yaml', { years: [2026] });
    expect([...cal.holidays]).toEqual([['2026-06-05', 'Hari Jadi Kabupaten']]);
  });

  it('removes the dates in not_holidays from the national list', () => {
    const cal = parseCalendar(`${VALID}not_holidays: [2026-05-01]\n`, 'x.yaml', { years: [2026] });
    expect(cal.holidays.has('2026-05-01')).toBe(false);
    expect(cal.holidays.has('2026-06-01')).toBe(true);
  });

  it('accepts quoted dates and local holidays', () => {
    const yaml = `${VALID}holidays:\n  - date: "2026-10-12"\n    name: Hari Jadi Kota\n`;
    expect(parseCalendar(yaml, 'x.yaml', { years: [] }).holidays.get('2026-10-12')).toBe('Hari Jadi Kota');
  });
});

describe('a malformed calendar file names the file and the entry', () => {
  const cases: [string, string, string][] = [
    ['a file that is not valid YAML', 'mode: [working-hours\nzone: WIB\n', 'line 2'],
    ['a file that is a list, not a mapping', '- mode\n- zone\n', '(root)'],
    ['a missing mode', 'zone: WIB\n', 'mode'],
    ['an unknown mode', VALID.replace('working-hours', 'office-hours'), 'mode'],
    ['a missing zone', 'mode: working-hours\n', 'zone'],
    ['an unknown zone', VALID.replace('WIB', 'WIBB'), 'zone'],
    ['an invented IANA zone', VALID.replace('WIB', 'Asia/Bandung'), 'zone'],
    ['an hour 25:00', VALID.replace('"08:00"', '"25:00"'), 'hours.start'],
    ['a minute 16:60', VALID.replace('"16:00"', '"16:60"'), 'hours.end'],
    ['a time written with a dot', VALID.replace('"16:00"', '"16.00"'), 'hours.end'],
    ['opening after closing', VALID.replace('"08:00"', '"17:00"'), 'hours.end'],
    ['opening equal to closing', VALID.replace('"08:00"', '"16:00"'), 'hours.end'],
    ['an unknown key in hours', VALID.replace('end: "16:00"', 'end: "16:00", break: "12:00"'), 'hours.break'],
    ['a workday 8', VALID.replace('[1, 2, 3, 4, 5]', '[1, 2, 8]'), 'workdays[2]'],
    ['a workday 0', VALID.replace('[1, 2, 3, 4, 5]', '[0, 1]'), 'workdays[0]'],
    ['a workday written as a name', VALID.replace('[1, 2, 3, 4, 5]', '[1, Selasa]'), 'workdays[1]'],
    ['a workday listed twice', VALID.replace('[1, 2, 3, 4, 5]', '[1, 2, 2]'), 'workdays[2]'],
    ['no workdays', VALID.replace('[1, 2, 3, 4, 5]', '[]'), 'workdays'],
    [
      'national_holidays that is not a boolean',
      VALID.replace('national_holidays: true', 'national_holidays: ya'),
      'national_holidays',
    ],
    [
      'a holiday on 30 February',
      `${VALID}holidays:\n  - { date: 2026-01-02, name: A }\n  - { date: 2026-02-30, name: B }\n`,
      'holidays[1].date',
    ],
    [
      'a holiday with a month 13',
      `${VALID}holidays:\n  - { date: 2026-13-01, name: A }\n`,
      'holidays[0].date',
    ],
    [
      'a holiday date in another format',
      `${VALID}holidays:\n  - { date: 20/03/2026, name: A }\n`,
      'holidays[0].date',
    ],
    ['a holiday without a name', `${VALID}holidays:\n  - { date: 2026-03-20 }\n`, 'holidays[0].name'],
    ['a holiday that is not a mapping', `${VALID}holidays:\n  - 2026-03-20\n`, 'holidays[0]'],
    [
      'a holiday listed twice',
      `${VALID}holidays:\n  - { date: 2026-03-20, name: A }\n  - { date: 2026-03-20, name: B }\n`,
      'holidays[1].date',
    ],
    ['holidays that are not a list', `${VALID}holidays: { date: 2026-03-20, name: A }\n`, 'holidays'],
    ['a not_holidays date that does not exist', `${VALID}not_holidays: [2026-04-31]\n`, 'not_holidays[0]'],
    [
      'a date both added and removed',
      `${VALID}holidays:\n  - { date: 2026-05-01, name: A }\nnot_holidays: [2026-05-01]\n`,
      'holidays[0]',
    ],
    ['a misspelt key', `${VALID}holiday:\n  - { date: 2026-03-20, name: A }\n`, 'holiday'],
    ['a key given twice', `${VALID}mode: "24/7"\n`, 'line 6'],
  ];

  it.each(cases)('rejects %s', (_what, yaml, entry) => {
    const file = writeCalendar(yaml);
    const error = contentErrorOf(() => loadCalendar(file, { years: [2026] }));
    expect(error.code).toBe('CONTENT_INVALID');
    expect(error.file).toBe(file);
    expect(error.entry).toBe(entry);
    expect(error.message).toContain(`${file}: ${entry}: `);
  });

  it('rejects a file that cannot be read', () => {
    const missing = join(dir, 'does-not-exist.yaml');
    const error = contentErrorOf(() => loadCalendar(missing));
    expect(error.file).toBe(missing);
    expect(error.entry).toBe('(file)');
  });
});
