/**
 * Which tickets a staff member may see in lists and status (/antrian, /sla, /cari, /status): a
 * Koordinator Layanan, an admin and the helpdesk's Pengelola Layanan see every service; a Pengelola
 * Teknis their own team's; a Penyedia Layanan their own services. Nobody else sees any.
 */
import type { Prisma } from '../generated/prisma/client.ts';
import type { Standing } from './context.ts';

/** The services `who` oversees, as a ticket filter; null when they oversee none. */
export function oversightScope(who: Standing): Prisma.TicketWhereInput | null {
  if (who.coordinator || who.roles.has('PENGELOLA_LAYANAN')) return {};
  const providers = who.staff
    .filter((s) => s.role === 'PENYEDIA' && s.provider)
    .map((s) => s.provider as string);
  const or: Prisma.TicketWhereInput[] = [];
  if (who.teamGroupIds.length > 0) or.push({ service: { teamGroupId: { in: who.teamGroupIds } } });
  if (providers.length > 0) or.push({ service: { providerName: { in: providers } } });
  return or.length > 0 ? { OR: or } : null;
}

/** The same rule for one ticket already loaded. */
export function oversees(
  who: Standing,
  ticket: { service: { teamGroupId: number | null; providerName: string } },
): boolean {
  if (who.coordinator || who.roles.has('PENGELOLA_LAYANAN')) return true;
  if (ticket.service.teamGroupId !== null && who.teamGroupIds.includes(ticket.service.teamGroupId))
    return true;
  return who.staff.some((s) => s.role === 'PENYEDIA' && s.provider === ticket.service.providerName);
}
