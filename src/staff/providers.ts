/**
 * Who answers for a service as its Penyedia Layanan (002:275): approved staff with role PENYEDIA whose
 * `provider` is the catalogue's provider name of the service. Without one, the Koordinator Layanan, and
 * failing that the helpdesk admins, hear what was meant for the Penyedia.
 *
 * Each person is reached once, on their private chat of the channel they wrote on most recently (any
 * private message, a staff command too: a Penyedia may only ever type commands), else on their first
 * identity — never the same text on all their channels.
 */
import { sqlOf } from '../db/sql.ts';
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

/**
 * The approved, active Penyedia Layanan of the provider and the Koordinator Layanan, in staff order,
 * each with their private chat: the one of their identities with the latest message from them when they
 * have several, else their only one (none: not reachable). One statement on the driver: it runs in the
 * transaction of every change request that opens.
 */
const PEOPLE = `
SELECT s."role"::text AS role, s."contactId",
       CASE WHEN (SELECT count(*) FROM "ContactIdentity" n WHERE n."contactId" = s."contactId") > 1 THEN (
         SELECT json_build_object('channel', m."channel", 'chatId', m."chatId")
           FROM "ContactIdentity" i
           JOIN "InboundMessage" m ON m."channel" = i."channel" AND m."chatId" = i."externalId"
          WHERE i."contactId" = s."contactId" AND NOT m."isGroup"
          ORDER BY m."receivedAt" DESC
          LIMIT 1) END AS latest,
       (SELECT json_build_object('channel', i."channel", 'chatId', i."externalId")
          FROM "ContactIdentity" i WHERE i."contactId" = s."contactId" ORDER BY i."id" LIMIT 1) AS first
  FROM "Staff" s
 WHERE s."active" AND s."approvedAt" IS NOT NULL
   AND ((s."role" = 'PENYEDIA' AND s."provider" = $1) OR s."role" = 'KOORDINATOR')
 ORDER BY s."id"`;

interface Person {
  role: 'PENYEDIA' | 'KOORDINATOR';
  contactId: number;
  latest: { channel: ChannelName; chatId: string } | null;
  first: { channel: ChannelName; chatId: string } | null;
}

/** The private chats to reach the service's Penyedia Layanan on, or the coordinators', or the admins'. */
export async function providerChats(
  tx: Tx,
  deps: { admins: ReadonlySet<string> },
  service: { providerName: string },
): Promise<ProviderChats> {
  const people = await sqlOf(tx).rows<Person>(PEOPLE, [service.providerName]);
  const providers = people.filter((p) => p.role === 'PENYEDIA');
  if (providers.length) return { audience: 'provider', chats: onePerPerson(providers) };
  if (people.length) return { audience: 'coordinator', chats: onePerPerson(people) };
  return {
    audience: 'admin',
    chats: adminChats(deps.admins).map((a) => ({ ...a, isGroup: false as const })),
  };
}

function onePerPerson(people: Person[]): ProviderChat[] {
  const seen = new Set<number>();
  const out: ProviderChat[] = [];
  for (const p of people) {
    if (seen.has(p.contactId)) continue;
    seen.add(p.contactId);
    const chat = p.latest ?? p.first;
    if (chat) out.push({ channel: chat.channel, chatId: chat.chatId, isGroup: false });
  }
  return out;
}
