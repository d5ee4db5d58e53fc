import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../src/sla/calendar.ts';
import { targetStanding } from '../../src/sla/standing.ts';

const cal: BusinessCalendar = {
  mode: '24/7',
  zone: 'Asia/Jakarta',
  workdays: [1, 2, 3, 4, 5, 6, 7],
  start: '00:00',
  end: '24:00',
  holidays: new Map(),
};
const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 2, 0) + min * 60_000);
const base = {
  status: 'OPEN' as const,
  createdAt: at(0),
  firstResponseAt: null,
  responseDueAt: at(60),
  resolutionDueAt: at(36 * 60),
  pausedAt: null,
};

describe('how an open ticket stands against its targets (002:342-348)', () => {
  it('is fine early, at risk in the last quarter, missed at the due time itself ("<")', () => {
    expect(targetStanding(base, at(10), cal)).toBeNull();
    expect(targetStanding(base, at(46), cal)).toMatchObject({ state: 'at_risk', target: 'response' });
    expect(targetStanding(base, at(60), cal)).toMatchObject({ state: 'breached', target: 'response' });
  });

  it('stops counting the response once answered, and nothing while waiting on the reporter', () => {
    const answered = { ...base, status: 'ASSIGNED' as const, firstResponseAt: at(5) };
    expect(targetStanding(answered, at(120), cal)).toBeNull();
    const paused = { ...answered, status: 'WAITING_REPORTER' as const, pausedAt: at(100) };
    expect(targetStanding(paused, at(36 * 60 + 5), cal)).toBeNull();
  });

  it('says nothing of finished tickets', () => {
    expect(targetStanding({ ...base, status: 'RESOLVED' }, at(100), cal)).toBeNull();
  });
});
