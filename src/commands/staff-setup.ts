/**
 * Setting the helpdesk up by chat: asking for a staff role, an admin approving it, registering a
 * Pengelola Teknis group for a service or the helpdesk (Pengelola Layanan) group.
 */
import type { StaffRole } from '../domain.ts';
import { helpdeskText } from '../escalation/helpdesk-messages.ts';
import { staffText } from '../escalation/messages.ts';
import { providerSetupText } from '../escalation/provider-messages.ts';
import { writeOutbox } from '../outbox/write.ts';
import { adminChats } from '../staff/admins.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import type { Tx } from '../tickets/store.ts';
import { type CommandSource, nameOf } from './context.ts';
import { registerHelpdeskGroup } from './helpdesk.ts';
import type { Command } from './parse.ts';

const ROLE_WORDS: Record<string, StaffRole> = {
  'pengelola-layanan': 'PENGELOLA_LAYANAN',
  helpdesk: 'PENGELOLA_LAYANAN',
  'pengelola-teknis': 'PENGELOLA_TEKNIS',
  teknis: 'PENGELOLA_TEKNIS',
  koordinator: 'KOORDINATOR',
  penyedia: 'PENYEDIA',
};
const ROLE_NAMES: Record<StaffRole, string> = {
  PENGELOLA_LAYANAN: 'Pengelola Layanan',
  PENGELOLA_TEKNIS: 'Pengelola Teknis',
  KOORDINATOR: 'Koordinator Layanan',
  PENYEDIA: 'Penyedia Layanan',
  ADMIN: 'Admin',
};

export async function requestStaff(
  tx: Tx,
  deps: ConversationDeps,
  src: CommandSource,
  cmd: Command,
  groupId: number | null,
  now: Date,
  after: AfterCommit,
): Promise<string[]> {
  let teamGroupId = groupId;
  const [word, serviceCode] = cmd.rest.toLowerCase().split(/\s+/);
  const role = ROLE_WORDS[word ?? ''];
  if (!role) return [staffText.badRole];
  // A Pengelola Layanan asks in the helpdesk group, or privately (an officer who records phone reports
  // where there is no helpdesk group); never in a team's group.
  if (role === 'PENGELOLA_LAYANAN' && src.isGroup) {
    const group = teamGroupId ? await tx.teamGroup.findUnique({ where: { id: teamGroupId } }) : null;
    if (!group?.helpdesk) return [helpdeskText.registerInHelpdeskGroup];
  }
  // A Penyedia Layanan answers for the catalogue's provider of a service (all of its services), not a group.
  let provider: string | null = null;
  if (role === 'PENYEDIA') {
    if (!serviceCode) return [providerSetupText.needService];
    const service = await tx.service.findFirst({ where: { code: serviceCode, active: true } });
    if (!service) return [staffText.unknownService(serviceCode)];
    provider = service.providerName;
    teamGroupId = null;
  }
  // A switched-off role (a retired demo account, say) takes a new request.
  const existing = await tx.staff.findFirst({
    where: {
      contactId: src.contactId,
      role,
      teamGroupId,
      ...(provider ? { provider } : {}),
      OR: [{ active: true }, { approvedAt: null }],
    },
  });
  if (existing?.approvedAt) return [staffText.staffApprovedToRequester(ROLE_NAMES[role])];
  // Asked again while waiting: the admins were told the first time.
  if (existing && !existing.approvedAt) return [staffText.staffRequestPending(existing.id)];
  const request = await tx.staff.create({
    data: { contactId: src.contactId, role, teamGroupId, provider, createdAt: now },
  });
  const who = await nameOf(tx, src.contactId);
  const where = provider ? ` untuk ${provider}` : teamGroupId ? ` di grup ${src.chatId}` : '';
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

export async function approveStaff(tx: Tx, cmd: Command, now: Date, after: AfterCommit): Promise<string[]> {
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
      text: staffText.staffApprovedToRequester(
        `${ROLE_NAMES[request.role]}${request.provider ? ` (${request.provider})` : ''}`,
      ),
    })),
    after,
  );
  return [staffText.staffApproved(id)];
}

export async function registerGroup(tx: Tx, src: CommandSource, cmd: Command): Promise<string[]> {
  if (!src.isGroup) return [staffText.usage('daftar-grup')];
  const code = cmd.rest.split(/\s+/)[0]?.toLowerCase();
  if (!code) return [staffText.usage('daftar-grup')];
  if (code === 'helpdesk') return registerHelpdeskGroup(tx, src);
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
