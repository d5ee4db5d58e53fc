import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { loadCalendar } from '../../src/sla/calendar-file.ts';
import { estimateWasExceeded, planTimers, type TicketClock } from '../../src/sla/timers.ts';

const calendar = loadCalendar(path.join(ROOT_DIR, 'prisma/seed/calendar.yaml'), { years: [2026] });
// Monday 23 November 2026, 09.00 WIB: reported; claimed at 09.10.
const reported = new Date('2026-11-23T02:00:00Z');
const claimed = new Date('2026-11-23T02:10:00Z');

const clock = (t: Partial<TicketClock> = {}): TicketClock => ({
  service: { clock24: false },
  kind: 'INCIDENT',
  status: 'ASSIGNED',
  priority: 'P3',
  createdAt: reported,
  firstResponseAt: claimed,
  responseDueAt: new Date('2026-11-23T03:00:00Z'),
  resolutionDueAt: null,
  estimateDueAt: null,
  estimateExceeded: false,
  estimateRemindedAt: null,
  pausedAt: null,
  pausedMinutes: 0,
  confirmationDueAt: null,
  confirmationReminded: false,
  slaFired: [],
  ...t,
});
const reminders = (t: TicketClock, minutes = 30) =>
  planTimers(t, calendar, { estimateReminderMinutes: minutes }).filter((p) => p.kind === 'estimate_reminder');

describe('the estimate reminder (002:489: the Pengelola Teknis gives an estimate)', () => {
  it('is planned ESTIMATE_REMINDER_MINUTES of working time after the claim, with a key of its own', () => {
    expect(reminders(clock())).toEqual([
      {
        kind: 'estimate_reminder',
        fireAt: new Date('2026-11-23T02:40:00Z'),
        key: `estimate_reminder@${claimed.getTime()}`,
      },
    ]);
    expect(reminders(clock(), 45)[0]?.fireAt).toEqual(new Date('2026-11-23T02:55:00Z'));
    // Claimed at 15.50 on Friday: the reminder comes on Monday's working time, not at night.
    const friday = new Date('2026-11-27T08:50:00Z');
    expect(reminders(clock({ firstResponseAt: friday }))[0]?.fireAt).toEqual(
      new Date('2026-11-30T01:20:00Z'),
    );
  });

  it('is not planned once an estimate was given, once reminded, before a claim, for requests, or when off', () => {
    expect(reminders(clock({ estimateDueAt: new Date('2026-11-23T05:00:00Z') }))).toEqual([]);
    expect(reminders(clock({ estimateRemindedAt: new Date('2026-11-23T02:40:00Z') }))).toEqual([]);
    expect(reminders(clock({ slaFired: [`estimate_reminder@${claimed.getTime()}`] }))).toEqual([]);
    expect(reminders(clock({ status: 'OPEN', firstResponseAt: null }))).toEqual([]);
    expect(reminders(clock({ kind: 'REQUEST' }))).toEqual([]);
    expect(reminders(clock({ status: 'RESOLVED' }))).toEqual([]);
    expect(reminders(clock(), 0)).toEqual([]);
  });

  it('knows a ticket whose estimate was ever exceeded, after a new estimate too (002:490)', () => {
    expect(estimateWasExceeded(clock())).toBe(false);
    expect(estimateWasExceeded(clock({ slaFired: ['estimate_exceeded@1795000000000'] }))).toBe(true);
  });
});
