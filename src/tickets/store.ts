/**
 * Ticket operations on the database, each inside the caller's transaction and each leaving an
 * append-only TicketEvent. The lifecycle rules come from lifecycle.ts; due times from sla/.
 */
import type { Attachment, ChatRef } from '../channel.ts';
import { sqlOf } from '../db/sql.ts';
import type { ChannelName, Impact, ReportingMethod, TicketKind } from '../domain.ts';
import type { Prisma, Service, Ticket } from '../generated/prisma/client.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import { fulfilmentDueAt, incidentTargets } from '../sla/targets.ts';
import { allocateTicketCode } from './allocate-code.ts';
import { ticketYear } from './code.ts';
import {
  type Actor,
  decideTransition,
  OPEN_STATUSES,
  type TicketAction,
  type TicketFacts,
} from './lifecycle.ts';
import { ticketColumns, ticketValues } from './ticket-row.ts';

export type Tx = Prisma.TransactionClient;

/** Who acted, for the audit trail: "reporter:12", "staff:3", "system". */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'system'
    ? 'system'
    : actor.kind === 'reporter'
      ? `reporter:${actor.contactId}`
      : `staff:${actor.staffId}`;
}

/** Where a ticket came from: the reporter's chat, and who the reporter is. */
export interface Origin extends ChatRef {
  contactId: number;
}

/**
 * Formulir D/E fields a new ticket starts with, besides what the conversation gathered. Unset
 * `reportingMethod`: the platform the report came in on.
 */
export type TicketRecord = Pick<
  Prisma.TicketUncheckedCreateInput,
  | 'reportingMethod'
  | 'recordedById'
  | 'requesterName'
  | 'requesterOpd'
  | 'requesterNip'
  | 'urgency'
  | 'classification'
  | 'category'
  | 'configurationItem'
  | 'atHelpdesk'
  | 'approval'
>;

/** The reporting method of a report that came in on a chat platform. */
export function platformMethod(channel: ChannelName): ReportingMethod {
  return channel.toUpperCase() as ReportingMethod;
}

export async function recordEvent(
  tx: Tx,
  ticketId: number,
  type: string,
  actor: string,
  channel: ChannelName | null,
  data: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await sqlOf(tx).rows(RECORD_EVENT, [ticketId, at, type, actor, channel, JSON.stringify(data)]);
}

const RECORD_EVENT = `
INSERT INTO "TicketEvent" ("ticketId", "at", "type", "actor", "channel", "data")
VALUES ($1, $2::timestamp(3), $3, $4, $5::"ChannelName", $6::jsonb)`;

/** How a ticket that is not a fresh report starts: made by staff from another ticket (a kind change). */
export interface CreateOptions {
  /** When it was reported, if before `now` (the targets count from it). */
  reportedAt?: Date;
  /** Who made it, for the audit trail; unset: the reporter on the origin's channel. */
  actor?: string;
  channel?: ChannelName | null;
  /** More to record on its `created` event. */
  event?: Record<string, unknown>;
  /** Unless `atHelpdesk` is given: at the helpdesk level when a helpdesk group is registered (002:463). */
  atHelpdeskIfRegistered?: boolean;
}

/** Whether a helpdesk (Pengelola Layanan) group is registered. */
const HELPDESK_REGISTERED = `EXISTS (SELECT 1 FROM "TeamGroup" WHERE "helpdesk")`;

/** A new ticket with the next code of its kind and its `created` event. */
export async function createTicket(
  tx: Tx,
  kind: TicketKind,
  data: Omit<Prisma.TicketUncheckedCreateInput, 'code' | 'kind'>,
  origin: Origin,
  now: Date,
  calendar: BusinessCalendar,
  opts: CreateOptions = {},
): Promise<Ticket> {
  const code = await allocateTicketCode(tx, kind, ticketYear(now, calendar.zone));
  const row = ticketValues(
    {
      reportingMethod: platformMethod(origin.channel),
      ...data,
      code,
      kind,
      createdAt: opts.reportedAt ?? now,
      updatedAt: new Date(),
    },
    opts.atHelpdeskIfRegistered && data.atHelpdesk === undefined ? { atHelpdesk: HELPDESK_REGISTERED } : {},
  );
  const n = row.values.length;
  // A report recorded by an officer (/catat) was made by that officer, for the reporter.
  const actor =
    opts.actor ?? (data.recordedById ? `staff:${data.recordedById}` : `reporter:${origin.contactId}`);
  const [ticket] = await sqlOf(tx).rows<Ticket>(
    `WITH t AS (INSERT INTO "Ticket" (${row.columns}) VALUES (${row.params}) RETURNING *),
e AS (${CREATED_EVENT(n)})
SELECT ${ticketColumns('t')} FROM t`,
    [
      ...row.values,
      now,
      actor,
      opts.channel === undefined ? origin.channel : opts.channel,
      JSON.stringify(opts.event ?? {}),
    ],
  );
  if (!ticket) throw new Error('ticket insert returned no row');
  return ticket;
}

/**
 * The `created` event of the ticket inserted as `t`, from `$${n + 1}` on (at, actor, channel, more data):
 * its status, priority, attachments and reporting method as stored, with what the caller adds.
 */
const CREATED_EVENT = (n: number) => `
INSERT INTO "TicketEvent" ("ticketId", "at", "type", "actor", "channel", "data")
SELECT t."id", $${n + 1}::timestamp(3), 'created', $${n + 2}, $${n + 3}::"ChannelName",
       jsonb_build_object('status', t."status", 'priority', t."priority", 'attachments', t."attachments",
                          'reportingMethod', t."reportingMethod") || $${n + 4}::jsonb
  FROM t`;

/**
 * Opens a service request; `calendar` is the office calendar, the service's own clock is its `clock24`.
 * It starts at the helpdesk level when a helpdesk group is registered (002:463), unless the record says.
 */
export async function openRequest(
  tx: Tx,
  input: {
    service: Pick<Service, 'id' | 'clock24'>;
    description: string;
    attachments: Attachment[];
    humanRequested?: boolean;
  },
  fulfilment: { value: number; unit: 'minutes' | 'hours' | 'days' } | null,
  approvalRequired: boolean,
  origin: Origin,
  now: Date,
  calendar: BusinessCalendar,
  record: TicketRecord = {},
): Promise<Ticket> {
  // The service's clock decides how the fulfilment target is counted (sla/clock.ts).
  const { service } = input;
  return createTicket(
    tx,
    'REQUEST',
    {
      serviceId: service.id,
      reporterId: origin.contactId,
      channel: origin.channel,
      chatId: origin.chatId,
      description: input.description,
      attachments: input.attachments as unknown as Prisma.InputJsonValue,
      approvalRequired,
      humanRequested: input.humanRequested ?? false,
      resolutionDueAt: fulfilment ? fulfilmentDueAt(service, fulfilment, now, calendar) : null,
      ...record,
    },
    origin,
    now,
    calendar,
    { atHelpdeskIfRegistered: true },
  );
}

export type OpenIncidentResult =
  | { kind: 'opened'; ticket: Ticket }
  | { kind: 'known_outage'; ticket: Ticket; alreadyFollowing: boolean; isOwnReport: boolean };

/**
 * Opens an incident, unless one is already open on the service: then the reporter follows that one
 * (a known outage) and no duplicate ticket is made. A per-service advisory lock makes two reporters
 * arriving at the same moment end up on one ticket.
 */
export async function openIncident(
  tx: Tx,
  input: { serviceId: number; description: string; since: string; impact: Impact; attachments: Attachment[] },
  service: {
    nature: 'PUBLIK' | 'ADMINISTRASI';
    classification: 'KRITIS' | 'ESENSIAL' | 'NORMAL';
    clock24: boolean;
  },
  origin: Origin,
  now: Date,
  calendar: BusinessCalendar,
  record: TicketRecord = {},
): Promise<OpenIncidentResult> {
  // Its own statement: the read after it takes a fresh snapshot, which sees an incident opened by the
  // transaction that held the lock before (a lock taken inside the read would come after its snapshot).
  await sqlOf(tx).rows(`SELECT 1 AS locked FROM pg_advisory_xact_lock(7301, $1)`, [input.serviceId]);
  const open = await findOpenIncident(tx, input.serviceId);
  if (open) return { kind: 'known_outage', ticket: open, ...(await followTicket(tx, open, origin, now)) };
  const targets = incidentTargets(service, input.impact, now, calendar);
  const ticket = await createTicket(
    tx,
    'INCIDENT',
    {
      serviceId: input.serviceId,
      reporterId: origin.contactId,
      channel: origin.channel,
      chatId: origin.chatId,
      description: input.description,
      since: input.since,
      impact: input.impact,
      priority: targets.priority,
      responseDueAt: targets.responseDueAt,
      resolutionDueAt: targets.resolutionDueAt,
      attachments: input.attachments as unknown as Prisma.InputJsonValue,
      ...record,
    },
    origin,
    now,
    calendar,
  );
  return { kind: 'opened', ticket };
}

/** The service's oldest open incident. */
const OPEN_INCIDENT = `
SELECT ${ticketColumns('t')}
  FROM "Ticket" t
 WHERE t."serviceId" = $1 AND t."kind" = 'INCIDENT'
   AND t."status" IN (${OPEN_STATUSES.map((x) => `'${x}'`).join(', ')})
 ORDER BY t."id"
 LIMIT 1`;

export async function findOpenIncident(tx: Tx, serviceId: number): Promise<Ticket | null> {
  const [row] = await sqlOf(tx).rows<Ticket>(OPEN_INCIDENT, [serviceId]);
  return row ?? null;
}

/** Links contact `$2` to ticket `$1` with its `follower_linked` event; no row: they were linked already. */
const FOLLOW = `
WITH f AS (
  INSERT INTO "TicketFollower" ("ticketId", "contactId", "channel", "chatId", "createdAt")
  VALUES ($1, $2, $3::"ChannelName", $4, $5::timestamp(3))
  ON CONFLICT ("ticketId", "contactId") DO NOTHING
  RETURNING "id"),
e AS (
  INSERT INTO "TicketEvent" ("ticketId", "at", "type", "actor", "channel", "data")
  SELECT $1, $5::timestamp(3), 'follower_linked', $6, $3::"ChannelName", '{}'::jsonb FROM f)
SELECT "id" FROM f`;

/** Links a reporter to a known outage so they receive its progress. */
export async function followTicket(
  tx: Tx,
  ticket: Pick<Ticket, 'id' | 'reporterId'>,
  origin: Origin,
  now: Date,
): Promise<{ alreadyFollowing: boolean; isOwnReport: boolean }> {
  if (ticket.reporterId === origin.contactId) return { alreadyFollowing: true, isOwnReport: true };
  const linked = await sqlOf(tx).rows(FOLLOW, [
    ticket.id,
    origin.contactId,
    origin.channel,
    origin.chatId,
    now,
    `reporter:${origin.contactId}`,
  ]);
  return { alreadyFollowing: linked.length === 0, isOwnReport: false };
}

/**
 * The tickets a contact answers for as their reporter: their own, and the ones they recorded for
 * someone who phoned, wrote or came in (/catat), whose progress comes to their chat.
 */
export function answeredBy(contactId: number): Prisma.TicketWhereInput[] {
  return [{ reporterId: contactId }, { recordedBy: { is: { contactId } } }];
}

/** Ticket `t` is one contact `$2` reported, recorded (/catat) or follows: {@link findVisibleTicket} on the driver. */
const VISIBLE_TO = `(t."reporterId" = $2
        OR EXISTS (SELECT 1 FROM "Staff" r WHERE r."id" = t."recordedById" AND r."contactId" = $2)
        OR EXISTS (SELECT 1 FROM "TicketFollower" f WHERE f."ticketId" = t."id" AND f."contactId" = $2))`;

/**
 * What a status answer says of a ticket the contact reported, recorded or follows (as
 * {@link findVisibleTicket}), in one statement on the driver: a status check is a person's commonest
 * question about a ticket, and the ORM's read with its relations takes three.
 */
const VISIBLE_STATUS = `
SELECT t."id", t."code", t."status"::text AS status, t."reporterId", t."rating", t."resolution",
       t."resolutionDueAt", t."updatedAt", s."name" AS "serviceName",
       (SELECT max(e."at") FROM "TicketEvent" e WHERE e."ticketId" = t."id") AS "lastEventAt"
  FROM "Ticket" t JOIN "Service" s ON s."id" = t."serviceId"
 WHERE t."code" = $1 AND ${VISIBLE_TO}`;

export type VisibleStatus = Pick<
  Ticket,
  'id' | 'code' | 'status' | 'reporterId' | 'rating' | 'resolution' | 'resolutionDueAt' | 'updatedAt'
> & { service: { name: string }; events: { at: Date }[] };

/** The status of a ticket the contact reported, recorded or follows, by code; null for anyone else's. */
export async function findVisibleStatus(
  tx: Tx,
  code: string,
  contactId: number,
): Promise<VisibleStatus | null> {
  const [row] = await sqlOf(tx).rows<
    Omit<VisibleStatus, 'service' | 'events'> & { serviceName: string; lastEventAt: Date | null }
  >(VISIBLE_STATUS, [code, contactId]);
  if (!row) return null;
  const { serviceName, lastEventAt, ...t } = row;
  return { ...t, service: { name: serviceName }, events: lastEventAt ? [{ at: lastEventAt }] : [] };
}

const VISIBLE_REF = `
SELECT t."id", t."code", t."status"::text AS status, t."serviceId", t."attachments"
  FROM "Ticket" t
 WHERE t."code" = $1 AND ${VISIBLE_TO}`;

/** What a reporter's note or call for a person needs of a ticket. */
export type VisibleRef = Pick<Ticket, 'id' | 'code' | 'status' | 'serviceId' | 'attachments'>;

/**
 * {@link findVisibleTicket} for what a person adds to a ticket (a note, a call for a person), in one
 * statement on the driver instead of the ORM's three.
 */
export async function findVisibleRef(tx: Tx, code: string, contactId: number): Promise<VisibleRef | null> {
  const [row] = await sqlOf(tx).rows<VisibleRef>(VISIBLE_REF, [code, contactId]);
  return row ?? null;
}

/** A ticket the contact reported, recorded or follows, by code; null for anyone else's (nothing leaks). */
export function findVisibleTicket(tx: Tx, code: string, contactId: number) {
  return tx.ticket.findFirst({
    where: { code, OR: [...answeredBy(contactId), { followers: { some: { contactId } } }] },
    include: { service: true, events: { orderBy: { at: 'desc' }, take: 1 } },
  });
}

export type TransitionOutcome = { ok: true; ticket: Ticket } | { ok: false; message: string };

type RuledTicket = Ticket & { service: { teamGroupId: number | null; providerName?: string } };

/** What the lifecycle rules see of a ticket. */
export function factsOf(ticket: RuledTicket): TicketFacts {
  return {
    status: ticket.status,
    reporterId: ticket.reporterId,
    teamGroupId: ticket.service.teamGroupId,
    confirmationDueAt: ticket.confirmationDueAt,
    atHelpdesk: ticket.atHelpdesk,
    provider: ticket.service.providerName ?? null,
  };
}

/** The audit trail's name of an action's event, where it is not the action's own name. */
const EVENT_TYPES: Partial<Record<TicketAction, string>> = { forward: 'forwarded', reject: 'rejected' };

/**
 * Applies a lifecycle action: checks the rules, updates status and the clock-related fields, and records
 * the event. `changes` are extra fields to write with the transition.
 */
export async function transitionTicket(
  tx: Tx,
  ticket: RuledTicket,
  action: TicketAction,
  actor: Actor,
  channel: ChannelName | null,
  now: Date,
  changes: Prisma.TicketUncheckedUpdateInput = {},
  eventData: Record<string, unknown> = {},
): Promise<TransitionOutcome> {
  const decision = decideTransition(factsOf(ticket), action, actor, now);
  if (!decision.ok) return { ok: false, message: decision.message };
  // Optimistic check: the status must still be what the decision was made on.
  const { count } = await tx.ticket.updateMany({
    where: { id: ticket.id, status: decision.from },
    data: { ...changes, status: decision.to } as Prisma.TicketUncheckedUpdateManyInput,
  });
  if (count === 0) return { ok: false, message: 'Tiket baru saja diubah oleh orang lain; coba lagi.' };
  await recordEvent(
    tx,
    ticket.id,
    EVENT_TYPES[action] ?? action,
    actorLabel(actor),
    channel,
    { from: decision.from, to: decision.to, ...eventData },
    now,
  );
  return { ok: true, ticket: await tx.ticket.findUniqueOrThrow({ where: { id: ticket.id } }) };
}
