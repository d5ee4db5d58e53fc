/**
 * The work on a ticket by whoever holds it at its level — the Pengelola Teknis, or the Pengelola Layanan
 * while it is at the helpdesk: claim, estimate, progress, priority, questions to the reporter,
 * resolution, moving it to another service.
 */
import type { Priority } from '../domain.ts';
import { helpdeskText } from '../escalation/helpdesk-messages.ts';
import { progressText, staffText } from '../escalation/messages.ts';
import { escalateTicket, notifyReporters } from '../escalation/notify.ts';
import { forwardToProvider } from '../escalation/provider.ts';
import { approvalText, providerText } from '../escalation/provider-messages.ts';
import { writeOutbox } from '../outbox/write.ts';
import { addBusinessTime } from '../sla/calendar.ts';
import { parseDuration } from '../sla/duration.ts';
import { derivePriority } from '../sla/priority.ts';
import { resumeClock } from '../sla/timers.ts';
import { tellReporter } from '../step/conversation.ts';
import { splitCause } from '../tickets/fields.ts';
import { awaitingApproval, decideTransition, OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { withOnBehalfNote } from '../tickets/reporting-method.ts';
import { factsOf, recordEvent, transitionTicket } from '../tickets/store.ts';
import {
  actorLabel,
  type Ctx,
  due,
  firstResponse,
  levelWorker,
  needsWork,
  progressSender,
  retarget,
  type Standing,
  type TicketCommand,
  type TicketWithService,
  teamOrCoordinator,
  ticketCalendar,
} from './context.ts';
import { noteCause, recordText } from './records.ts';

const HANDLERS = {
  async ambil(ctx: Ctx): Promise<string[]> {
    const { tx, ticket, now } = ctx;
    const response = firstResponse(ticket, now);
    const met = (response.responseMet ?? ticket.responseMet) !== false;
    const r = await transitionTicket(tx, ticket, 'claim', ctx.actor, ctx.src.channel, now, {
      assigneeId: ctx.actor.kind === 'staff' && ctx.actor.staffId ? ctx.actor.staffId : null,
      // A first response already given (by the helpdesk, or carried over from a kind change) stays the first.
      ...response,
    });
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
    await notifyReporters(
      tx,
      ticket,
      ticket.atHelpdesk
        ? helpdeskText.reporterClaimed(ticket.code)
        : progressText.claimed(ticket.code, ticket.service.technicalTeamName),
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
    const estimateDueAt = addBusinessTime(now, duration, ticketCalendar(ctx, ticket));
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
    await toProvider(ctx, providerText.estimate(due(ctx, estimateDueAt)));
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
    await toProvider(ctx, providerText.priority(priority, reason));
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
      { pausedAt: now, ...firstResponse(ticket, now) },
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
    // The reporter's window to confirm keeps office days whatever the ticket's clock: it waits for a person.
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
      {
        type: 'ticket_resolved',
        code: ticket.code,
        resolution: solution,
        // AUTO_CLOSE=false: nothing closes by itself, so nothing is announced.
        ...(ctx.deps.autoClose === false ? {} : { closesAt: confirmationDueAt }),
      },
      now,
      ctx.after,
    );
    await notifyReporters(tx, ticket, '', ctx.after, {
      skipReporter: true,
      followersText: progressText.resolvedFollower(ticket.code, solution),
    });
    const knownCause = cause ?? ticket.cause;
    await toProvider(
      ctx,
      providerText.resolved(knownCause ? `${solution} (penyebab: ${knownCause})` : solution),
    );
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
  // Helpdesk officers tell reporters how things stand on any open ticket, claimed or not (002:277).
  const refusal = needsWork(ticket, ctx.who.officer);
  if (refusal) return [refusal];
  const data = { text: ctx.rest, audience: toAll ? 'all' : 'reporter' };
  const response = firstResponse(ticket, now);
  // Progress from whoever holds the claimed ticket starts the work; anyone else's is only progress.
  const starts =
    ticket.status === 'ASSIGNED' && decideTransition(factsOf(ticket), 'start', ctx.actor, now).ok;
  if (starts) {
    const r = await transitionTicket(tx, ticket, 'start', ctx.actor, ctx.src.channel, now, response, data);
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
  } else {
    if (response.firstResponseAt) await tx.ticket.update({ where: { id: ticket.id }, data: response });
    await recordEvent(tx, ticket.id, 'update', actorLabel(ctx), ctx.src.channel, data, now);
  }
  if (response.firstResponseAt) ctx.after.timers.add(ticket.id);
  await toProvider(ctx, providerText.update(ctx.rest));
  const text = progressText.update(ticket.code, ctx.rest);
  const linked = await tx.ticketFollower.count({ where: { ticketId: ticket.id } });
  if (toAll) {
    await notifyReporters(tx, ticket, text, ctx.after);
    return [staffText.announced(ticket.code, linked)];
  }
  await writeOutbox(
    tx,
    [
      {
        channel: ticket.channel,
        chatId: ticket.chatId,
        text: withOnBehalfNote(text, ticket),
        ticketId: ticket.id,
      },
    ],
    ctx.after,
  );
  return [staffText.updated(ticket.code, linked)];
}

/** Who may use each: whoever holds the ticket at its level, progress also the helpdesk officers. */
const RULES: Partial<Record<keyof typeof HANDLERS, TicketCommand['refuse']>> = {
  ambil: levelWorker,
  tanya: levelWorker,
  selesai: levelWorker,
  update: progressSender,
  umumkan: progressSender,
};

/** Once the estimate was exceeded, what changed goes up to the service's Penyedia Layanan too (002:490). */
function toProvider(ctx: Ctx, what: string): Promise<void> {
  return forwardToProvider(ctx.tx, ctx.deps, ctx.ticket, what, ctx.after);
}

/** Work that waits for a change's approval by its Penyedia Layanan (002:275, 465). */
const AFTER_APPROVAL = new Set(['ambil', 'estimasi', 'update', 'umumkan', 'prioritas', 'tanya', 'selesai']);

/** `rule`, and for the work itself only once a change is approved. */
function onApproved(rule: NonNullable<TicketCommand['refuse']>): NonNullable<TicketCommand['refuse']> {
  return (who: Standing, ticket: TicketWithService) => {
    const refusal = rule(who, ticket);
    if (refusal || !awaitingApproval(ticket)) return refusal;
    return staffText.refused(
      ticket.code,
      ticket.approval === 'REJECTED' ? approvalText.rejected : approvalText.waiting,
    );
  };
}

/** The work commands; unless {@link RULES} says otherwise, for the ticket's team or a coordinator. */
export const WORK_COMMANDS: Record<string, TicketCommand> = Object.fromEntries(
  Object.entries(HANDLERS).map(([name, run]) => {
    const rule = RULES[name as keyof typeof HANDLERS] ?? teamOrCoordinator;
    return [name, { run, refuse: AFTER_APPROVAL.has(name) ? onApproved(rule) : rule }];
  }),
);
