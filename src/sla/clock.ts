/**
 * The clock a ticket's targets run on (pure). The office calendar (calendar.yaml) is the default; a
 * ticket's targets run round the clock, in the same zone, when
 * - the office calendar itself is 24/7, or
 * - its service runs on a 24/7 clock (`clock: 24/7` in the catalogue; by default a Kritis service available
 *   24/7, 002:299, 446), or
 * - its priority is one of the office calendar's round-the-clock priorities (`round_the_clock_priorities`,
 *   default P1 and P2: a major outage is not left until Monday, 002:342-348).
 *
 * Only targets use it: response, resolution and fulfilment due times, estimates, pauses and the SLA
 * timers. The reporter's confirmation window and the reminder of an unanswered question are about people
 * and keep office days (the office calendar).
 */
import type { Priority } from '../domain.ts';
import type { BusinessCalendar } from './calendar.ts';

/** Priorities whose targets run 24/7 when the calendar file does not say. */
export const DEFAULT_ROUND_THE_CLOCK: readonly Priority[] = ['P1', 'P2'];

/** What decides a ticket's clock: its service's clock and its priority (none for a request). */
export interface ClockOf {
  service: { clock24: boolean };
  priority: string | null;
}

/** Whether targets of a ticket on `service` with `priority` run 24/7 on this office calendar. */
export function runsRoundTheClock(office: BusinessCalendar, { service, priority }: ClockOf): boolean {
  if (office.mode === '24/7' || service.clock24) return true;
  const listed: readonly string[] = office.roundTheClock ?? DEFAULT_ROUND_THE_CLOCK;
  return priority !== null && listed.includes(priority);
}

/** The calendar the targets of such a ticket are computed and shown on. */
export function targetCalendar(office: BusinessCalendar, of: ClockOf): BusinessCalendar {
  if (office.mode === '24/7' || !runsRoundTheClock(office, of)) return office;
  return { ...office, mode: '24/7' };
}
