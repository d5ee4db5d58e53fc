import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { ContentError } from '../../src/errors.ts';
import { loadCalendar, parseCalendar } from '../../src/sla/calendar-file.ts';
import { runsRoundTheClock, targetCalendar } from '../../src/sla/clock.ts';
import { metTarget, unconfirmedResolutionMet } from '../../src/sla/met.ts';
import { incidentTargets, priorityTargets } from '../../src/sla/targets.ts';
import {
  DEFAULT_TIMER_SETTINGS,
  planTimers,
  resumeClock,
  type TicketClock,
  type TimerSettings,
} from '../../src/sla/timers.ts';

const office = loadCalendar(path.join(ROOT_DIR, 'prisma/seed/calendar.yaml'), { years: [2026, 2027] });
const catalogue = loadCatalogue(path.join(ROOT_DIR, 'prisma/seed/catalogue.yaml'));
const service = (code: string) => {
  const s = catalogue.services.find((x) => x.code === code);
  if (!s) throw new Error(code);
  return s;
};

// Friday 27 November 2026, 15.50 WIB: ten minutes before the office closes for the weekend.
const friday1550 = new Date('2026-11-27T08:50:00Z');
const iso = (d: Date | null | undefined) => d?.toISOString();

/** A ticket's clock fields as planTimers reads them from its row. */
function clockOf(over: Partial<TicketClock>): TicketClock {
  return {
    status: 'OPEN',
    priority: null,
    createdAt: friday1550,
    firstResponseAt: null,
    responseDueAt: null,
    resolutionDueAt: null,
    estimateDueAt: null,
    estimateExceeded: false,
    pausedAt: null,
    pausedMinutes: 0,
    confirmationDueAt: null,
    confirmationReminded: false,
    slaFired: [],
    service: { clock24: false },
    ...over,
  };
}
const timesOf = (t: TicketClock, options: Partial<TimerSettings> = {}) =>
  Object.fromEntries(
    planTimers(t, office, { ...DEFAULT_TIMER_SETTINGS, ...options }).map((p) => [p.kind, iso(p.fireAt)]),
  );

describe('the clock a ticket’s targets run on (sla/clock.ts)', () => {
  it('is 24/7 for a 24/7 service or a round-the-clock priority, the office calendar otherwise', () => {
    expect(runsRoundTheClock(office, { service: { clock24: true }, priority: 'P5' })).toBe(true);
    expect(runsRoundTheClock(office, { service: { clock24: false }, priority: 'P1' })).toBe(true);
    expect(runsRoundTheClock(office, { service: { clock24: false }, priority: 'P2' })).toBe(true);
    expect(runsRoundTheClock(office, { service: { clock24: false }, priority: 'P3' })).toBe(false);
    expect(runsRoundTheClock(office, { service: { clock24: false }, priority: null })).toBe(false);
    const cal = targetCalendar(office, { service: { clock24: true }, priority: null });
    expect([cal.mode, cal.zone]).toEqual(['24/7', office.zone]);
    expect(targetCalendar(office, { service: { clock24: false }, priority: 'P4' })).toBe(office);
  });

  it('marks the seed’s Kritis 24/7 services (SRIKANDI 002:446, LPSE, SIPD) as 24/7 and the others as office hours', () => {
    expect(catalogue.services.filter((s) => s.clock24).map((s) => s.code)).toEqual([
      'srikandi',
      'lpse',
      'sipd',
    ]);
  });

  it('gives a P1 on a 24/7 Kritis service reported Friday 15.50 a response by Friday 16.05 and a resolution by Saturday 03.50 (002:342-348)', () => {
    const t = incidentTargets(service('lpse'), 'MAJOR', friday1550, office);
    expect(t.priority).toBe('P1');
    expect(iso(t.responseDueAt)).toBe('2026-11-27T09:05:00.000Z'); // Fri 16.05 WIB, not Monday 08.05
    expect(iso(t.resolutionDueAt)).toBe('2026-11-27T20:50:00.000Z'); // Sat 03.50 WIB
  });

  it('plans that P1’s reminder and breach timers at 24/7 times (002:342-348)', () => {
    const t = incidentTargets(service('lpse'), 'MAJOR', friday1550, office);
    const times = timesOf(
      clockOf({
        priority: 'P1',
        service: service('lpse'),
        responseDueAt: t.responseDueAt,
        resolutionDueAt: t.resolutionDueAt,
      }),
    );
    expect(times).toEqual({
      response_reminder: '2026-11-27T08:57:00.000Z', // half of 15 minutes (whole minutes): 15.57
      response_breach: '2026-11-27T09:05:00.000Z', // 16.05
      resolution_warning: '2026-11-27T17:50:00.000Z', // 75 % of 12 hours: Sat 00.50
      resolution_breach: '2026-11-27T20:50:00.000Z', // Sat 03.50
    });
  });

  it('keeps a P3 on an office-hours service reported Friday 15.50 on Monday (002:342-348)', () => {
    const t = incidentTargets(service('jdih'), 'MAJOR', friday1550, office);
    expect(t.priority).toBe('P3');
    // 10 minutes on Friday, 50 on Monday.
    expect(iso(t.responseDueAt)).toBe('2026-11-30T01:50:00.000Z'); // Mon 08.50 WIB
    // 36 working hours: Friday 10 minutes, Monday–Thursday 32 hours, Friday 3 h 50.
    expect(iso(t.resolutionDueAt)).toBe('2026-12-04T04:50:00.000Z'); // Fri 4 Dec 11.50 WIB
    const times = timesOf(
      clockOf({
        priority: 'P3',
        service: service('jdih'),
        responseDueAt: t.responseDueAt,
        resolutionDueAt: t.resolutionDueAt,
      }),
    );
    expect(times.response_reminder).toBe('2026-11-30T01:20:00.000Z'); // Mon 08.20 WIB
  });

  it('moves a P3 re-prioritised to P1 onto 24/7, counted from the report (002:342-348)', () => {
    const t = priorityTargets(service('jdih'), 'P1', friday1550, office);
    expect(iso(t.responseDueAt)).toBe('2026-11-27T09:05:00.000Z');
    expect(iso(t.resolutionDueAt)).toBe('2026-11-27T20:50:00.000Z');
  });

  it('runs a P1 on office hours when round_the_clock_priorities is empty', () => {
    const cal = parseCalendar('mode: working-hours\nzone: WIB\nround_the_clock_priorities: []\n', 'c.yaml', {
      years: [2026],
    });
    const t = incidentTargets({ ...service('lpse'), clock24: false }, 'MAJOR', friday1550, cal);
    expect(iso(t.responseDueAt)).toBe('2026-11-30T01:05:00.000Z'); // Mon 08.05 WIB
  });

  it('keeps office days for the unanswered-question reminder and the confirmation window of a 24/7 ticket', () => {
    const lpse = service('lpse');
    // Asked Friday 15.50: one working day later is Monday 15.50.
    const waiting = clockOf({
      status: 'WAITING_REPORTER',
      priority: 'P1',
      service: lpse,
      pausedAt: friday1550,
    });
    expect(timesOf(waiting).question_reminder).toBe('2026-11-30T08:50:00.000Z');
    const resolved = clockOf({
      status: 'RESOLVED',
      priority: 'P1',
      service: lpse,
      confirmationDueAt: friday1550,
    });
    expect(timesOf(resolved)).toEqual({
      confirmation_reminder: iso(friday1550),
      auto_close: '2026-11-30T08:50:00.000Z',
    });
    // AUTO_CLOSE=false: the reminder only.
    expect(timesOf(resolved, { autoClose: false })).toEqual({ confirmation_reminder: iso(friday1550) });
  });

  it('moves a 24/7 ticket’s due times by the whole wait on resume, an office-hours one by the working time', () => {
    const mondayOpening = new Date('2026-11-30T01:00:00Z'); // Mon 08.00 WIB
    const paused = {
      responseDueAt: null,
      resolutionDueAt: new Date('2026-11-27T20:50:00Z'),
      estimateDueAt: null,
      pausedAt: friday1550,
      pausedMinutes: 0,
      firstResponseAt: friday1550,
    };
    const p1 = resumeClock({ ...paused, priority: 'P1', service: { clock24: false } }, mondayOpening, office);
    expect(p1.pausedMinutes).toBe(64 * 60 + 10);
    expect(iso(p1.resolutionDueAt)).toBe('2026-11-30T13:00:00.000Z');
    const p4 = resumeClock({ ...paused, priority: 'P4', service: { clock24: false } }, mondayOpening, office);
    expect(p4.pausedMinutes).toBe(10);
  });
});

describe('a target is met strictly before its due time ("<", 002:342-348)', () => {
  const due = new Date('2026-11-27T09:05:00Z');
  it('misses a response or confirmation exactly at the due time', () => {
    expect(metTarget(new Date('2026-11-27T09:04:59.999Z'), due)).toBe(true);
    expect(metTarget(new Date(due.getTime()), due)).toBe(false);
    expect(metTarget(new Date('2026-11-27T09:05:00.001Z'), due)).toBe(false);
    expect(metTarget(due, null)).toBeNull();
  });

  it('leaves an unconfirmed resolution unknown unless the team resolved at or after the due time (002:333, 467, 491)', () => {
    expect(unconfirmedResolutionMet(new Date('2026-11-27T09:00:00Z'), due)).toBeNull();
    expect(unconfirmedResolutionMet(due, due)).toBe(false);
    expect(unconfirmedResolutionMet(new Date('2026-11-27T10:00:00Z'), due)).toBe(false);
    expect(unconfirmedResolutionMet(null, due)).toBeNull();
  });
});

describe('round_the_clock_priorities in the calendar file', () => {
  const parse = (extra: string) =>
    parseCalendar(`mode: working-hours\nzone: WIB\n${extra}`, 'kalender.yaml', { years: [2026] });
  it('defaults to P1 and P2, and the seed file says so', () => {
    expect(parse('').roundTheClock).toEqual(['P1', 'P2']);
    expect(office.roundTheClock).toEqual(['P1', 'P2']);
    expect(parse('round_the_clock_priorities: [p3, P1]\n').roundTheClock).toEqual(['P1', 'P3']);
  });
  it.each([
    ['round_the_clock_priorities: P1\n', 'round_the_clock_priorities'],
    ['round_the_clock_priorities: [P7]\n', 'round_the_clock_priorities[0]'],
    ['round_the_clock_priorities: [P1, P1]\n', 'round_the_clock_priorities[1]'],
  ])('refuses %j, naming %s', (extra, entry) => {
    expect(() => parse(extra)).toThrow(ContentError);
    expect(() => parse(extra)).toThrow(entry);
  });
});
