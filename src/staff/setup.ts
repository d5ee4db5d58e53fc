/**
 * Teams and staff from configuration, and the demo setup of the embedded default: with only the
 * simulator running and no admins, teams or staff configured, every service gets a simulator group
 * `pt-<code>` with demo staff, so the whole flow — report, escalation, /ambil, /selesai, rating — can be
 * tried on the simulator page. Outside demo mode the demo's staff and groups have no power at all.
 */
import { type Config, splitStaffUser } from '../config.ts';
import { resolveContact } from '../contacts/resolve-contact.ts';
import type { Db } from '../db/client.ts';
import type { ChannelName, StaffRole } from '../domain.ts';
import type { Logger } from '../logger.ts';
import type { Tx } from '../tickets/store.ts';

const ROLE: Record<string, StaffRole> = {
  'pengelola-teknis': 'PENGELOLA_TEKNIS',
  koordinator: 'KOORDINATOR',
  penyedia: 'PENYEDIA',
};

export const DEMO_ADMIN = 'simulator:admin';

/**
 * True when nothing real is configured — no chat platform but the simulator, no admins, teams or staff:
 * then the demo setup applies. Anything configured means a real deployment.
 */
export function isDemo(config: Pick<Config, 'channels' | 'admins' | 'teamGroups' | 'staff'>): boolean {
  return (
    config.channels.every((c) => c === 'simulator') &&
    config.admins.length === 0 &&
    config.teamGroups.length === 0 &&
    config.staff.length === 0
  );
}

/**
 * Takes every power the demo gave away: its staff are deactivated and services routed to its groups lose
 * that route (they escalate to the coordinators until a real group is registered). Returns how many
 * staff rows were switched off.
 */
export async function retireDemo(db: Db, log: Logger): Promise<number> {
  return db.$transaction(async (tx) => {
    const staff = await tx.staff.updateMany({
      where: { approvedBy: 'demo', active: true },
      data: { active: false },
    });
    const routes = await tx.service.updateMany({
      where: { teamGroup: { demo: true } },
      data: { teamGroupId: null },
    });
    if (staff.count || routes.count)
      log.warn({ staff: staff.count, services: routes.count }, 'demo staff and groups retired');
    return staff.count;
  });
}

async function ensureStaff(
  tx: Tx,
  contactId: number,
  role: StaffRole,
  teamGroupId: number | null,
  by: string,
  provider: string | null = null,
): Promise<void> {
  const existing = await tx.staff.findFirst({ where: { contactId, role, teamGroupId, provider } });
  if (!existing)
    await tx.staff.create({
      data: { contactId, role, teamGroupId, provider, approvedAt: new Date(), approvedBy: by },
    });
  else if (!existing.active || !existing.approvedAt)
    await tx.staff.update({
      where: { id: existing.id },
      data: { active: true, approvedAt: existing.approvedAt ?? new Date(), approvedBy: by },
    });
}

export async function applyTeamConfig(db: Db, config: Config, log: Logger): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const entry of config.teamGroups) {
      const [code, target] = entry.split('=') as [string, string];
      const [channel, ...rest] = target.split(':');
      const service = await tx.service.findUnique({ where: { code } });
      if (!service) {
        log.warn({ service: code }, 'TEAM_GROUPS names a service that is not in the catalogue');
        continue;
      }
      const chatId = rest.join(':');
      const group = await tx.teamGroup.upsert({
        where: { channel_chatId: { channel: channel as ChannelName, chatId } },
        create: { channel: channel as ChannelName, chatId, name: service.technicalTeamName },
        // A configured group is a real one, even if the demo once made it.
        update: { demo: false },
      });
      await tx.service.update({ where: { id: service.id }, data: { teamGroupId: group.id } });
    }
    for (const entry of config.staff) {
      const [roleWord, channel, rest] = splitStaff(entry);
      const { userId, serviceCode } = splitStaffUser(rest);
      // A configured id (often a phone number) is no name: the contact gets one when the person writes.
      const contactId = await resolveContact(tx, channel as ChannelName, userId, null);
      const role = ROLE[roleWord] as StaffRole;
      const service = serviceCode ? await tx.service.findUnique({ where: { code: serviceCode } }) : null;
      if (serviceCode && !service)
        log.warn({ service: serviceCode }, 'HELPDESK_STAFF names a service that is not in the catalogue');
      // A Penyedia Layanan answers for the service's provider (all its services); the others for its group.
      if (role === 'PENYEDIA')
        await ensureStaff(tx, contactId, role, null, 'config', service?.providerName ?? null);
      else await ensureStaff(tx, contactId, role, service?.teamGroupId ?? null, 'config');
    }
  });
}

function splitStaff(entry: string): [string, string, string] {
  const [role, channel, ...rest] = entry.split(':');
  return [role ?? '', channel ?? '', rest.join(':')];
}

/** The demo teams; returns the chats of groups created now, to greet them. */
export async function setUpDemo(db: Db, log: Logger): Promise<{ chatId: string; service: string }[]> {
  const created: { chatId: string; service: string }[] = [];
  await db.$transaction(async (tx) => {
    const services = await tx.service.findMany({ where: { active: true }, orderBy: { id: 'asc' } });
    const teknisi = [
      await resolveContact(tx, 'simulator', 'teknisi1', 'Teknisi 1'),
      await resolveContact(tx, 'simulator', 'teknisi2', 'Teknisi 2'),
    ];
    await ensureStaff(
      tx,
      await resolveContact(tx, 'simulator', 'koordinator1', 'Koordinator 1'),
      'KOORDINATOR',
      null,
      'demo',
    );
    await ensureStaff(tx, await resolveContact(tx, 'simulator', 'admin', 'Admin'), 'ADMIN', null, 'demo');
    // One demo Penyedia Layanan for every provider of the catalogue.
    const penyedia = await resolveContact(tx, 'simulator', 'penyedia1', 'Penyedia 1');
    for (const provider of new Set(services.map((s) => s.providerName)))
      await ensureStaff(tx, penyedia, 'PENYEDIA', null, 'demo', provider);
    for (const s of services) {
      if (s.teamGroupId) continue;
      const chatId = `pt-${s.code}`;
      const group = await tx.teamGroup.upsert({
        where: { channel_chatId: { channel: 'simulator', chatId } },
        create: { channel: 'simulator', chatId, name: `PT ${s.name}`, demo: true },
        update: { demo: true },
      });
      await tx.service.update({ where: { id: s.id }, data: { teamGroupId: group.id } });
      for (const t of teknisi) await ensureStaff(tx, t, 'PENGELOLA_TEKNIS', group.id, 'demo');
      created.push({ chatId, service: s.name });
    }
  });
  if (created.length) log.info({ groups: created.length }, 'demo teams set up');
  return created;
}
