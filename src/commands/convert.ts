/**
 * Kind changes (002:465): `/jadikan-gangguan <kode> [kode layanan] [besar|kecil]` continues a request that
 * is really a malfunction as an incident, `/jadikan-permintaan <kode> [kode layanan]` the reverse. Both
 * for the ticket's team or a coordinator; every refusal changes nothing.
 */

import type { DirectoryService } from '../catalogue/directory.ts';
import type { Impact, TicketKind } from '../domain.ts';
import { staffText } from '../escalation/messages.ts';
import {
  escalateTicket,
  notifyReporters,
  postToTeam,
  type Target,
  teamTarget,
} from '../escalation/notify.ts';
import type { Service } from '../generated/prisma/client.ts';
import { writeOutbox } from '../outbox/write.ts';
import { convertedTo, convertTicket } from '../tickets/convert.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { type Ctx, due, type TicketCommand } from './context.ts';
import { convertText } from './convert-text.ts';

const IMPACT_WORDS: Record<string, Impact> = {
  besar: 'MAJOR',
  mayor: 'MAJOR',
  major: 'MAJOR',
  kecil: 'MINOR',
  minor: 'MINOR',
};

const COMMAND_OF: Record<TicketKind, string> = {
  INCIDENT: 'jadikan-gangguan',
  REQUEST: 'jadikan-permintaan',
};

/** The service code and (for incidents) the impact typed after the ticket code; null when unreadable. */
function readArgs(rest: string, kind: TicketKind): { service: string | null; impact: Impact | null } | null {
  const words = rest.toLowerCase().split(/\s+/).filter(Boolean);
  const impacts = kind === 'INCIDENT' ? words.filter((w) => Object.hasOwn(IMPACT_WORDS, w)) : [];
  const others = words.filter((w) => !impacts.includes(w));
  if (others.length > 1 || impacts.length > 1) return null;
  return { service: others[0] ?? null, impact: impacts[0] ? (IMPACT_WORDS[impacts[0]] ?? null) : null };
}

/** Why the ticket cannot become `kind`, or null. */
async function refuseKind(ctx: Ctx, kind: TicketKind): Promise<string | null> {
  const { ticket } = ctx;
  if (ticket.status === 'CONVERTED')
    return convertText.alreadyConverted(ticket.code, await convertedTo(ctx.tx, ticket.id));
  if (!OPEN_STATUSES.includes(ticket.status)) return convertText.finished(ticket.code);
  if (ticket.kind === kind) return convertText.alreadyKind(ticket.code, kind);
  return null;
}

const takes = (s: Service, kind: TicketKind) => (kind === 'INCIDENT' ? s.reportable : s.requestable);

/** A few services that take `kind`, the likeliest for the ticket's words first: "simpeg (SIMPEG), …". */
function choices(ctx: Ctx, kind: TicketKind): string {
  const dir = ctx.deps.services;
  const ranked = dir.rank(ctx.ticket.description, kind === 'INCIDENT' ? 'incident' : 'request');
  const codes = [...ranked.map((r) => r.code), ...dir.byCode.keys()];
  const picked = [...new Set(codes)]
    .map((c) => dir.byCode.get(c))
    .filter((s): s is DirectoryService => !!s && takes(s, kind))
    .slice(0, 4);
  return picked.map((s) => `${s.code} (${s.name})`).join(', ');
}

/** The service the new ticket goes to, or the reply that asks for one. */
async function pickService(ctx: Ctx, code: string | null, kind: TicketKind): Promise<Service | string> {
  const { tx, ticket } = ctx;
  if (code) {
    const named = await tx.service.findFirst({ where: { code, active: true } });
    if (!named) return staffText.unknownService(code);
    return takes(named, kind) ? named : convertText.notTaking(named.name, kind, choices(ctx, kind));
  }
  const own = await tx.service.findUniqueOrThrow({ where: { id: ticket.serviceId } });
  if (own.active && takes(own, kind)) return own;
  const example = `/${COMMAND_OF[kind]} ${ticket.code} <kode layanan>${kind === 'INCIDENT' ? ' besar' : ''}`;
  return convertText.askService(ticket.code, own.name, kind, choices(ctx, kind), example);
}

const sameChat = (a: Target | null, b: { channel: string; chatId: string }) =>
  !!a && a.channel === b.channel && a.chatId === b.chatId;

async function toIncident(ctx: Ctx): Promise<string[]> {
  const { tx, ticket, now } = ctx;
  const refusal = await refuseKind(ctx, 'INCIDENT');
  if (refusal) return [staffText.refused(ticket.code, refusal)];
  const args = readArgs(ctx.rest, 'INCIDENT');
  if (!args) return [staffText.usage('jadikan-gangguan')];
  const service = await pickService(ctx, args.service, 'INCIDENT');
  if (typeof service === 'string') return [service];
  // The impact as staff say it, else as the reporter's own words tell it; else ask, changing nothing.
  const impact = args.impact ?? ctx.deps.understander.understand(ticket.description).impact;
  if (!impact)
    return [
      convertText.askImpact(
        `/jadikan-gangguan ${ticket.code}${args.service ? ` ${service.code}` : ''} besar`,
      ),
    ];
  const r = await convertTicket(
    tx,
    ticket,
    { kind: 'INCIDENT', service, impact },
    ctx.actor,
    ctx.src.channel,
    now,
    ctx.deps.calendar,
  );
  if (!r.ok) return [staffText.refused(ticket.code, r.message)];
  const next = r.ticket;
  if (r.knownOutage) {
    await tellTeams(ctx, service, next.id, convertText.joinedOutage(ticket.code, next.code));
    await notifyReporters(
      tx,
      ticket,
      convertText.reporterKnownOutage(ticket.code, next.code, service.name),
      ctx.after,
    );
    return [convertText.toKnownOutage(ticket.code, next.code, service.name)];
  }
  await tellTeams(ctx, service, next.id, null);
  const priority = next.priority ?? 'P6';
  const responded = next.firstResponseAt !== null;
  await notifyReporters(
    tx,
    ticket,
    convertText.reporterIncident(
      ticket.code,
      next.code,
      priority,
      due(ctx, responded ? next.resolutionDueAt : next.responseDueAt),
      responded,
    ),
    ctx.after,
  );
  return [convertText.toIncident(ticket.code, next.code, service.name, priority)];
}

async function toRequest(ctx: Ctx): Promise<string[]> {
  const { tx, ticket, now } = ctx;
  const refusal = await refuseKind(ctx, 'REQUEST');
  if (refusal) return [staffText.refused(ticket.code, refusal)];
  const args = readArgs(ctx.rest, 'REQUEST');
  if (!args) return [staffText.usage('jadikan-permintaan')];
  const service = await pickService(ctx, args.service, 'REQUEST');
  if (typeof service === 'string') return [service];
  const r = await convertTicket(
    tx,
    ticket,
    { kind: 'REQUEST', service },
    ctx.actor,
    ctx.src.channel,
    now,
    ctx.deps.calendar,
  );
  if (!r.ok) return [staffText.refused(ticket.code, r.message)];
  const next = r.ticket;
  await tellTeams(ctx, service, next.id, null);
  await notifyReporters(
    tx,
    ticket,
    convertText.reporterRequest(
      ticket.code,
      next.code,
      next.resolutionDueAt ? due(ctx, next.resolutionDueAt) : null,
      next.approvalRequired,
    ),
    ctx.after,
  );
  return [convertText.toRequest(ticket.code, next.code, service.name, next.approvalRequired)];
}

/**
 * The new ticket's team hears of it (its escalation post, or `note` for a known outage they already
 * have); the old ticket's group, when another one, hears where it went. The chat the command came from
 * reads the reply instead.
 */
async function tellTeams(ctx: Ctx, service: Service, nextId: number, note: string | null): Promise<void> {
  const { tx, ticket, after } = ctx;
  const next = await tx.ticket.findUniqueOrThrow({ where: { id: nextId } });
  const newGroup = await teamTarget(tx, service.id);
  if (note === null) await escalateTicket(tx, next.id, ctx.deps.calendar, after, ctx.deps.media);
  else if (!sameChat(newGroup, ctx.src)) await postToTeam(tx, service.id, note, next.id, after);
  const oldGroup = await teamTarget(tx, ticket.serviceId);
  if (oldGroup && !sameChat(oldGroup, ctx.src) && !(newGroup && sameChat(oldGroup, newGroup)))
    await writeOutbox(
      tx,
      [
        {
          ...oldGroup,
          text: convertText.movedAway(ticket.code, next.code, service.name),
          ticketId: ticket.id,
        },
      ],
      after,
    );
  after.timers.add(ticket.id);
  after.timers.add(next.id);
}

/** /jadikan-gangguan: for the ticket's team or a coordinator. */
export const TO_INCIDENT: TicketCommand = { run: toIncident };

/** /jadikan-permintaan: for the ticket's team or a coordinator. */
export const TO_REQUEST: TicketCommand = { run: toRequest };
