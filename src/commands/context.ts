/**
 * What a ticket command handler receives, and the small rules every handler shares: who the actor is
 * called, how due times read, when a ticket can still be worked on.
 */
import type { ChatRef } from '../channel.ts';
import type { Priority, StaffRole } from '../domain.ts';
import { maskIdentity, staffText } from '../escalation/messages.ts';
import type { Staff, TeamGroup, Ticket } from '../generated/prisma/client.ts';
import { addBusinessTime } from '../sla/calendar.ts';
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
   * (not from another team's group) or a coordinator ({@link teamOrCoordinator}).
   */
  refuse?(who: Standing, ticket: TicketWithService): string | null;
}

/** A staff command without a ticket. */
export interface GeneralCommand {
  run(ctx: StaffCtx): Promise<string[]>;
  /** Null when `who` may use it, else the refusal to send. */
  refuse(who: Standing): string | null;
}

/** The default rule of ticket commands: Pengelola Teknis act only on their own team's tickets. */
export function teamOrCoordinator(who: Standing, ticket: TicketWithService): string | null {
  if (who.coordinator) return null;
  const teamId = ticket.service.teamGroupId;
  const ownTeam = teamId !== null && who.teamGroupIds.includes(teamId);
  if (!ownTeam || (who.group && teamId !== who.group.id))
    return staffText.notThisTeam(ticket.code, ticket.service.technicalTeamName);
  return null;
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

export function due(ctx: Ctx, d: Date | null): string {
  return d ? describeDue(d, ctx.deps.calendar) : '-';
}

/** A command that works on a ticket needs it claimed and not finished. */
export function needsWork(ticket: Ticket, allowOpen = false): string | null {
  if (ticket.status === 'OPEN' && !allowOpen)
    return staffText.refused(ticket.code, `ambil dulu dengan /ambil ${ticket.code}.`);
  if (!['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'].includes(ticket.status))
    return staffText.refused(ticket.code, 'tiket sudah selesai, ditutup atau dibatalkan.');
  return null;
}

/** Due times for a new priority, counted from the report and shifted by the time spent paused. */
export function retarget(ctx: Ctx, ticket: Ticket, priority: Priority) {
  const cal = ctx.deps.calendar;
  const base = priorityTargets(priority, ticket.createdAt, cal);
  const shifted = (d: Date) => addBusinessTime(d, { value: ticket.pausedMinutes, unit: 'minutes' }, cal);
  return {
    ...(ticket.firstResponseAt ? {} : { responseDueAt: shifted(base.responseDueAt) }),
    resolutionDueAt: shifted(base.resolutionDueAt),
  };
}

export function actorLabel(ctx: Ctx): string {
  return ctx.actor.kind === 'staff' ? `staff:${ctx.actor.staffId}` : 'system';
}
