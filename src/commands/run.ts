/**
 * Staff commands, run inside the message's transaction. Pengelola Teknis act on their own team's
 * tickets from their group chat; coordinators and admins anywhere. Every refusal says why, in
 * Indonesian, and changes nothing.
 */
import type { ChatRef } from '../channel.ts';
import type { Priority, StaffRole } from '../domain.ts';
import { maskIdentity, progressText, staffText } from '../escalation/messages.ts';
import { escalateTicket, notifyReporters } from '../escalation/notify.ts';
import type { Ticket } from '../generated/prisma/client.ts';
import { writeOutbox } from '../outbox/write.ts';
import { addBusinessTime } from '../sla/calendar.ts';
import { parseDuration } from '../sla/duration.ts';
import { derivePriority, describeDue } from '../sla/priority.ts';
import { priorityTargets } from '../sla/targets.ts';
import { resumeClock } from '../sla/timers.ts';
import { adminChats, isAdmin } from '../staff/admins.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import { tellReporter } from '../step/conversation.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { findTicketCode } from '../tickets/code.ts';
import type { Actor } from '../tickets/lifecycle.ts';
import { recordEvent, type Tx, transitionTicket } from '../tickets/store.ts';
import type { Command } from './parse.ts';

/** The chat a command was typed in, and who typed it. */
export interface CommandSource extends ChatRef {
  isGroup: boolean;
  fromId: string;
  contactId: number;
  /** The platform id of the message this one replies to, if any. */
  replyTo: string | null;
}

const ROLE_WORDS: Record<string, StaffRole> = {
  'pengelola-teknis': 'PENGELOLA_TEKNIS',
  teknis: 'PENGELOLA_TEKNIS',
  koordinator: 'KOORDINATOR',
  penyedia: 'PENYEDIA',
};
const ROLE_NAMES: Record<StaffRole, string> = {
  PENGELOLA_TEKNIS: 'Pengelola Teknis',
  KOORDINATOR: 'Koordinator Layanan',
  PENYEDIA: 'Penyedia Layanan',
  ADMIN: 'Admin',
};

type TicketWithService = Ticket & {
  service: {
    id: number;
    name: string;
    code: string;
    teamGroupId: number | null;
    technicalTeamName: string;
    nature: 'PUBLIK' | 'ADMINISTRASI';
    classification: 'KRITIS' | 'ESENSIAL' | 'NORMAL';
  };
};

/** Runs the command; returns the replies for the chat it came from. */
export async function runCommand(
  tx: Tx,
  deps: ConversationDeps,
  src: CommandSource,
  cmd: Command,
  now: Date,
  after: AfterCommit,
): Promise<string[]> {
  const identities = await tx.contactIdentity.findMany({
    where: { contactId: src.contactId },
    select: { channel: true, externalId: true },
  });
  const admin = isAdmin(deps.admins, [{ channel: src.channel, externalId: src.fromId }, ...identities]);
  const group = src.isGroup
    ? await tx.teamGroup.findUnique({
        where: { channel_chatId: { channel: src.channel, chatId: src.chatId } },
      })
    : null;

  // Commands anyone may use.
  if (cmd.name === 'bantuan' || cmd.name === 'help') return [staffText.help];
  if (cmd.name === 'daftar-staf') return requestStaff(tx, deps, src, cmd, group?.id ?? null, now, after);
  if (cmd.name === 'daftar-grup') {
    if (!admin) return [staffText.notAdmin];
    return registerGroup(tx, src, cmd);
  }
  if (cmd.name === 'setujui-staf') {
    if (!admin) return [staffText.notAdmin];
    return approveStaff(tx, cmd, now, after);
  }
  if (!Object.hasOwn(HANDLERS, cmd.name)) return [staffText.unknownCommand(cmd.name)];

  const staff = await tx.staff.findMany({
    where: { contactId: src.contactId, active: true, approvedAt: { not: null } },
  });
  const roles = new Set<StaffRole>(staff.map((s) => s.role));
  if (admin) roles.add('ADMIN');
  if (roles.size === 0) return [staffText.notStaff];
  const coordinator = roles.has('KOORDINATOR') || roles.has('ADMIN');
  if (src.isGroup && !group && !coordinator) return [staffText.groupNotRegistered];

  // The ticket: named in the command, or the one whose escalation message this replies to.
  let rest = cmd.rest;
  const found = findTicketCode(rest);
  let code = found?.code;
  if (found) rest = rest.replace(/^\s*(ggn|lyn)[\s\-_./]*\d{4}[\s\-_./]*\d{1,6}\s*/i, '');
  else if (src.replyTo) {
    const original = await tx.outboundMessage.findFirst({
      where: { channel: src.channel, chatId: src.chatId, externalId: src.replyTo, ticketId: { not: null } },
    });
    if (original?.ticketId) code = (await tx.ticket.findUnique({ where: { id: original.ticketId } }))?.code;
  }
  if (!code) return [staffText.usage(cmd.name)];
  const ticket = (await tx.ticket.findUnique({
    where: { code },
    include: { service: true },
  })) as TicketWithService | null;
  if (!ticket) return [staffText.ticketNotFound(code)];
  // Pengelola Teknis act only on their own team's tickets, wherever they type; coordinators on any.
  const teamGroupIds = staff
    .filter((s) => s.role === 'PENGELOLA_TEKNIS' && s.teamGroupId !== null)
    .map((s) => s.teamGroupId as number);
  const ownTeam = ticket.service.teamGroupId !== null && teamGroupIds.includes(ticket.service.teamGroupId);
  if (!coordinator && (!ownTeam || (group && ticket.service.teamGroupId !== group.id)))
    return [staffText.notThisTeam(code, ticket.service.technicalTeamName)];

  const own = staff.find((s) => s.teamGroupId === ticket.service.teamGroupId) ?? staff[0];
  const actor: Actor = {
    kind: 'staff',
    staffId: own?.id ?? 0,
    roles: [...roles],
    teamGroupIds,
  };
  const handler = HANDLERS[cmd.name as keyof typeof HANDLERS];
  return handler({
    tx,
    deps,
    src,
    ticket,
    rest,
    actor,
    now,
    after,
    staffName: await nameOf(tx, src.contactId),
  });
}

interface Ctx {
  tx: Tx;
  deps: ConversationDeps;
  src: CommandSource;
  ticket: TicketWithService;
  rest: string;
  actor: Actor;
  now: Date;
  after: AfterCommit;
  staffName: string;
}

/** How staff are named in chats: their name, else a masked id — never a whole phone number or user id. */
async function nameOf(tx: Tx, contactId: number): Promise<string> {
  const c = await tx.contact.findUnique({ where: { id: contactId }, include: { identities: true } });
  const ids = new Set(c?.identities.map((i) => i.externalId));
  const name = [c?.name, ...(c?.identities.map((i) => i.displayName) ?? [])].find(
    (n): n is string => !!n?.trim() && !ids.has(n),
  );
  if (name) return name;
  const id = c?.identities[0]?.externalId;
  return id ? maskIdentity(id) : 'petugas';
}

function due(ctx: Ctx, d: Date | null): string {
  return d ? describeDue(d, ctx.deps.calendar) : '-';
}

const HANDLERS = {
  async ambil(ctx: Ctx): Promise<string[]> {
    const { tx, ticket, now } = ctx;
    const met = ticket.responseDueAt ? now <= ticket.responseDueAt : true;
    const r = await transitionTicket(tx, ticket, 'claim', ctx.actor, ctx.src.channel, now, {
      assigneeId: ctx.actor.kind === 'staff' && ctx.actor.staffId ? ctx.actor.staffId : null,
      firstResponseAt: now,
      responseMet: ticket.responseDueAt ? met : null,
    });
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
    await notifyReporters(
      tx,
      ticket,
      progressText.claimed(ticket.code, ticket.service.technicalTeamName),
      ctx.after,
    );
    ctx.after.timers.add(ticket.id);
    return [staffText.claimed(ticket.code, ctx.staffName, met)];
  },

  async estimasi(ctx: Ctx): Promise<string[]> {
    const { tx, ticket, now } = ctx;
    if (!ctx.rest) return [staffText.usage('estimasi')];
    const duration = parseDuration(ctx.rest);
    if (!duration) return [staffText.badDuration(ctx.rest)];
    const refusal = needsWork(ticket);
    if (refusal) return [refusal];
    const estimateDueAt = addBusinessTime(now, duration, ctx.deps.calendar);
    await tx.ticket.update({ where: { id: ticket.id }, data: { estimateDueAt, estimateExceeded: false } });
    await recordEvent(
      tx,
      ticket.id,
      'estimate',
      actorLabel(ctx),
      ctx.src.channel,
      { estimateDueAt, duration },
      now,
    );
    await notifyReporters(tx, ticket, progressText.estimate(ticket.code, due(ctx, estimateDueAt)), ctx.after);
    ctx.after.timers.add(ticket.id);
    return [staffText.estimated(ticket.code, due(ctx, estimateDueAt))];
  },

  /** Progress for the ticket's own reporter only: staff may write things meant for that person alone. */
  async update(ctx: Ctx): Promise<string[]> {
    return progress(ctx, 'update', false);
  },

  /** Progress for the reporter and every reporter linked to the ticket as a known outage. */
  async umumkan(ctx: Ctx): Promise<string[]> {
    return progress(ctx, 'umumkan', true);
  },

  async prioritas(ctx: Ctx): Promise<string[]> {
    const { tx, ticket, now } = ctx;
    const m = /^(p[1-6])\b\s*([\s\S]*)$/i.exec(ctx.rest);
    if (!ctx.rest) return [staffText.usage('prioritas')];
    if (!m?.[1]) return [staffText.badPriority];
    if (ticket.kind !== 'INCIDENT')
      return [staffText.refused(ticket.code, 'prioritas hanya untuk tiket gangguan.')];
    if (!['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'].includes(ticket.status))
      return [staffText.refused(ticket.code, 'tiket sudah selesai atau ditutup.')];
    const priority = m[1].toUpperCase() as Priority;
    const reason = (m[2] ?? '').trim();
    const changes = retarget(ctx, ticket, priority);
    await tx.ticket.update({ where: { id: ticket.id }, data: { priority, ...changes } });
    await recordEvent(
      tx,
      ticket.id,
      'priority_changed',
      actorLabel(ctx),
      ctx.src.channel,
      { from: ticket.priority, to: priority, reason },
      now,
    );
    await notifyReporters(
      tx,
      ticket,
      progressText.priority(ticket.code, priority, due(ctx, changes.resolutionDueAt)),
      ctx.after,
    );
    ctx.after.timers.add(ticket.id);
    return [
      staffText.reprioritised(
        ticket.code,
        priority,
        ticket.firstResponseAt ? null : due(ctx, changes.responseDueAt ?? null),
        due(ctx, changes.resolutionDueAt),
      ),
    ];
  },

  async tanya(ctx: Ctx): Promise<string[]> {
    const { tx, ticket, now } = ctx;
    if (!ctx.rest) return [staffText.usage('tanya')];
    const r = await transitionTicket(
      tx,
      ticket,
      'ask_reporter',
      ctx.actor,
      ctx.src.channel,
      now,
      { pausedAt: now },
      { question: ctx.rest },
    );
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
    await tellReporter(
      tx,
      ctx.deps,
      ticket,
      { type: 'ticket_question', code: ticket.code, question: ctx.rest },
      now,
      ctx.after,
    );
    ctx.after.timers.add(ticket.id);
    return [staffText.asked(ticket.code)];
  },

  async selesai(ctx: Ctx): Promise<string[]> {
    const { tx, ticket, now } = ctx;
    if (!ctx.rest) return [staffText.usage('selesai')];
    const confirmationDueAt = addBusinessTime(
      now,
      { value: ctx.deps.confirmationDays, unit: 'days' },
      ctx.deps.calendar,
    );
    const r = await transitionTicket(
      tx,
      ticket,
      'resolve',
      ctx.actor,
      ctx.src.channel,
      now,
      {
        ...resumeClock(ticket, now, ctx.deps.calendar),
        resolvedAt: now,
        resolution: ctx.rest,
        confirmationDueAt,
        confirmationReminded: false,
      },
      { resolution: ctx.rest },
    );
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
    await tellReporter(
      tx,
      ctx.deps,
      ticket,
      { type: 'ticket_resolved', code: ticket.code, resolution: ctx.rest, closesAt: confirmationDueAt },
      now,
      ctx.after,
    );
    await notifyReporters(tx, ticket, '', ctx.after, {
      skipReporter: true,
      followersText: progressText.resolvedFollower(ticket.code, ctx.rest),
    });
    ctx.after.timers.add(ticket.id);
    return [staffText.resolvedAsk(ticket.code)];
  },

  async alihkan(ctx: Ctx): Promise<string[]> {
    const { tx, ticket, now } = ctx;
    const target = ctx.rest.split(/\s+/)[0]?.toLowerCase();
    if (!target) return [staffText.usage('alihkan')];
    const refusal = needsWork(ticket, true);
    if (refusal) return [refusal];
    const service = await tx.service.findFirst({ where: { code: target, active: true } });
    if (!service) return [staffText.unknownService(target)];
    const moved = { ...ticket, service: { ...ticket.service, ...service } } as TicketWithService;
    const priority =
      ticket.kind === 'INCIDENT' && ticket.impact
        ? derivePriority(ticket.impact, service.nature, service.classification)
        : null;
    const changes = priority ? { priority, ...retarget(ctx, moved, priority) } : {};
    await tx.ticket.update({ where: { id: ticket.id }, data: { serviceId: service.id, ...changes } });
    await recordEvent(
      tx,
      ticket.id,
      'moved',
      actorLabel(ctx),
      ctx.src.channel,
      { from: ticket.service.code, to: service.code, priority: priority ?? ticket.priority, ...changes },
      now,
    );
    await escalateTicket(tx, ticket.id, ctx.deps.calendar, ctx.after, ctx.deps.media);
    await notifyReporters(tx, ticket, progressText.moved(ticket.code, service.name), ctx.after);
    return [staffText.moved(ticket.code, service.name)];
  },
};

async function progress(ctx: Ctx, command: 'update' | 'umumkan', toAll: boolean): Promise<string[]> {
  const { tx, ticket, now } = ctx;
  if (!ctx.rest) return [staffText.usage(command)];
  const refusal = needsWork(ticket);
  if (refusal) return [refusal];
  const data = { text: ctx.rest, audience: toAll ? 'all' : 'reporter' };
  if (ticket.status === 'ASSIGNED') {
    const r = await transitionTicket(tx, ticket, 'start', ctx.actor, ctx.src.channel, now, {}, data);
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
  } else {
    await recordEvent(tx, ticket.id, 'update', actorLabel(ctx), ctx.src.channel, data, now);
  }
  const text = progressText.update(ticket.code, ctx.rest);
  const linked = await tx.ticketFollower.count({ where: { ticketId: ticket.id } });
  if (toAll) {
    await notifyReporters(tx, ticket, text, ctx.after);
    return [staffText.announced(ticket.code, linked)];
  }
  await writeOutbox(
    tx,
    [{ channel: ticket.channel, chatId: ticket.chatId, text, ticketId: ticket.id }],
    ctx.after,
  );
  return [staffText.updated(ticket.code, linked)];
}

/** A command that works on a ticket needs it claimed and not finished. */
function needsWork(ticket: Ticket, allowOpen = false): string | null {
  if (ticket.status === 'OPEN' && !allowOpen)
    return staffText.refused(ticket.code, `ambil dulu dengan /ambil ${ticket.code}.`);
  if (!['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'].includes(ticket.status))
    return staffText.refused(ticket.code, 'tiket sudah selesai, ditutup atau dibatalkan.');
  return null;
}

/** Due times for a new priority, counted from the report and shifted by the time spent paused. */
function retarget(ctx: Ctx, ticket: Ticket, priority: Priority) {
  const cal = ctx.deps.calendar;
  const base = priorityTargets(priority, ticket.createdAt, cal);
  const shifted = (d: Date) => addBusinessTime(d, { value: ticket.pausedMinutes, unit: 'minutes' }, cal);
  return {
    ...(ticket.firstResponseAt ? {} : { responseDueAt: shifted(base.responseDueAt) }),
    resolutionDueAt: shifted(base.resolutionDueAt),
  };
}

function actorLabel(ctx: Ctx): string {
  return ctx.actor.kind === 'staff' ? `staff:${ctx.actor.staffId}` : 'system';
}

async function requestStaff(
  tx: Tx,
  deps: ConversationDeps,
  src: CommandSource,
  cmd: Command,
  teamGroupId: number | null,
  now: Date,
  after: AfterCommit,
): Promise<string[]> {
  const role = ROLE_WORDS[cmd.rest.toLowerCase().split(/\s+/)[0] ?? ''];
  if (!role) return [staffText.badRole];
  // A switched-off role (a retired demo account, say) takes a new request.
  const existing = await tx.staff.findFirst({
    where: { contactId: src.contactId, role, teamGroupId, OR: [{ active: true }, { approvedAt: null }] },
  });
  if (existing?.approvedAt) return [staffText.staffApprovedToRequester(ROLE_NAMES[role])];
  // Asked again while waiting: the admins were told the first time.
  if (existing && !existing.approvedAt) return [staffText.staffRequestPending(existing.id)];
  const request = await tx.staff.create({
    data: { contactId: src.contactId, role, teamGroupId, createdAt: now },
  });
  const who = await nameOf(tx, src.contactId);
  const where = teamGroupId ? ` di grup ${src.chatId}` : '';
  const admins = adminChats(deps.admins).map((a) => ({ ...a, isGroup: false }));
  await writeOutbox(
    tx,
    admins.map((a) => ({
      ...a,
      text: staffText.staffRequestToAdmin(request.id, who, ROLE_NAMES[role], where),
    })),
    after,
  );
  return [staffText.staffRequested(request.id)];
}

async function approveStaff(tx: Tx, cmd: Command, now: Date, after: AfterCommit): Promise<string[]> {
  const id = Number(cmd.rest.replace(/^#/, ''));
  const request = Number.isInteger(id)
    ? await tx.staff.findUnique({ where: { id }, include: { contact: { include: { identities: true } } } })
    : null;
  if (!request || request.approvedAt) return [staffText.staffRequestNotFound(cmd.rest)];
  await tx.staff.update({ where: { id }, data: { approvedAt: now, approvedBy: 'admin' } });
  await writeOutbox(
    tx,
    request.contact.identities.map((i) => ({
      channel: i.channel,
      chatId: i.externalId,
      text: staffText.staffApprovedToRequester(ROLE_NAMES[request.role]),
    })),
    after,
  );
  return [staffText.staffApproved(id)];
}

async function registerGroup(tx: Tx, src: CommandSource, cmd: Command): Promise<string[]> {
  if (!src.isGroup) return [staffText.usage('daftar-grup')];
  const code = cmd.rest.split(/\s+/)[0]?.toLowerCase();
  if (!code) return [staffText.usage('daftar-grup')];
  const service = await tx.service.findFirst({ where: { code, active: true } });
  if (!service) return [staffText.unknownService(code)];
  const group = await tx.teamGroup.upsert({
    where: { channel_chatId: { channel: src.channel, chatId: src.chatId } },
    create: { channel: src.channel, chatId: src.chatId, name: service.technicalTeamName },
    update: {},
  });
  await tx.service.update({ where: { id: service.id }, data: { teamGroupId: group.id } });
  return [staffText.groupRegistered(service.name)];
}
