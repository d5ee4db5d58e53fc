/**
 * Group routing from the dashboard: which registered team group gets a service's tickets (Service.teamGroupId,
 * as /daftar-grup sets it in chat). Koordinator Layanan and admins change it; each change is recorded in
 * ConfigChange. Offered groups: the registered team groups, not the helpdesk group, and the demo's groups
 * only while the demo runs (outside it they have no power, staff/setup.ts).
 */
import type { Db } from '../db/client.ts';
import { recordConfigChange } from './config-change.ts';
import type { PageCtx } from './context.ts';

export const routingText = {
  unknownService: 'Layanan itu tidak ada atau tidak aktif. Tidak ada yang diubah.',
  unknownGroup: 'Grup itu tidak terdaftar sebagai grup tim. Tidak ada yang diubah.',
  unchanged: (service: string) => `Rute ${service} tidak berubah.`,
  changed: (service: string, group: string | null) =>
    group
      ? `✅ Tiket ${service} sekarang diteruskan ke grup ${group}.`
      : `✅ ${service} sekarang tanpa grup tim.`,
  none: 'tidak ada',
};

/** The team groups a service may be routed to. */
export function routableGroups(db: Db, demo: boolean) {
  return db.teamGroup.findMany({
    where: { helpdesk: false, ...(demo ? {} : { demo: false }) },
    orderBy: { name: 'asc' },
  });
}

/** Changes one service's group from the form; null when the viewer may not (the page answers 404). */
export async function changeRouting(
  c: PageCtx,
  body: Record<string, string | undefined>,
): Promise<string | null> {
  if (!c.who.coordinator) return null;
  const serviceId = /^\d{1,10}$/.test(body.serviceId ?? '') ? Number(body.serviceId) : null;
  const groupWord = body.teamGroupId ?? '';
  const groupId = groupWord === '' ? null : /^\d{1,10}$/.test(groupWord) ? Number(groupWord) : Number.NaN;
  return c.db.$transaction(async (tx) => {
    const service =
      serviceId === null
        ? null
        : await tx.service.findFirst({
            where: { id: serviceId, active: true },
            include: { teamGroup: true },
          });
    if (!service) return routingText.unknownService;
    const group =
      groupId === null
        ? null
        : Number.isNaN(groupId)
          ? undefined
          : await tx.teamGroup.findFirst({
              where: { id: groupId, helpdesk: false, ...(c.deps.demo ? {} : { demo: false }) },
            });
    if (group === undefined || (groupId !== null && !group)) return routingText.unknownGroup;
    if ((group?.id ?? null) === service.teamGroupId) return routingText.unchanged(service.name);
    await tx.service.update({ where: { id: service.id }, data: { teamGroupId: group?.id ?? null } });
    const side = (g: { id: number; name: string; channel: string; chatId: string } | null) =>
      g ? { teamGroupId: g.id, name: g.name, channel: g.channel, chatId: g.chatId } : { teamGroupId: null };
    await recordConfigChange(tx, {
      accountId: c.session.account.id,
      kind: 'routing',
      subject: `service:${service.code}`,
      before: side(service.teamGroup),
      after: side(group ?? null),
      at: c.now,
    });
    c.deps.conversation.log.info(
      { service: service.code, teamGroupId: group?.id ?? null, by: c.session.account.username },
      'service routing changed',
    );
    return routingText.changed(service.name, group?.name ?? null);
  });
}
