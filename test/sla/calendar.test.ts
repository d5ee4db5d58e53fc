import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TargetDuration } from '../../src/domain.ts';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessMinutesBetween,
  isBusinessTime,
  isWorkingDay,
  nextBusinessTime,
  parseClockTime,
  resolveZone,
  shiftForPause,
  targetMinutes,
  workingDayMinutes,
  zoneAbbreviation,
} from '../../src/sla/calendar.ts';
import { PRIORITY_TARGETS } from '../../src/sla/priority.ts';

const JAKARTA = 'Asia/Jakarta';
const MAKASSAR = 'Asia/Makassar';
const JAYAPURA = 'Asia/Jayapura';

function workingHours(zone: string = JAKARTA, holidays: [string, string][] = []): BusinessCalendar {
  return {
    mode: 'working-hours',
    zone,
    workdays: [1, 2, 3, 4, 5],
    start: '08:00',
    end: '16:00',
    holidays: new Map(holidays),
  };
}

/** 2026 dates used below: HUT RI (Monday), Kenaikan + cuti bersama (Thursday + Friday), Idul Fitri block. */
const HOLIDAYS_2026: [string, string][] = [
  ['2026-05-14', 'Kenaikan Yesus Kristus'],
  ['2026-05-15', 'Cuti Bersama Kenaikan Yesus Kristus'],
  ['2026-08-17', 'Hari Kemerdekaan RI'],
  ['2026-03-18', 'Cuti Bersama Nyepi'],
  ['2026-03-19', 'Hari Suci Nyepi'],
  ['2026-03-20', 'Cuti Bersama Idul Fitri'],
  ['2026-03-21', 'Idul Fitri'],
  ['2026-03-22', 'Idul Fitri'],
  ['2026-03-23', 'Cuti Bersama Idul Fitri'],
  ['2026-03-24', 'Cuti Bersama Idul Fitri'],
];

const WIB = workingHours(JAKARTA, HOLIDAYS_2026);
const ALWAYS: BusinessCalendar = { ...WIB, mode: '24/7' };

/** A local wall-clock time in `zone`, e.g. at('2026-11-20 15:00'). */
function at(local: string, zone: string = JAKARTA): Date {
  const dt = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toJSDate();
}

/** The local wall-clock time of `date` in `zone` with the weekday, e.g. "Mon 2026-11-23 09:00". */
function show(date: Date, zone: string = JAKARTA): string {
  return DateTime.fromJSDate(date, { zone }).toFormat('ccc yyyy-MM-dd HH:mm:ss', { locale: 'en' });
}

const minutes = (value: number): TargetDuration => ({ value, unit: 'minutes' });
const hours = (value: number): TargetDuration => ({ value, unit: 'hours' });
const days = (value: number): TargetDuration => ({ value, unit: 'days' });

describe('addBusinessTime on working hours (Mon–Fri 08.00–16.00 WIB)', () => {
  it('counts a response target of 2 jam within the same day', () => {
    expect(show(addBusinessTime(at('2026-11-23 10:15'), hours(2), WIB))).toBe('Mon 2026-11-23 12:15:00');
  });

  it('counts a P5 response target of 2 jam across the weekend (Friday 15.00 → Monday 09.00)', () => {
    const due = addBusinessTime(at('2026-11-20 15:00'), PRIORITY_TARGETS.P5.response, WIB);
    expect(show(due)).toBe('Mon 2026-11-23 09:00:00');
  });

  it('counts a P4 response target of 1,5 jam across the weekend', () => {
    const due = addBusinessTime(at('2026-11-20 15:00'), PRIORITY_TARGETS.P4.response, WIB);
    expect(show(due)).toBe('Mon 2026-11-23 08:30:00');
  });

  it('skips a national holiday (HUT RI on Monday 17 August 2026)', () => {
    const due = addBusinessTime(at('2026-08-14 15:00'), hours(2), WIB);
    expect(show(due)).toBe('Tue 2026-08-18 09:00:00');
  });

  it('skips a national holiday followed by a cuti bersama day (14–15 May 2026)', () => {
    const due = addBusinessTime(at('2026-05-13 15:00'), hours(2), WIB);
    expect(show(due)).toBe('Mon 2026-05-18 09:00:00');
  });

  it('skips the whole Nyepi and Idul Fitri 2026 block of holidays and cuti bersama', () => {
    const due = addBusinessTime(at('2026-03-17 15:00'), hours(2), WIB);
    expect(show(due)).toBe('Wed 2026-03-25 09:00:00');
  });

  it('does not skip a holiday date that is absent from the calendar', () => {
    const due = addBusinessTime(at('2026-08-14 15:00'), hours(2), workingHours());
    expect(show(due)).toBe('Mon 2026-08-17 09:00:00');
  });

  it('starts counting at 08.00 when the report comes before opening', () => {
    expect(show(addBusinessTime(at('2026-11-24 06:30'), minutes(30), WIB))).toBe('Tue 2026-11-24 08:30:00');
  });

  it('starts counting at the next opening when the report comes after closing', () => {
    expect(show(addBusinessTime(at('2026-11-24 17:45'), hours(1), WIB))).toBe('Wed 2026-11-25 09:00:00');
  });

  it('starts counting on Monday when the report comes on Saturday', () => {
    expect(show(addBusinessTime(at('2026-11-21 11:00'), minutes(15), WIB))).toBe('Mon 2026-11-23 08:15:00');
  });

  it('starts counting on the next working day when the report comes on a holiday', () => {
    expect(show(addBusinessTime(at('2026-08-17 10:00'), minutes(30), WIB))).toBe('Tue 2026-08-18 08:30:00');
  });

  it('keeps a due time that lands exactly at closing at 16.00 of that day', () => {
    expect(show(addBusinessTime(at('2026-11-23 15:00'), hours(1), WIB))).toBe('Mon 2026-11-23 16:00:00');
    expect(show(addBusinessTime(at('2026-11-23 08:00'), days(1), WIB))).toBe('Mon 2026-11-23 16:00:00');
  });

  it('rolls the remainder past closing into the next working day', () => {
    expect(show(addBusinessTime(at('2026-11-23 15:00'), minutes(61), WIB))).toBe('Tue 2026-11-24 08:01:00');
  });

  it('treats a report exactly at closing as outside working hours', () => {
    expect(show(addBusinessTime(at('2026-11-23 16:00'), minutes(15), WIB))).toBe('Tue 2026-11-24 08:15:00');
  });

  it('keeps seconds exact', () => {
    const start = new Date(at('2026-11-23 10:00').getTime() + 42_500);
    expect(show(addBusinessTime(start, minutes(15), WIB))).toBe('Mon 2026-11-23 10:15:42');
  });

  it('returns the start itself for a zero target', () => {
    const start = at('2026-11-21 11:00');
    expect(addBusinessTime(start, minutes(0), WIB).getTime()).toBe(start.getTime());
  });

  it('counts a P6 resolution target of 72 jam as nine working days of 8 hours', () => {
    const due = addBusinessTime(at('2026-11-02 10:00'), PRIORITY_TARGETS.P6.resolution, WIB);
    expect(show(due)).toBe('Fri 2026-11-13 10:00:00');
  });

  it('counts a P1 resolution target of 12 jam into the next working day', () => {
    const due = addBusinessTime(at('2026-11-23 14:00'), PRIORITY_TARGETS.P1.resolution, WIB);
    expect(show(due)).toBe('Wed 2026-11-25 10:00:00');
  });

  it('counts "3 hari" from Monday 10.00 as Thursday 10.00', () => {
    expect(show(addBusinessTime(at('2026-11-23 10:00'), days(3), WIB))).toBe('Thu 2026-11-26 10:00:00');
  });

  it('counts "3 hari" over a weekend and a holiday as hari kerja', () => {
    // Thu 13 Aug → Fri 14, (weekend), (Mon 17 HUT RI), Tue 18, Wed 19.
    expect(show(addBusinessTime(at('2026-08-13 09:30'), days(3), WIB))).toBe('Wed 2026-08-19 09:30:00');
  });

  it('counts "14 hari" (Hosting Aplikasi) as fourteen working days', () => {
    expect(show(addBusinessTime(at('2026-11-02 10:00'), days(14), WIB))).toBe('Fri 2026-11-20 10:00:00');
  });

  it('counts a "1 hari" target as the length of one working day on shorter hours', () => {
    const short: BusinessCalendar = { ...WIB, start: '07:30', end: '12:00' };
    expect(workingDayMinutes(short)).toBe(270);
    expect(show(addBusinessTime(at('2026-11-23 11:00'), days(1), short))).toBe('Tue 2026-11-24 11:00:00');
  });

  it('counts a target of a whole working year', () => {
    const due = addBusinessTime(at('2026-01-05 08:00'), days(250), workingHours());
    // 250 working days of 5 a week = 50 weeks: Monday 5 January + 50 weeks − 1 day's closing → Friday.
    expect(show(due)).toBe('Fri 2026-12-18 16:00:00');
  });

  it('counts Saturday when it is a working day', () => {
    const sixDays: BusinessCalendar = { ...WIB, workdays: [1, 2, 3, 4, 5, 6] };
    expect(show(addBusinessTime(at('2026-11-20 15:00'), hours(2), sixDays))).toBe('Sat 2026-11-21 09:00:00');
  });

  it('rejects a negative target', () => {
    expect(() => addBusinessTime(at('2026-11-23 10:00'), hours(-1), WIB)).toThrow(RangeError);
  });

  it('fails instead of looping forever when no day is a working day', () => {
    const none: BusinessCalendar = { ...WIB, workdays: [] };
    expect(() => addBusinessTime(at('2026-11-23 10:00'), hours(1), none)).toThrow(RangeError);
  });
});

describe('isBusinessTime and friends', () => {
  it('treats opening as inside and closing as outside working hours', () => {
    expect(isBusinessTime(at('2026-11-23 07:59'), WIB)).toBe(false);
    expect(isBusinessTime(at('2026-11-23 08:00'), WIB)).toBe(true);
    expect(isBusinessTime(at('2026-11-23 15:59'), WIB)).toBe(true);
    expect(isBusinessTime(at('2026-11-23 16:00'), WIB)).toBe(false);
  });

  it('treats weekends and holidays as outside working hours', () => {
    expect(isBusinessTime(at('2026-11-21 10:00'), WIB)).toBe(false);
    expect(isBusinessTime(at('2026-08-17 10:00'), WIB)).toBe(false);
    expect(isWorkingDay(at('2026-08-17 10:00'), WIB)).toBe(false);
    expect(isWorkingDay(at('2026-08-18 20:00'), WIB)).toBe(true);
  });

  it('gives the next opening after hours for an out-of-hours acknowledgement', () => {
    expect(show(nextBusinessTime(at('2026-08-14 16:30'), WIB))).toBe('Tue 2026-08-18 08:00:00');
    expect(show(nextBusinessTime(at('2026-08-18 11:11'), WIB))).toBe('Tue 2026-08-18 11:11:00');
  });

  it('converts targets to business minutes with one working day per "hari"', () => {
    expect(targetMinutes(PRIORITY_TARGETS.P4.response, WIB)).toBe(90);
    expect(targetMinutes(hours(36), WIB)).toBe(2160);
    expect(targetMinutes(days(3), WIB)).toBe(1440);
    expect(targetMinutes(days(3), ALWAYS)).toBe(4320);
  });

  it('parses clock times and rejects impossible ones', () => {
    expect(parseClockTime('08:00')).toBe(480);
    expect(parseClockTime('7:30')).toBe(450);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(parseClockTime('25:00')).toBeUndefined();
    expect(parseClockTime('16:60')).toBeUndefined();
    expect(parseClockTime('16.00')).toBeUndefined();
  });

  it('resolves WIB, WITA and WIT to IANA zones and back', () => {
    expect(resolveZone('WIB')).toBe(JAKARTA);
    expect(resolveZone('wita')).toBe(MAKASSAR);
    expect(resolveZone('WIT')).toBe(JAYAPURA);
    expect(resolveZone('Asia/Pontianak')).toBe('Asia/Pontianak');
    expect(resolveZone('Asia/Bandung')).toBeUndefined();
    const now = at('2026-11-23 10:00');
    expect(zoneAbbreviation(JAKARTA, now)).toBe('WIB');
    expect(zoneAbbreviation('Asia/Pontianak', now)).toBe('WIB');
    expect(zoneAbbreviation(MAKASSAR, now)).toBe('WITA');
    expect(zoneAbbreviation(JAYAPURA, now)).toBe('WIT');
    expect(zoneAbbreviation('Asia/Kolkata', now)).toBe('UTC+5:30');
  });
});

describe('businessMinutesBetween', () => {
  it('counts only working hours across the weekend', () => {
    expect(businessMinutesBetween(at('2026-11-20 15:00'), at('2026-11-23 09:00'), WIB)).toBe(120);
  });

  it('counts nothing on a holiday', () => {
    expect(businessMinutesBetween(at('2026-08-17 08:00'), at('2026-08-17 16:00'), WIB)).toBe(0);
    expect(businessMinutesBetween(at('2026-08-14 08:00'), at('2026-08-18 16:00'), WIB)).toBe(960);
  });

  it('is 0 when the end is not after the start', () => {
    expect(businessMinutesBetween(at('2026-11-23 12:00'), at('2026-11-23 10:00'), WIB)).toBe(0);
    expect(businessMinutesBetween(at('2026-11-23 12:00'), at('2026-11-23 12:00'), WIB)).toBe(0);
  });

  it('is the inverse of addBusinessTime', () => {
    const start = at('2026-03-17 13:20');
    const due = addBusinessTime(start, PRIORITY_TARGETS.P5.resolution, WIB);
    expect(businessMinutesBetween(start, due, WIB)).toBe(60 * 60);
  });

  it('counts plain clock minutes on 24/7', () => {
    expect(businessMinutesBetween(at('2026-11-20 15:00'), at('2026-11-23 09:00'), ALWAYS)).toBe(66 * 60);
  });
});

describe('shiftForPause (the clock stops while waiting on the reporter)', () => {
  it('moves the due time by exactly the business time paused within one day', () => {
    const due = at('2026-11-23 12:00');
    const shifted = shiftForPause(due, at('2026-11-23 10:00'), at('2026-11-23 11:30'), WIB);
    expect(show(shifted)).toBe('Mon 2026-11-23 13:30:00');
  });

  it('counts only the business part of a pause that spans a night', () => {
    // Paused Monday 15.00, resumed Tuesday 09.00: 60 + 60 business minutes paused.
    const due = at('2026-11-24 10:00');
    const shifted = shiftForPause(due, at('2026-11-23 15:00'), at('2026-11-24 09:00'), WIB);
    expect(show(shifted)).toBe('Tue 2026-11-24 12:00:00');
  });

  it('counts only the business part of a pause that spans a weekend', () => {
    // Paused Friday 15.30, resumed Monday 09.00: 30 + 60 business minutes paused.
    const due = at('2026-11-23 11:00');
    const shifted = shiftForPause(due, at('2026-11-20 15:30'), at('2026-11-23 09:00'), WIB);
    expect(show(shifted)).toBe('Mon 2026-11-23 12:30:00');
  });

  it('skips holidays when the remaining time is counted again after the pause', () => {
    // 30 minutes left on Friday 14 August; resumed Friday 15.45 → 15 minutes, then Tuesday after HUT RI.
    const due = at('2026-08-14 15:30');
    const shifted = shiftForPause(due, at('2026-08-14 15:00'), at('2026-08-14 15:45'), WIB);
    expect(show(shifted)).toBe('Tue 2026-08-18 08:15:00');
  });

  it('leaves the due time alone when the pause is entirely outside working hours', () => {
    const due = at('2026-11-23 11:00');
    const shifted = shiftForPause(due, at('2026-11-21 09:00'), at('2026-11-22 20:00'), WIB);
    expect(show(shifted)).toBe('Mon 2026-11-23 11:00:00');
  });

  it('keeps a due time that had already passed when the pause began', () => {
    const due = at('2026-11-23 09:00');
    const shifted = shiftForPause(due, at('2026-11-23 10:00'), at('2026-11-24 10:00'), WIB);
    expect(show(shifted)).toBe('Mon 2026-11-23 09:00:00');
  });

  it('keeps the due time when the resume is not after the pause', () => {
    const due = at('2026-11-23 12:00');
    expect(show(shiftForPause(due, at('2026-11-23 10:00'), at('2026-11-23 10:00'), WIB))).toBe(
      'Mon 2026-11-23 12:00:00',
    );
  });

  it('shifts by the wall-clock length of the pause on 24/7', () => {
    const due = at('2026-11-21 12:00');
    const shifted = shiftForPause(due, at('2026-11-20 22:00'), at('2026-11-21 07:30'), ALWAYS);
    expect(show(shifted)).toBe('Sat 2026-11-21 21:30:00');
  });
});

describe('time zones WIB, WITA and WIT', () => {
  // Friday 20 November 2026, 00.30 UTC = 07.30 WIB = 08.30 WITA = 09.30 WIT.
  const morning = new Date('2026-11-20T00:30:00Z');
  // Friday 20 November 2026, 07.30 UTC = 14.30 WIB = 15.30 WITA = 16.30 WIT.
  const afternoon = new Date('2026-11-20T07:30:00Z');
  const zones = [
    { zone: JAKARTA, name: 'WIB' },
    { zone: MAKASSAR, name: 'WITA' },
    { zone: JAYAPURA, name: 'WIT' },
  ];

  it('opens the same instant in WITA and WIT but not yet in WIB', () => {
    expect(zones.map(({ zone }) => isBusinessTime(morning, workingHours(zone)))).toEqual([false, true, true]);
  });

  it('gives different due times for the same report in the morning', () => {
    const due = zones.map(({ zone }) => show(addBusinessTime(morning, hours(1), workingHours(zone)), zone));
    expect(due).toEqual(['Fri 2026-11-20 09:00:00', 'Fri 2026-11-20 09:30:00', 'Fri 2026-11-20 10:30:00']);
    const utc = zones.map(({ zone }) => addBusinessTime(morning, hours(1), workingHours(zone)).toISOString());
    expect(utc).toEqual(['2026-11-20T02:00:00.000Z', '2026-11-20T01:30:00.000Z', '2026-11-20T01:30:00.000Z']);
  });

  it('rolls into Monday only where the office has already closed', () => {
    const due = zones.map(({ zone }) => show(addBusinessTime(afternoon, hours(1), workingHours(zone)), zone));
    expect(due).toEqual(['Fri 2026-11-20 15:30:00', 'Mon 2026-11-23 08:30:00', 'Mon 2026-11-23 09:00:00']);
  });

  it('applies a holiday on the local date of each zone', () => {
    // 23.30 UTC on 16 August is already 17 August (HUT RI) 06.30 WIB / 07.30 WITA / 08.30 WIT.
    const instant = new Date('2026-08-16T23:30:00Z');
    const hut: [string, string][] = [['2026-08-17', 'Hari Kemerdekaan RI']];
    const due = zones.map(({ zone }) =>
      show(addBusinessTime(instant, hours(1), workingHours(zone, hut)), zone),
    );
    expect(due).toEqual(['Tue 2026-08-18 09:00:00', 'Tue 2026-08-18 09:00:00', 'Tue 2026-08-18 09:00:00']);
  });

  it('counts the business minutes of one UTC span differently per zone', () => {
    const minutesIn = zones.map(({ zone }) => businessMinutesBetween(morning, afternoon, workingHours(zone)));
    // WIB 07.30–14.30 → 390; WITA 08.30–15.30 → 420; WIT 09.30–16.30 → 390 (closes at 16.00).
    expect(minutesIn).toEqual([390, 420, 390]);
  });
});

describe('24/7 mode', () => {
  it('counts plain clock time through the night and the weekend', () => {
    expect(show(addBusinessTime(at('2026-11-20 15:00'), hours(2), ALWAYS))).toBe('Fri 2026-11-20 17:00:00');
    expect(show(addBusinessTime(at('2026-11-20 23:50'), minutes(15), ALWAYS))).toBe(
      'Sat 2026-11-21 00:05:00',
    );
  });

  it('counts a day as 24 hours and ignores holidays', () => {
    expect(show(addBusinessTime(at('2026-08-14 15:00'), days(3), ALWAYS))).toBe('Mon 2026-08-17 15:00:00');
    expect(show(addBusinessTime(at('2026-11-23 10:00'), PRIORITY_TARGETS.P6.resolution, ALWAYS))).toBe(
      'Thu 2026-11-26 10:00:00',
    );
  });

  it('is always business time', () => {
    expect(isBusinessTime(at('2026-08-17 03:00'), ALWAYS)).toBe(true);
    expect(isWorkingDay(at('2026-11-22 03:00'), ALWAYS)).toBe(true);
  });
});
