/**
 * The Formulir D/E fields a ticket starts with (002:471-478, 002:499-514): the pemohon as the contact
 * told it, the urgensi (said by the reporter, else from the priority or the request default), for a
 * request its klasifikasi, for an incident its kategori and item konfigurasi from the service.
 */
import { sqlOf } from '../db/sql.ts';
import type { Priority, Urgency } from '../domain.ts';
import type { Service } from '../generated/prisma/client.ts';
import { classificationOf, REQUEST_URGENCY, urgencyOfPriority } from './fields.ts';
import type { TicketRecord, Tx } from './store.ts';

/** A contact's profile: what they told when asked who they are (`asked`), else what the chat showed. */
export interface ContactProfile {
  name: string | null;
  opd: string | null;
  nip: string | null;
  asked: boolean;
}

const PROFILE = `SELECT "name", "opd", "nip", "profileAskedAt" FROM "Contact" WHERE "id" = $1`;
const GROUP_NAME = `SELECT "name" FROM "ServiceGroup" WHERE "code" = $1`;

export async function startingRecord(
  tx: Tx,
  t: {
    service: ServiceOfRecord & Pick<Service, 'category'>;
    reporterId: number;
    /** The incident's priority; null for a request. */
    priority: Priority | null;
    /** As the reporter said it. */
    urgency?: Urgency | undefined;
    /** The reporter's profile as the step read it; unset: read here. */
    profile?: ContactProfile | null | undefined;
  },
): Promise<TicketRecord> {
  const contact = t.profile ?? (await profileOf(tx, t.reporterId));
  // Only what the person told: a chat display name is no identity.
  const requester = contact?.asked
    ? { requesterName: contact.name, requesterOpd: contact.opd, requesterNip: contact.nip }
    : {};
  if (t.priority) {
    return {
      ...requester,
      urgency: t.urgency ?? urgencyOfPriority(t.priority),
      category: t.service.category,
      configurationItem: t.service.name,
    };
  }
  const urgency = t.urgency ?? REQUEST_URGENCY;
  return {
    ...requester,
    urgency,
    classification: await classificationFor(tx, { kind: 'REQUEST', service: t.service }, urgency),
  };
}

async function profileOf(tx: Tx, contactId: number): Promise<ContactProfile | null> {
  const [row] = await sqlOf(tx).rows<Omit<ContactProfile, 'asked'> & { profileAskedAt: Date | null }>(
    PROFILE,
    [contactId],
  );
  return row ? { name: row.name, opd: row.opd, nip: row.nip, asked: row.profileAskedAt !== null } : null;
}

/** What a klasifikasi is made of: the service's group's name when the caller has it (the directory's). */
type ServiceOfRecord = Pick<Service, 'name' | 'groupCode'> & { group?: { name: string } | null };

/** The klasifikasi of a request whose urgency changed; null for an incident (it has none). */
export async function classificationFor(
  tx: Tx,
  ticket: { kind: string; service: ServiceOfRecord },
  urgency: Urgency,
): Promise<string | null> {
  if (ticket.kind !== 'REQUEST') return null;
  const { service } = ticket;
  const group = service.group !== undefined ? service.group : await groupOf(tx, service.groupCode);
  return classificationOf(group?.name ?? service.name, urgency);
}

async function groupOf(tx: Tx, code: string | null): Promise<{ name: string } | null> {
  if (!code) return null;
  const [group] = await sqlOf(tx).rows<{ name: string }>(GROUP_NAME, [code]);
  return group ?? null;
}
