/**
 * The Penyedia Layanan's decision on a change (002:275, 465; Formulir D e, 002:475): `/setujui <kode>
 * [catatan]` lets the team start, `/tolak <kode> <alasan>` closes the request with the reason sent to the
 * requester. Only the Penyedia of the ticket's service, or a coordinator or admin, may decide, and only once.
 */
import { staffText } from '../escalation/messages.ts';
import { notifyReporters, postToTeam } from '../escalation/notify.ts';
import { approvalText } from '../escalation/provider-messages.ts';
import { resumeClock } from '../sla/timers.ts';
import { type Actor, awaitingApproval, OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { actorLabel, recordEvent, transitionTicket } from '../tickets/store.ts';
import { type Ctx, due, type Standing, type TicketCommand, type TicketWithService } from './context.ts';

/** The Penyedia of the ticket's service, or a coordinator/admin; anyone else learns nothing of it. */
function providerOrCoordinator(who: Standing, ticket: TicketWithService): string | null {
  if (who.coordinator) return null;
  return providerRow(who, ticket) ? null : approvalText.notProvider;
}

function providerRow(who: Standing, ticket: TicketWithService) {
  return who.staff.find((s) => s.role === 'PENYEDIA' && s.provider === ticket.service.providerName);
}

/** The decider, for the audit trail and approvedBy: as the Penyedia of this provider when they are one. */
function decider(ctx: Ctx): Actor {
  const row = providerRow(ctx.who, ctx.ticket);
  return row && ctx.actor.kind === 'staff' ? { ...ctx.actor, staffId: row.id } : ctx.actor;
}

/** Why no decision can be taken on the ticket now, or null. Reads it again under a row lock. */
async function pendingDecision(ctx: Ctx): Promise<{ refusal: string } | { ticket: TicketWithService }> {
  const { tx } = ctx;
  // A decision and a second one (or a timer) must not act on the ticket at the same moment.
  await tx.$queryRaw`SELECT id FROM "Ticket" WHERE id = ${ctx.ticket.id} FOR UPDATE`;
  const ticket = (await tx.ticket.findUniqueOrThrow({
    where: { id: ctx.ticket.id },
    include: { service: true },
  })) as TicketWithService;
  if (!ticket.approvalRequired) return { refusal: approvalText.notNeeded(ticket.code) };
  if (ticket.approval === 'APPROVED' || ticket.approval === 'REJECTED')
    return {
      refusal: approvalText.alreadyDecided(
        ticket.code,
        ticket.approval === 'APPROVED',
        due(ctx, ticket.approvedAt),
      ),
    };
  if (!OPEN_STATUSES.includes(ticket.status) || !awaitingApproval(ticket))
    return { refusal: approvalText.notOpen(ticket.code) };
  return { ticket };
}

/** /setujui <kode> [catatan] */
export const approveCommand: TicketCommand = {
  refuse: providerOrCoordinator,
  async run(ctx) {
    const { tx, now } = ctx;
    const checked = await pendingDecision(ctx);
    if ('refusal' in checked) return [checked.refusal];
    const { ticket } = checked;
    const note = ctx.rest.trim();
    const by = actorLabel(decider(ctx));
    await tx.ticket.update({
      where: { id: ticket.id },
      data: { approval: 'APPROVED', approvedAt: now, approvedBy: by, approvalNote: note || null },
    });
    await recordEvent(tx, ticket.id, 'approved', by, ctx.src.channel, { approval: 'APPROVED', note }, now);
    await notifyReporters(tx, ticket, approvalText.approvedReporter(ticket.code), ctx.after);
    await postToTeam(
      tx,
      ticket.serviceId,
      approvalText.approvedTeam(ticket.code, ctx.staffName, note),
      ticket.id,
      ctx.after,
    );
    ctx.after.timers.add(ticket.id);
    return [approvalText.approvedReply(ticket.code)];
  },
};

/** /tolak <kode> <alasan> */
export const rejectCommand: TicketCommand = {
  refuse: providerOrCoordinator,
  async run(ctx) {
    const { tx, now } = ctx;
    const reason = ctx.rest.trim();
    if (!reason) return [staffText.usage('tolak')];
    const checked = await pendingDecision(ctx);
    if ('refusal' in checked) return [checked.refusal];
    const { ticket } = checked;
    const actor = decider(ctx);
    const r = await transitionTicket(
      tx,
      ticket,
      'reject',
      actor,
      ctx.src.channel,
      now,
      {
        ...resumeClock(ticket, now, ctx.deps.calendar),
        approval: 'REJECTED',
        approvedAt: now,
        approvedBy: actorLabel(actor),
        approvalNote: reason,
        closedAt: now,
      },
      { approval: 'REJECTED', reason },
    );
    if (!r.ok) return [staffText.refused(ticket.code, r.message)];
    // Closed by the decision: no confirmation and no rating are asked; its timers find it closed.
    await notifyReporters(tx, ticket, approvalText.rejectedReporter(ticket.code, reason), ctx.after);
    await postToTeam(
      tx,
      ticket.serviceId,
      approvalText.rejectedTeam(ticket.code, ctx.staffName, reason),
      ticket.id,
      ctx.after,
    );
    ctx.after.timers.add(ticket.id);
    return [approvalText.rejectedReply(ticket.code)];
  },
};
