/**
 * What a ticket command handler receives, and the small rules every handler shares: who the actor is
 * called, how due times read, when a ticket can still be worked on.
 */
import type { ChatRef } from '../channel.ts';
import type { Priority, StaffRole } from '../domain.ts';
import { helpdeskText } from '../escalation/helpdesk-messages.ts';
import { maskIdentity, staffText } from '../escalation/messages.ts';
import type { Staff, TeamGroup, Ticket } from '../generated/prisma/client.ts';
import { addBusinessTime, type BusinessCalendar } from '../sla/calendar.ts';
import { targetCalendar } from '../sla/clock.ts';
import { metTarget } from '../sla/met.ts';
import { describeDue } from '../sla/priority.ts';
import { priorityTargets } from '../sla/targets.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import type { Actor } from '../tickets/lifecycle.ts';
import type { Tx } from '../tickets/store.ts';

/** The chat a command was typed in, and who typed it. */
export interface CommandSource extends ChatRef {
  isGroup: boolean;
  fromId: string;
  contactId: number;
  /** The platform id of the message this one replies to, if any. */
  replyTo: string | null;
}

export type TicketWithService = Ticket & {
  service: {
    id: number;
    name: string;
    code: string;
    teamGroupId: number | null;
    technicalTeamName: string;
    /** The catalogue's Penyedia Layanan: Staff.provider of the people who answer for it. */
    providerName: string;
    nature: 'PUBLIK' | 'ADMINISTRASI';
    classification: 'KRITIS' | 'ESENSIAL' | 'NORMAL';
    /** Targets run 24/7 (sla/clock.ts). */
    clock24: boolean;
  };
};

/** Who typed a staff command: their approved roles, and where they typed it. */
export interface Standing {
  roles: ReadonlySet<StaffRole>;
  /** Their active, approved staff rows (one per role and team). */
  staff: Staff[];
  /** Koordinator Layanan or admin: any ticket, anywhere. */
  coordinator: boolean;
  /** The registered group the command was typed in, if any. */
  group: TeamGroup | null;
  /** Team groups they are Pengelola Teknis of. */
  teamGroupIds: number[];
  /** A Pengelola Layanan (helpdesk officer) of the current helpdesk group. */
  officer: boolean;
}

/** A staff command that needs no ticket (a queue, a recording on someone's behalf, …). */
export interface StaffCtx {
  tx: Tx;
  deps: ConversationDeps;
  src: CommandSource;
  who: Standing;
  /** The text after the command's name. */
  rest: string;
  now: Date;
  after: AfterCommit;
  staffName: string;
}

/** A ticket command: the ticket it names, the text after the code, and who typed it. */
export interface Ctx extends StaffCtx {
  ticket: TicketWithService;
  actor: Actor;
}

/** A command on one ticket. */
export interface TicketCommand {
  run(ctx: Ctx): Promise<string[]>;
  /**
   * Null when `who` may use it on `ticket`, else the refusal to send. Unset: the ticket's Pengelola Teknis
   * (not from another team's group), once the helpdesk passed it on, or a coordinator
   * ({@link teamOrCoordinator}).
   */
  refuse?(who: Standing, ticket: TicketWithService): string | null;
  /** What to say for a code that names no ticket; unset: "not found". */
  notFound?(code: string): string;
}

/** A staff command without a ticket. */
export interface GeneralCommand {
  run(ctx: StaffCtx): Promise<string[]>;
  /** Null when `who` may use it, else the refusal to send. */
  refuse(who: Standing): string | null;
}

/**
 * Who may act on a ticket, by its level. The default rule of ticket commands: coordinators on any
 * ticket; Pengelola Teknis on their own team's tickets once the helpdesk has passed them on (002:488).
 */
export function teamOrCoordinator(who: Standing, ticket: TicketWithService): string | null {
  if (who.coordinator) return null;
  if (ticket.atHelpdesk)
    return who.officer ? helpdeskText.teamCommand(ticket.code) : helpdeskText.stillAtHelpdesk(ticket.code);
  const teamId = ticket.service.teamGroupId;
  const ownTeam = teamId !== null && who.teamGroupIds.includes(teamId);
  if (!ownTeam || (who.group && teamId !== who.group.id))
    return staffText.notThisTeam(ticket.code, ticket.service.technicalTeamName);
  return null;
}

/** A helpdesk officer, typing in the helpdesk group or a private chat. */
function officerHere(who: Standing): boolean {
  return who.officer && (!who.group || who.group.helpdesk);
}

/**
 * The work of whoever holds the ticket at its level (/ambil, /tanya, /selesai): its officers while it is
 * at the helpdesk (first-level help, 002:463), then its team; coordinators always.
 */
export function levelWorker(who: Standing, ticket: TicketWithService): string | null {
  if (ticket.atHelpdesk && officerHere(who)) return null;
  if (ticket.atHelpdesk && who.officer && !who.coordinator) return helpdeskText.wrongGroup;
  return teamOrCoordinator(who, ticket);
}

/** Progress to reporters (/update, /umumkan): officers on any ticket (002:277), else as the default. */
export function progressSender(who: Standing, ticket: TicketWithService): string | null {
  if (officerHere(who)) return null;
  return levelWorker(who, ticket);
}

/** Passing a helpdesk-level ticket to its technical team (/teruskan): its officers or a coordinator. */
export function forwarder(who: Standing, ticket: TicketWithService): string | null {
  if (!who.coordinator && !who.officer) return helpdeskText.notOfficer;
  if (!ticket.atHelpdesk) return helpdeskText.alreadyForwarded(ticket.code, ticket.service.technicalTeamName);
  if (who.coordinator || officerHere(who)) return null;
  return helpdeskText.wrongGroup;
}

/**
 * The first response ends the response clock (002:333: "direspon pertama kali oleh Pengelola Layanan"),
 * once: whoever answers later changes nothing.
 */
export function firstResponse(
  ticket: Ticket,
  now: Date,
): { firstResponseAt?: Date; responseMet?: boolean | null } {
  if (ticket.firstResponseAt) return {};
  // "< 15 menit" (002:342-348): a first response exactly at the due time is late.
  return { firstResponseAt: now, responseMet: metTarget(now, ticket.responseDueAt) };
}

/** How staff are named in chats: their name, else a masked id — never a whole phone number or user id. */
export async function nameOf(tx: Tx, contactId: number): Promise<string> {
  const c = await tx.contact.findUnique({ where: { id: contactId }, include: { identities: true } });
  const ids = new Set(c?.identities.map((i) => i.externalId));
  const name = [c?.name, ...(c?.identities.map((i) => i.displayName) ?? [])].find(
    (n): n is string => !!n?.trim() && !ids.has(n),
  );
  if (name) return name;
  const id = c?.identities[0]?.externalId;
  return id ? maskIdentity(id) : 'petugas';
}

/**
 * A due time as staff and reporters read it. Only the zone matters for the wording, and a ticket's clock
 * (sla/clock.ts) keeps the office calendar's zone, so this reads the same on a 24/7 clock.
 */
export function due(ctx: Ctx, d: Date | null): string {
  return d ? describeDue(d, ticketCalendar(ctx, ctx.ticket)) : '-';
}

/** The calendar `ticket`'s targets run on: the office calendar, or 24/7 for its service or priority. */
export function ticketCalendar(
  ctx: StaffCtx,
  ticket: { priority: string | null; service: { clock24: boolean } },
): BusinessCalendar {
  return targetCalendar(ctx.deps.calendar, ticket);
}

/** A command that works on a ticket needs it claimed and not finished. */
export function needsWork(ticket: Ticket, allowOpen = false): string | null {
  if (ticket.status === 'OPEN' && !allowOpen)
    return staffText.refused(ticket.code, `ambil dulu dengan /ambil ${ticket.code}.`);
  if (!['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'].includes(ticket.status))
    return staffText.refused(ticket.code, 'tiket sudah selesai, ditutup atau dibatalkan.');
  return null;
}

/**
 * Due times for a new priority (or service), counted from the report on the new priority's clock and
 * shifted by the time spent paused: P3 → P1 moves an office-hours ticket onto 24/7.
 */
export function retarget(ctx: Ctx, ticket: TicketWithService, priority: Priority) {
  const base = priorityTargets(ticket.service, priority, ticket.createdAt, ctx.deps.calendar);
  const cal = ticketCalendar(ctx, { priority, service: ticket.service });
  const shifted = (d: Date) => addBusinessTime(d, { value: ticket.pausedMinutes, unit: 'minutes' }, cal);
  return {
    ...(ticket.firstResponseAt ? {} : { responseDueAt: shifted(base.responseDueAt) }),
    resolutionDueAt: shifted(base.resolutionDueAt),
  };
}

export function actorLabel(ctx: Ctx): string {
  return ctx.actor.kind === 'staff' ? `staff:${ctx.actor.staffId}` : 'system';
}
