/**
 * The helpdesk level (Pengelola Layanan, 002:277, 463): registering the helpdesk group, and passing a
 * ticket to the technical team with one command (002:488).
 */
import { HELPDESK_GROUP_NAME, helpdeskText } from '../escalation/helpdesk-messages.ts';
import { staffText } from '../escalation/messages.ts';
import { escalateTicket, notifyReporters } from '../escalation/notify.ts';
import { resumeClock } from '../sla/timers.ts';
import { type Tx, transitionTicket } from '../tickets/store.ts';
import { type CommandSource, type Ctx, forwarder, type TicketCommand } from './context.ts';

/**
 * Makes the group chat the helpdesk group; one per deployment, so another one stops being it. Its
 * officers stay with it: they register again in the new one.
 */
export async function registerHelpdeskGroup(tx: Tx, src: CommandSource): Promise<string[]> {
  const where = { channel_chatId: { channel: src.channel, chatId: src.chatId } };
  const existing = await tx.teamGroup.findUnique({ where });
  if (existing?.helpdesk) return [helpdeskText.alreadyRegistered];
  const previous = await tx.teamGroup.findFirst({ where: { helpdesk: true }, orderBy: { id: 'asc' } });
  await tx.teamGroup.updateMany({ where: { helpdesk: true }, data: { helpdesk: false } });
  await tx.teamGroup.upsert({
    where,
    create: { channel: src.channel, chatId: src.chatId, name: HELPDESK_GROUP_NAME, helpdesk: true },
    update: { helpdesk: true, name: HELPDESK_GROUP_NAME },
  });
  return [helpdeskText.groupRegistered(previous ? `${previous.channel} ${previous.chatId}` : null)];
}

/**
 * /teruskan <kode> [catatan]: the ticket leaves the helpdesk for its service's team group, unclaimed and
 * open again, with the officer's note; the reporter is told.
 */
async function teruskan(ctx: Ctx): Promise<string[]> {
  const { tx, ticket, now } = ctx;
  const note = ctx.rest.trim();
  const r = await transitionTicket(
    tx,
    ticket,
    'forward',
    ctx.actor,
    ctx.src.channel,
    now,
    { ...resumeClock(ticket, now, ctx.deps.calendar), atHelpdesk: false, forwardedAt: now, assigneeId: null },
    note ? { note } : {},
  );
  if (!r.ok) return [staffText.refused(ticket.code, r.message)];
  const team = ticket.service.technicalTeamName;
  await escalateTicket(tx, ticket.id, ctx.deps.calendar, ctx.after, ctx.deps.media, {
    by: ctx.staffName,
    note,
  });
  await notifyReporters(tx, ticket, helpdeskText.reporterForwarded(ticket.code, team), ctx.after);
  return [helpdeskText.forwarded(ticket.code, team)];
}

/** The helpdesk's own ticket commands. */
export const HELPDESK_COMMANDS: Record<string, TicketCommand> = {
  teruskan: { run: teruskan, refuse: forwarder },
};
