/**
 * The Pengelola Teknis' work on a ticket: claim, estimate, progress, priority, questions to the reporter,
 * resolution, moving it to another service.
 */
import type { Priority } from '../domain.ts';
import { progressText, staffText } from '../escalation/messages.ts';
import { escalateTicket, notifyReporters } from '../escalation/notify.ts';
import { writeOutbox } from '../outbox/write.ts';
import { addBusinessTime } from '../sla/calendar.ts';
import { parseDuration } from '../sla/duration.ts';
import { derivePriority } from '../sla/priority.ts';
import { resumeClock } from '../sla/timers.ts';
import { tellReporter } from '../step/conversation.ts';
import { splitCause } from '../tickets/fields.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { recordEvent, transitionTicket } from '../tickets/store.ts';
import {
  actorLabel,
  type Ctx,
  due,
  needsWork,
  retarget,
  type TicketCommand,
  type TicketWithService,
} from './context.ts';
import { noteCause, recordText } from './records.ts';

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
    // An incident closes with its penyebab (Formulir E n, 002:514): given here or earlier with /penyebab.
    const incident = ticket.kind === 'INCIDENT';
    const { solution, cause } = incident ? splitCause(ctx.rest) : { solution: ctx.rest, cause: null };
    if (!solution) return [staffText.usage('selesai')];
    // A ticket that cannot be resolved any more hears why from the lifecycle, not about the cause.
    if (incident && !cause && !ticket.cause && OPEN_STATUSES.includes(ticket.status))
      return [recordText.causeNeeded(ticket.code)];
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
        resolution: solution,
        ...(cause ? { cause } : {}),
        confirmationDueAt,
        confirmationReminded: false,
      },
      { resolution: solution },
    );
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
    if (cause) await noteCause(ctx, cause);
    await tellReporter(
      tx,
      ctx.deps,
      ticket,
      { type: 'ticket_resolved', code: ticket.code, resolution: solution, closesAt: confirmationDueAt },
      now,
      ctx.after,
    );
    await notifyReporters(tx, ticket, '', ctx.after, {
      skipReporter: true,
      followersText: progressText.resolvedFollower(ticket.code, solution),
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

/** The work commands, each for the ticket's team or a coordinator. */
export const WORK_COMMANDS: Record<string, TicketCommand> = Object.fromEntries(
  Object.entries(HANDLERS).map(([name, run]) => [name, { run }]),
);
