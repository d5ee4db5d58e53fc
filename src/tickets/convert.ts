/**
 * A kind change (002:465): a request that is really a malfunction continues as an incident, and an
 * incident that is really a request as a request. The old ticket ends CONVERTED with a `converted`
 * event naming the new code; the new one links the old (`convertedFromId`) and its `created` event
 * names it. Targets count from the original report: the reporter reported then.
 */

import { fulfilmentOf } from '../catalogue/directory.ts';
import type { ChannelName, Impact, TicketStatus } from '../domain.ts';
import type { Prisma, Service, Ticket } from '../generated/prisma/client.ts';
import { addBusinessTime, type BusinessCalendar } from '../sla/calendar.ts';
import { metTarget } from '../sla/met.ts';
import { fulfilmentDueAt, incidentTargets } from '../sla/targets.ts';
import { resumeClock } from '../sla/timers.ts';
import { type Actor, decideTransition } from './lifecycle.ts';
import {
  actorLabel,
  createTicket,
  findOpenIncident,
  findVisibleTicket,
  followTicket,
  type Origin,
  recordEvent,
  type Tx,
} from './store.ts';

export type ConversionTarget =
  | { kind: 'INCIDENT'; service: Service; impact: Impact }
  | { kind: 'REQUEST'; service: Service };

export type ConversionResult =
  | {
      ok: true;
      ticket: Ticket;
      /** An incident was already open on the service: the reporter follows it instead of a new ticket. */
      knownOutage: boolean;
    }
  | { ok: false; message: string };

type Convertible = Ticket & { service: { teamGroupId: number | null; clock24: boolean } };

/** Continues `old` as a ticket of the other kind on `target.service`, inside the caller's transaction. */
export async function convertTicket(
  tx: Tx,
  old: Convertible,
  target: ConversionTarget,
  actor: Actor,
  channel: ChannelName | null,
  now: Date,
  calendar: BusinessCalendar,
): Promise<ConversionResult> {
  // Lock the ticket, then decide on what it is now: a retried or concurrent command converts once.
  await tx.$queryRaw`SELECT id FROM "Ticket" WHERE id = ${old.id} FOR UPDATE`;
  const fresh = await tx.ticket.findUniqueOrThrow({ where: { id: old.id } });
  const facts = {
    status: fresh.status,
    reporterId: fresh.reporterId,
    teamGroupId: old.service.teamGroupId,
    confirmationDueAt: fresh.confirmationDueAt,
  };
  const decision = decideTransition(facts, 'convert', actor, now);
  if (!decision.ok) return { ok: false, message: decision.message };

  // The clock stops on the old ticket; time spent waiting on the reporter still does not count.
  const clock = resumeClock({ ...fresh, service: old.service }, now, calendar);
  const pausedMinutes = clock.pausedMinutes ?? fresh.pausedMinutes;
  const origin: Origin = { channel: fresh.channel, chatId: fresh.chatId, contactId: fresh.reporterId };
  const followers = await tx.ticketFollower.findMany({ where: { ticketId: fresh.id } });

  let ticket: Ticket | null = null;
  if (target.kind === 'INCIDENT') {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301, ${target.service.id})`;
    ticket = await findOpenIncident(tx, target.service.id);
  }
  const knownOutage = ticket !== null;
  if (!ticket) ticket = await openSuccessor(tx, fresh, target, pausedMinutes, actor, channel, now, calendar);
  for (const f of [origin, ...followers])
    await followTicket(tx, ticket, { channel: f.channel, chatId: f.chatId, contactId: f.contactId }, now);

  await tx.ticket.update({
    where: { id: fresh.id },
    data: { status: decision.to, pausedAt: null, pausedMinutes },
  });
  await recordEvent(
    tx,
    fresh.id,
    'converted',
    actorLabel(actor),
    channel,
    { from: decision.from, to: ticket.code, kind: target.kind, service: target.service.code, knownOutage },
    now,
  );
  return { ok: true, ticket, knownOutage };
}

/** The new ticket: the same reporter, chat, words and files, with targets from the original report. */
async function openSuccessor(
  tx: Tx,
  old: Ticket,
  target: ConversionTarget,
  pausedMinutes: number,
  actor: Actor,
  channel: ChannelName | null,
  now: Date,
  calendar: BusinessCalendar,
): Promise<Ticket> {
  const reportedAt = old.createdAt;
  const shifted = (d: Date) => addBusinessTime(d, { value: pausedMinutes, unit: 'minutes' }, calendar);
  const assigneeId = await sameAssignee(tx, old, target.service.teamGroupId);
  const responded = old.firstResponseAt;
  let targets: Partial<Prisma.TicketUncheckedCreateInput>;
  if (target.kind === 'INCIDENT') {
    const t = incidentTargets(target.service, target.impact, reportedAt, calendar);
    const responseDueAt = shifted(t.responseDueAt);
    targets = {
      impact: target.impact,
      since: old.since,
      priority: t.priority,
      responseDueAt,
      resolutionDueAt: shifted(t.resolutionDueAt),
      responseMet: responded ? metTarget(responded, responseDueAt) : null,
    };
  } else {
    const fulfilment = fulfilmentOf(target.service);
    targets = {
      resolutionDueAt: fulfilment
        ? shifted(fulfilmentDueAt(target.service, fulfilment, reportedAt, calendar))
        : null,
      approvalRequired: target.service.approvalRequired,
      approval: target.service.approvalRequired ? 'PENDING' : null,
      responseMet: old.responseMet,
    };
  }
  const status: TicketStatus = !assigneeId
    ? 'OPEN'
    : old.status === 'IN_PROGRESS' || old.status === 'WAITING_REPORTER'
      ? 'IN_PROGRESS'
      : 'ASSIGNED';
  return createTicket(
    tx,
    target.kind,
    {
      serviceId: target.service.id,
      reporterId: old.reporterId,
      channel: old.channel,
      chatId: old.chatId,
      description: old.description,
      attachments: old.attachments as Prisma.InputJsonValue,
      humanRequested: old.humanRequested,
      reportingMethod: old.reportingMethod,
      recordedById: old.recordedById,
      requesterName: old.requesterName,
      requesterOpd: old.requesterOpd,
      requesterNip: old.requesterNip,
      urgency: old.urgency,
      convertedFromId: old.id,
      firstResponseAt: responded,
      assigneeId,
      status,
      pausedMinutes,
      ...targets,
    },
    { channel: old.channel, chatId: old.chatId, contactId: old.reporterId },
    now,
    calendar,
    { reportedAt, actor: actorLabel(actor), channel, event: { convertedFrom: old.code } },
  );
}

/** The old ticket's assignee, as Pengelola Teknis of the new service's team, if they are one. */
async function sameAssignee(tx: Tx, old: Ticket, teamGroupId: number | null): Promise<number | null> {
  if (!old.assigneeId || teamGroupId === null) return null;
  const assignee = await tx.staff.findUnique({ where: { id: old.assigneeId } });
  if (!assignee) return null;
  const row = await tx.staff.findFirst({
    where: {
      contactId: assignee.contactId,
      role: 'PENGELOLA_TEKNIS',
      teamGroupId,
      active: true,
      approvedAt: { not: null },
    },
  });
  return row?.id ?? null;
}

/** The code a converted ticket continues as (from its `converted` event), or null. */
export async function convertedTo(tx: Tx, ticketId: number): Promise<string | null> {
  const e = await tx.ticketEvent.findFirst({
    where: { ticketId, type: 'converted' },
    orderBy: { id: 'desc' },
  });
  const to = (e?.data as { to?: unknown } | null)?.to;
  return typeof to === 'string' ? to : null;
}

type VisibleTicket = NonNullable<Awaited<ReturnType<typeof findVisibleTicket>>>;

/**
 * The ticket a converted one continues as, following kind changes to the last one; null when it leads
 * nowhere the contact may see.
 */
export async function successorFor(
  tx: Tx,
  ticket: { id: number; status: TicketStatus },
  contactId: number,
): Promise<VisibleTicket | null> {
  let next: VisibleTicket | null = null;
  let current = ticket;
  for (let hop = 0; hop < 5 && current.status === 'CONVERTED'; hop++) {
    const code = await convertedTo(tx, current.id);
    next = code ? await findVisibleTicket(tx, code, contactId) : null;
    if (!next) return null;
    current = next;
  }
  return next;
}
