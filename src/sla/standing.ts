/**
 * How an open ticket stands against its targets right now: a target already missed, or one at risk
 * (less than a quarter of its time left). Pure; `now` and the calendar are passed in.
 */
import type { TicketStatus } from '../domain.ts';
import { type BusinessCalendar, businessMinutesBetween } from './calendar.ts';

export interface StandingFacts {
  status: TicketStatus;
  createdAt: Date;
  firstResponseAt: Date | null;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  /** While waiting on the reporter the clock is stopped: nothing more can be missed. */
  pausedAt: Date | null;
}

export interface Standing {
  state: 'breached' | 'at_risk';
  target: 'response' | 'resolution';
  dueAt: Date;
}

/** A target is at risk when at most this share of its time is left. */
export const AT_RISK_SHARE = 0.25;

const UNRESOLVED: TicketStatus[] = ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'];

/** The most urgent standing of the ticket's targets, or null when both are comfortably ahead (or met). */
export function targetStanding(t: StandingFacts, now: Date, cal: BusinessCalendar): Standing | null {
  if (!UNRESOLVED.includes(t.status)) return null;
  const at = t.pausedAt ?? now;
  const targets: Standing[] = [];
  const consider = (target: Standing['target'], due: Date | null) => {
    if (!due) return;
    // Due times are exclusive ("< 15 menit"): reaching the due time is missing it.
    if (at.getTime() >= due.getTime()) {
      targets.push({ state: 'breached', target, dueAt: due });
      return;
    }
    if (t.pausedAt) return;
    const whole = businessMinutesBetween(t.createdAt, due, cal);
    const left = businessMinutesBetween(now, due, cal);
    if (whole > 0 && left <= whole * AT_RISK_SHARE) targets.push({ state: 'at_risk', target, dueAt: due });
  };
  if (!t.firstResponseAt) consider('response', t.responseDueAt);
  consider('resolution', t.resolutionDueAt);
  targets.sort(
    (a, b) => Number(b.state === 'breached') - Number(a.state === 'breached') || +a.dueAt - +b.dueAt,
  );
  return targets[0] ?? null;
}
