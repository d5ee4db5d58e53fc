/**
 * Staff commands, run inside the message's transaction. Pengelola Teknis act on their own team's
 * tickets from their group chat; Pengelola Layanan (helpdesk officers) on tickets at the helpdesk level
 * and on progress from the helpdesk group; coordinators and admins anywhere. Every refusal says why, in
 * Indonesian, and changes nothing.
 */
import type { StaffRole } from '../domain.ts';
import { helpdeskText } from '../escalation/helpdesk-messages.ts';
import { staffText } from '../escalation/messages.ts';
import { isAdmin } from '../staff/admins.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { findTicketCode } from '../tickets/code.ts';
import type { Actor } from '../tickets/lifecycle.ts';
import type { Tx } from '../tickets/store.ts';
import { approveCommand, rejectCommand } from './approval.ts';
import { CATAT_COMMANDS } from './catat.ts';
import {
  type CommandSource,
  type GeneralCommand,
  nameOf,
  type Standing,
  type TicketCommand,
  type TicketWithService,
  teamOrCoordinator,
} from './context.ts';
import { TO_INCIDENT, TO_REQUEST } from './convert.ts';
import { EVALUATION_COMMANDS } from './evaluation-commands.ts';
import { helpFor } from './help.ts';
import { HELPDESK_COMMANDS } from './helpdesk.ts';
import { LISTING_COMMANDS } from './listings.ts';
import type { Command } from './parse.ts';
import { RECORD_COMMANDS } from './records.ts';
import { approveStaff, registerGroup, requestStaff } from './staff-setup.ts';
import { STATUS_COMMAND } from './status.ts';
import { WORK_COMMANDS } from './work.ts';

export type { CommandSource } from './context.ts';

/** Commands on one ticket, by name. */
const TICKET_COMMANDS: Record<string, TicketCommand> = {
  ...WORK_COMMANDS,
  ...HELPDESK_COMMANDS,
  status: STATUS_COMMAND,
  'jadikan-gangguan': TO_INCIDENT,
  'jadikan-permintaan': TO_REQUEST,
  setujui: approveCommand,
  tolak: rejectCommand,
  ...RECORD_COMMANDS,
};

/** Staff commands without a ticket, by name. */
const GENERAL_COMMANDS: Record<string, GeneralCommand> = {
  ...LISTING_COMMANDS,
  ...CATAT_COMMANDS,
  ...EVALUATION_COMMANDS,
};

/** Commands a person who is not staff may also type: they go to the conversation as these words. */
const CITIZEN_WORDS: Record<string, string> = { status: 'status', bantuan: 'bantuan', help: 'bantuan' };

/** A command typed by someone it is not for, to be read by the conversation instead (a citizen's /status). */
export interface AsConversation {
  asConversation: string;
}

/** Runs the command; returns the replies for the chat it came from. */
export async function runCommand(
  tx: Tx,
  deps: ConversationDeps,
  src: CommandSource,
  cmd: Command,
  now: Date,
  after: AfterCommit,
): Promise<string[] | AsConversation> {
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
  if (cmd.name === 'daftar-staf') return requestStaff(tx, deps, src, cmd, group?.id ?? null, now, after);
  if (cmd.name === 'daftar-grup') {
    if (!admin) return [staffText.notAdmin];
    return registerGroup(tx, src, cmd);
  }
  if (cmd.name === 'setujui-staf') {
    if (!admin) return [staffText.notAdmin];
    return approveStaff(tx, cmd, now, after);
  }
  // A Pengelola Layanan registered in a group is one of the current helpdesk group's: moving the
  // helpdesk moves the role. One registered privately keeps it.
  const desk = await tx.teamGroup.findFirst({ where: { helpdesk: true }, orderBy: { id: 'asc' } });
  const staff = (
    await tx.staff.findMany({
      where: { contactId: src.contactId, active: true, approvedAt: { not: null } },
    })
  ).filter((s) => s.role !== 'PENGELOLA_LAYANAN' || s.teamGroupId === null || s.teamGroupId === desk?.id);
  const roles = new Set<StaffRole>(staff.map((s) => s.role));
  if (admin) roles.add('ADMIN');
  const citizenWords = Object.hasOwn(CITIZEN_WORDS, cmd.name) ? CITIZEN_WORDS[cmd.name] : undefined;
  if (roles.size === 0 && citizenWords && !src.isGroup)
    return { asConversation: `${citizenWords} ${cmd.rest}`.trim() };
  if (cmd.name === 'bantuan' || cmd.name === 'help')
    return [group?.helpdesk ? helpdeskText.help : helpFor(roles)];
  const general = Object.hasOwn(GENERAL_COMMANDS, cmd.name) ? GENERAL_COMMANDS[cmd.name] : undefined;
  const command = Object.hasOwn(TICKET_COMMANDS, cmd.name) ? TICKET_COMMANDS[cmd.name] : undefined;
  if (!general && !command) return [staffText.unknownCommand(cmd.name)];
  if (roles.size === 0) return [staffText.notStaff];
  const coordinator = roles.has('KOORDINATOR') || roles.has('ADMIN');
  if (src.isGroup && !group && !coordinator) return [staffText.groupNotRegistered];
  const teamGroupIds = staff
    .filter((s) => s.role === 'PENGELOLA_TEKNIS' && s.teamGroupId !== null)
    .map((s) => s.teamGroupId as number);
  const officer = roles.has('PENGELOLA_LAYANAN');
  const who: Standing = { roles, staff, coordinator, group, teamGroupIds, officer };
  const base = { tx, deps, src, who, now, after, staffName: await nameOf(tx, src.contactId) };
  if (general) {
    const refusal = general.refuse(who);
    return refusal ? [refusal] : general.run({ ...base, rest: cmd.rest });
  }
  if (!command) return [staffText.unknownCommand(cmd.name)];
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
  if (!ticket) return [command.notFound?.(code) ?? staffText.ticketNotFound(code)];
  const refusal = (command.refuse ?? teamOrCoordinator)(who, ticket);
  if (refusal) return [refusal];

  const own =
    (ticket.atHelpdesk ? staff.find((s) => s.role === 'PENGELOLA_LAYANAN') : undefined) ??
    staff.find((s) => s.teamGroupId === ticket.service.teamGroupId) ??
    staff[0];
  const actor: Actor = {
    kind: 'staff',
    staffId: own?.id ?? 0,
    roles: [...roles],
    teamGroupIds,
    providers: staff.flatMap((s) => (s.role === 'PENYEDIA' && s.provider ? [s.provider] : [])),
  };
  return command.run({ ...base, ticket, rest, actor });
}
