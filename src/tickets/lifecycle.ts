/**
 * The ticket lifecycle as pure rules: which transitions exist and who may make them.
 *
 *   OPEN → ASSIGNED → IN_PROGRESS ⇄ WAITING_REPORTER → RESOLVED → CLOSED
 *   RESOLVED → IN_PROGRESS (the reporter says it is not solved: reopen)
 *   OPEN | ASSIGNED | IN_PROGRESS | WAITING_REPORTER → CANCELLED
 *   OPEN | ASSIGNED | IN_PROGRESS | WAITING_REPORTER → CONVERTED (a request that is really an incident, or
 *     the reverse, continues as a new ticket of the other kind: 002:465)
 *   OPEN | ASSIGNED | IN_PROGRESS | WAITING_REPORTER → OPEN (forward: the helpdesk passes it to the team)
 *
 * A request may start at the helpdesk level (Pengelola Layanan, 002:463): there the helpdesk officers
 * work it like a team, until one of them forwards it to the service's Pengelola Teknis.
 *   OPEN | ASSIGNED | IN_PROGRESS | WAITING_REPORTER → CLOSED (the Penyedia Layanan rejects a change, 002:275)
 *
 * A ticket closes only when the reporter confirms, or by the system once the confirmation window has
 * passed. The SLA clock pauses while the ticket waits on the reporter.
 */
import type { ApprovalStatus, StaffRole, TicketStatus } from '../domain.ts';

export type TicketAction =
  | 'claim' // Pengelola Teknis takes the ticket: the first human response
  | 'start' // work begins
  | 'ask_reporter' // a question to the reporter; the clock pauses
  | 'reporter_answered' // the clock runs again
  | 'resolve' // Pengelola Teknis reports the solution; the reporter is asked to confirm
  | 'confirm' // the reporter confirms the solution
  | 'reopen' // the reporter says it is not solved
  | 'auto_close' // the confirmation window passed without an answer
  | 'cancel'
  | 'convert' // staff change the ticket's kind: it continues as a new ticket
  | 'forward' // the Pengelola Layanan passes a helpdesk-level ticket to the technical team (002:488)
  | 'reject'; // the service's Penyedia Layanan (or a coordinator) does not approve the request: it closes

export type Actor =
  | { kind: 'reporter'; contactId: number }
  | {
      kind: 'staff';
      staffId: number;
      roles: StaffRole[];
      teamGroupIds: number[];
      /** The catalogue providers a Penyedia Layanan answers for. */
      providers?: string[];
    }
  | { kind: 'system' };

/** What the rules need to know of a ticket. */
export interface TicketFacts {
  status: TicketStatus;
  reporterId: number;
  /** The Pengelola Teknis group the ticket's service escalates to. */
  teamGroupId: number | null;
  confirmationDueAt: Date | null;
  /** Still at the helpdesk (Pengelola Layanan) level: its officers work it, its team waits. */
  atHelpdesk?: boolean;
  /** The catalogue's provider of the ticket's service (Service.providerName). */
  provider?: string | null;
}

export type Refusal =
  | 'wrong_status' // the action does not apply to the ticket's current status
  | 'not_permitted' // this actor may not make this transition
  | 'not_own_ticket' // a reporter acting on someone else's ticket
  | 'confirmation_window_open'; // auto_close before the window has passed

export type TransitionResult =
  | { ok: true; from: TicketStatus; to: TicketStatus; clock: 'pause' | 'resume' | null }
  | { ok: false; reason: Refusal; message: string };

type Who = 'reporter' | 'team' | 'helpdesk' | 'provider' | 'coordinator' | 'system';

interface Rule {
  from: TicketStatus[];
  to: TicketStatus;
  who: Who[];
}

const WORKING: TicketStatus[] = ['ASSIGNED', 'IN_PROGRESS'];
/** Whoever works the ticket at its level: its officers at the helpdesk, else its team. */
const WORKERS: Who[] = ['team', 'helpdesk', 'coordinator'];

const RULES: Record<TicketAction, Rule> = {
  claim: { from: ['OPEN'], to: 'ASSIGNED', who: WORKERS },
  start: { from: ['ASSIGNED'], to: 'IN_PROGRESS', who: WORKERS },
  ask_reporter: { from: WORKING, to: 'WAITING_REPORTER', who: WORKERS },
  reporter_answered: { from: ['WAITING_REPORTER'], to: 'IN_PROGRESS', who: ['reporter'] },
  resolve: { from: [...WORKING, 'WAITING_REPORTER'], to: 'RESOLVED', who: WORKERS },
  confirm: { from: ['RESOLVED'], to: 'CLOSED', who: ['reporter'] },
  reopen: { from: ['RESOLVED'], to: 'IN_PROGRESS', who: ['reporter', 'coordinator'] },
  auto_close: { from: ['RESOLVED'], to: 'CLOSED', who: ['system'] },
  cancel: {
    from: ['OPEN', ...WORKING, 'WAITING_REPORTER'],
    to: 'CANCELLED',
    who: ['reporter', 'coordinator'],
  },
  convert: { from: ['OPEN', ...WORKING, 'WAITING_REPORTER'], to: 'CONVERTED', who: ['team', 'coordinator'] },
  forward: { from: ['OPEN', ...WORKING, 'WAITING_REPORTER'], to: 'OPEN', who: ['helpdesk', 'coordinator'] },
  reject: { from: ['OPEN', ...WORKING, 'WAITING_REPORTER'], to: 'CLOSED', who: ['provider', 'coordinator'] },
};

/** Indonesian names of the statuses, as users see them. */
export const STATUS_LABELS: Record<TicketStatus, string> = {
  OPEN: 'Diterima, menunggu petugas',
  ASSIGNED: 'Ditangani petugas',
  IN_PROGRESS: 'Sedang dikerjakan',
  WAITING_REPORTER: 'Menunggu jawaban Anda',
  RESOLVED: 'Selesai, menunggu konfirmasi Anda',
  CLOSED: 'Ditutup',
  CANCELLED: 'Dibatalkan',
  CONVERTED: 'Dilanjutkan dengan tiket baru',
};

function roleOf(actor: Actor, ticket: TicketFacts): Who[] {
  switch (actor.kind) {
    case 'system':
      return ['system'];
    case 'reporter':
      return actor.contactId === ticket.reporterId ? ['reporter'] : [];
    case 'staff': {
      const who: Who[] = [];
      if (actor.roles.includes('KOORDINATOR') || actor.roles.includes('ADMIN')) who.push('coordinator');
      // At the helpdesk level the ticket is its officers', not yet its team's (002:463, 488).
      if (ticket.atHelpdesk) {
        if (actor.roles.includes('PENGELOLA_LAYANAN')) who.push('helpdesk');
      } else if (
        actor.roles.includes('PENGELOLA_TEKNIS') &&
        ticket.teamGroupId !== null &&
        actor.teamGroupIds.includes(ticket.teamGroupId)
      )
        who.push('team');
      if (
        actor.roles.includes('PENYEDIA') &&
        ticket.provider &&
        (actor.providers ?? []).includes(ticket.provider)
      )
        who.push('provider');
      return who;
    }
  }
}

/** Decides whether `actor` may apply `action` to the ticket now, and to which status it leads. */
export function decideTransition(
  ticket: TicketFacts,
  action: TicketAction,
  actor: Actor,
  now: Date,
): TransitionResult {
  const rule = RULES[action];
  const who = roleOf(actor, ticket);
  if (!rule.who.some((w) => who.includes(w))) {
    if (actor.kind === 'reporter' && actor.contactId !== ticket.reporterId)
      return { ok: false, reason: 'not_own_ticket', message: 'Tiket ini bukan milik Anda.' };
    return {
      ok: false,
      reason: 'not_permitted',
      message: 'Anda tidak berwenang melakukan tindakan ini pada tiket ini.',
    };
  }
  if (!rule.from.includes(ticket.status))
    return {
      ok: false,
      reason: 'wrong_status',
      message: `Tidak dapat dilakukan: status tiket saat ini "${STATUS_LABELS[ticket.status]}".`,
    };
  if (action === 'auto_close' && (ticket.confirmationDueAt === null || now < ticket.confirmationDueAt))
    return {
      ok: false,
      reason: 'confirmation_window_open',
      message: 'Batas waktu konfirmasi pelapor belum lewat.',
    };
  const clock =
    rule.to === 'WAITING_REPORTER' ? 'pause' : ticket.status === 'WAITING_REPORTER' ? 'resume' : null;
  return { ok: true, from: ticket.status, to: rule.to, clock };
}

/** Every action that leads somewhere from `status`, for help texts and exhaustive tests. */
export function actionsFrom(status: TicketStatus): TicketAction[] {
  return (Object.keys(RULES) as TicketAction[]).filter((a) => RULES[a].from.includes(status));
}

/** Statuses in which a ticket still needs work (used for queues and known outages). */
export const OPEN_STATUSES: TicketStatus[] = ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'];

/**
 * A change waits for its Penyedia Layanan (002:275, 465): until approved, nobody works on it. A ticket
 * that needs approval and has none recorded (opened before approvals were asked) counts as waiting.
 */
export function awaitingApproval(ticket: {
  approvalRequired: boolean;
  approval: ApprovalStatus | null;
}): boolean {
  return ticket.approvalRequired && ticket.approval !== 'APPROVED';
}
