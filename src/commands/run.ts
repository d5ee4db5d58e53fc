/**
 * Staff commands, run inside the message's transaction. Pengelola Teknis act on their own team's
 * tickets from their group chat; coordinators and admins anywhere. Every refusal says why, in
 * Indonesian, and changes nothing.
 */
import type { StaffRole } from '../domain.ts';
import { staffText } from '../escalation/messages.ts';
import { isAdmin } from '../staff/admins.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { findTicketCode } from '../tickets/code.ts';
import type { Actor } from '../tickets/lifecycle.ts';
import type { Tx } from '../tickets/store.ts';
import { type CommandSource, nameOf, type TicketWithService } from './context.ts';
import type { Command } from './parse.ts';
import { approveStaff, registerGroup, requestStaff } from './staff-setup.ts';
import { WORK_COMMANDS } from './work.ts';

export type { CommandSource } from './context.ts';

/** Commands on one ticket, by name. */
const HANDLERS = { ...WORK_COMMANDS };

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
