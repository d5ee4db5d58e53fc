/**
 * Who answers for a service as its Penyedia Layanan (002:275): approved staff with role PENYEDIA whose
 * `provider` is the catalogue's provider name of the service. Without one, the Koordinator Layanan, and
 * failing that the helpdesk admins, hear what was meant for the Penyedia.
 *
 * Each person is reached once, on their private chat of the channel they wrote on most recently (any
 * private message, a staff command too: a Penyedia may only ever type commands), else on their first
 * identity — never the same text on all their channels.
 */
import type { ChannelName } from '../domain.ts';
import type { Tx } from '../tickets/store.ts';
import { adminChats } from './admins.ts';

export interface ProviderChat {
  channel: ChannelName;
  chatId: string;
  isGroup: false;
}

/** Who the chats belong to: the service's Penyedia, or the fallback because it has none. */
export type ProviderAudience = 'provider' | 'coordinator' | 'admin';

export interface ProviderChats {
  audience: ProviderAudience;
  chats: ProviderChat[];
}

/** The approved, active Penyedia Layanan staff rows of a provider. */
export function providerStaff(tx: Tx, providerName: string) {
  return tx.staff.findMany({
    where: { role: 'PENYEDIA', provider: providerName, active: true, approvedAt: { not: null } },
    include: { contact: { include: { identities: { orderBy: { id: 'asc' } } } } },
    orderBy: { id: 'asc' },
  });
}

/** The private chats to reach the service's Penyedia Layanan on, or the coordinators', or the admins'. */
export async function providerChats(
  tx: Tx,
  deps: { admins: ReadonlySet<string> },
  service: { providerName: string },
): Promise<ProviderChats> {
  const providers = await providerStaff(tx, service.providerName);
  if (providers.length) return { audience: 'provider', chats: await onePerPerson(tx, providers) };
  const coordinators = await tx.staff.findMany({
    where: { role: 'KOORDINATOR', active: true, approvedAt: { not: null } },
    include: { contact: { include: { identities: { orderBy: { id: 'asc' } } } } },
    orderBy: { id: 'asc' },
  });
  if (coordinators.length) return { audience: 'coordinator', chats: await onePerPerson(tx, coordinators) };
  return {
    audience: 'admin',
    chats: adminChats(deps.admins).map((a) => ({ ...a, isGroup: false as const })),
  };
}

type Person = {
  contactId: number;
  contact: { identities: { channel: ChannelName; externalId: string }[] };
};

async function onePerPerson(tx: Tx, people: Person[]): Promise<ProviderChat[]> {
  const seen = new Set<number>();
  const out: ProviderChat[] = [];
  for (const p of people) {
    if (seen.has(p.contactId)) continue;
    seen.add(p.contactId);
    const chat = await mostRecentChat(tx, p.contact.identities);
    if (chat) out.push({ ...chat, isGroup: false });
  }
  return out;
}

/** The identity whose private chat has the latest message from its owner; else the first one. */
async function mostRecentChat(
  tx: Tx,
  identities: { channel: ChannelName; externalId: string }[],
): Promise<{ channel: ChannelName; chatId: string } | null> {
  const first = identities[0];
  if (!first) return null;
  if (identities.length === 1) return { channel: first.channel, chatId: first.externalId };
  const latest = await tx.inboundMessage.findFirst({
    where: {
      isGroup: false,
      OR: identities.map((i) => ({ channel: i.channel, chatId: i.externalId })),
    },
    orderBy: { receivedAt: 'desc' },
    select: { channel: true, chatId: true },
  });
  return latest ?? { channel: first.channel, chatId: first.externalId };
}
