/**
 * Which SLA timers a ticket needs, computed from the ticket alone (pure). The timer queue holds one
 * delayed job per planned timer with a deterministic id; when one fires, the worker plans again from
 * the database and acts only if the same timer is still planned — so a priority change, a pause or a
 * resume simply plans new timers, and the old ones find themselves stale.
 */
import type { TicketKind, TicketStatus } from '../domain.ts';
import { addBusinessTime, type BusinessCalendar, businessMinutesBetween, shiftForPause } from './calendar.ts';
import { targetCalendar } from './clock.ts';

export type SlaTimerKind =
  | 'response_reminder' // 50 % of the response target: remind the group
  | 'response_breach' // response target missed: escalate to the Koordinator Layanan
  | 'resolution_warning' // 75 % of the resolution target
  | 'resolution_breach'
  | 'estimate_reminder' // claimed, but no estimate yet: remind the group once (002:489)
  | 'estimate_exceeded' // the Pengelola Teknis estimate passed: tell the Penyedia Layanan (002:490)
  | 'question_reminder' // a working day after /tanya without an answer: ask the reporter again, tell the group
  | 'confirmation_reminder' // the reporter has not confirmed within the window: remind once
  | 'auto_close'; // … and one working day later the ticket closes without confirmation

export interface PlannedTimer {
  kind: SlaTimerKind;
  fireAt: Date;
  /**
   * What the timer is about, independent of pauses: an SLA target timer of the current priority, an
   * estimate or confirmation deadline. Once acted on, a timer with the same key is never planned again.
   */
  key: string;
}

export interface TicketClock {
  /** Unset: an incident. Only incidents are asked for an estimate (002:489). */
  kind?: TicketKind;
  status: TicketStatus;
  priority: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  estimateDueAt: Date | null;
  estimateExceeded: boolean;
  estimateRemindedAt?: Date | null;
  pausedAt: Date | null;
  pausedMinutes: number;
  confirmationDueAt: Date | null;
  confirmationReminded: boolean;
  /** Timers already acted on ({@link firedKey}); a plan never contains them again. */
  slaFired: string[];
  /** The service's clock: with the priority it decides the clock of the targets (sla/clock.ts). */
  service: { clock24: boolean };
}

/** What a plan needs besides the ticket: the deployment's settings. */
export interface TimerSettings {
  /** After the claim without an estimate, the group is reminded once; 0: never. */
  estimateReminderMinutes: number;
  /** AUTO_CLOSE: false plans no auto-close after the confirmation window. Unset: true. */
  autoClose?: boolean;
}

export const DEFAULT_TIMER_SETTINGS: TimerSettings = { estimateReminderMinutes: 30 };

const WORKING: TicketStatus[] = ['OPEN', 'ASSIGNED', 'IN_PROGRESS'];

/** The point `share` of the way from the report to `due`, on the targets' clock, not counting pauses. */
function pointOf(t: TicketClock, due: Date, share: number, cal: BusinessCalendar): Date {
  const target = Math.max(0, businessMinutesBetween(t.createdAt, due, cal) - t.pausedMinutes);
  return addBusinessTime(
    t.createdAt,
    { value: Math.floor(target * share) + t.pausedMinutes, unit: 'minutes' },
    cal,
  );
}

/**
 * The timers `t` needs now. `office` is the office calendar: target timers (reminders, warnings,
 * breaches) run on the ticket's own clock, the question reminder and the confirmation window on office
 * days (they wait for a person, not for a target). `autoClose: false` (AUTO_CLOSE) plans no auto-close.
 */
export function planTimers(
  t: TicketClock,
  office: BusinessCalendar,
  settings: TimerSettings = DEFAULT_TIMER_SETTINGS,
): PlannedTimer[] {
  const cal = targetCalendar(office, t);
  const plan: PlannedTimer[] = [];
  // A pause moves the fire time but not the target; a priority change sets a new target.
  const target = t.priority ?? '-';
  const add = (kind: SlaTimerKind, fireAt: Date, about: string | number = target) =>
    plan.push({ kind, fireAt, key: `${kind}@${about}` });
  // While waiting on the reporter the clock is stopped: timers are planned again on resume.
  const running = WORKING.includes(t.status) && t.pausedAt === null;
  if (running && t.status === 'OPEN' && t.firstResponseAt === null && t.responseDueAt) {
    add('response_reminder', pointOf(t, t.responseDueAt, 0.5, cal));
    add('response_breach', t.responseDueAt);
  }
  if (running && t.resolutionDueAt) {
    add('resolution_warning', pointOf(t, t.resolutionDueAt, 0.75, cal));
    add('resolution_breach', t.resolutionDueAt);
  }
  // Once claimed (002:489: the Pengelola Teknis gives an estimate), until one is given.
  if (
    running &&
    t.status !== 'OPEN' &&
    t.firstResponseAt &&
    (t.kind ?? 'INCIDENT') === 'INCIDENT' &&
    !t.estimateDueAt &&
    !t.estimateRemindedAt &&
    settings.estimateReminderMinutes > 0
  )
    add(
      'estimate_reminder',
      addBusinessTime(t.firstResponseAt, { value: settings.estimateReminderMinutes, unit: 'minutes' }, cal),
      t.firstResponseAt.getTime(),
    );
  if (running && t.estimateDueAt && !t.estimateExceeded)
    add('estimate_exceeded', t.estimateDueAt, t.estimateDueAt.getTime());
  if (t.status === 'WAITING_REPORTER' && t.pausedAt)
    add(
      'question_reminder',
      addBusinessTime(t.pausedAt, { value: 1, unit: 'days' }, office),
      t.pausedAt.getTime(),
    );
  if (t.status === 'RESOLVED' && t.confirmationDueAt) {
    const deadline = t.confirmationDueAt.getTime();
    if (!t.confirmationReminded) add('confirmation_reminder', t.confirmationDueAt, deadline);
    if (settings.autoClose !== false)
      add('auto_close', addBusinessTime(t.confirmationDueAt, { value: 1, unit: 'days' }, office), deadline);
  }
  const fired = new Set(t.slaFired);
  return plan.filter((timer) => !fired.has(timer.key));
}

/** The job id of a planned timer: the same plan gives the same ids, so re-planning adds nothing twice. */
export function timerJobId(ticketId: number, timer: PlannedTimer): string {
  return `sla-${ticketId}-${timer.kind}-${timer.fireAt.getTime()}`;
}

/**
 * Due-time changes when the clock resumes after waiting on the reporter from `pausedAt` until `now`, on
 * the ticket's own clock (`office` is the office calendar): a 24/7 ticket moves by the whole wait.
 */
export function resumeClock(
  t: Pick<
    TicketClock,
    | 'responseDueAt'
    | 'resolutionDueAt'
    | 'estimateDueAt'
    | 'pausedAt'
    | 'pausedMinutes'
    | 'firstResponseAt'
    | 'priority'
    | 'service'
  >,
  now: Date,
  office: BusinessCalendar,
) {
  if (!t.pausedAt) return {};
  const cal = targetCalendar(office, t);
  const pausedAt = t.pausedAt;
  const move = (d: Date | null) => (d ? shiftForPause(d, pausedAt, now, cal) : d);
  return {
    responseDueAt: t.firstResponseAt ? t.responseDueAt : move(t.responseDueAt),
    resolutionDueAt: move(t.resolutionDueAt),
    estimateDueAt: move(t.estimateDueAt),
    pausedAt: null,
    pausedMinutes: t.pausedMinutes + Math.round(businessMinutesBetween(pausedAt, now, cal)),
  };
}

/** Whether the ticket's estimate was ever exceeded: from then on its progress goes to the Penyedia too. */
export function estimateWasExceeded(t: Pick<TicketClock, 'slaFired'>): boolean {
  return t.slaFired.some((key) => key.startsWith('estimate_exceeded@'));
}
