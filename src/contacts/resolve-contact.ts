/**
 * One person behind platform identities (one contact, several identities). Ids are compared in their
 * canonical form (whatsapp-id.ts: a WhatsApp number however written is `62812…@c.us`).
 *
 * When the platform says that ids belong to one person (`alsoKnownAs`: WhatsApp's `…@lid` and the
 * person's `62812…@c.us`), they all end up on one contact:
 * - none known yet: one new contact with all of them;
 * - some known on one contact: the missing ones are added to it;
 * - known on two or more contacts (the person wrote under one id before WhatsApp told the other): the
 *   OLDEST contact is kept — the one created first, typically the number configured as staff or the
 *   first report — and the other contacts' identities among these ids move to it. Their tickets,
 *   links to outages and audit trail stay where they are: a ticket's reporter is who reported it, and
 *   its progress still goes to the chat it came from. A contact left with no identity at all is
 *   nobody's any more: its staff roles (and OPD, if the kept one has none) move to the kept contact,
 *   so a person configured by number is still staff under the id they now write from.
 */
import { sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import type { Tx } from '../tickets/store.ts';
import { canonicalId } from './whatsapp-id.ts';

interface FoundRow {
  id: number;
  contactId: number;
  externalId: string;
  displayName: string | null;
  contactCreatedAt: Date;
}

// Every message asks this: one statement on the driver (src/db/sql.ts).
const FIND = `
SELECT i."id", i."contactId", i."externalId", i."displayName", c."createdAt" AS "contactCreatedAt"
  FROM "ContactIdentity" i JOIN "Contact" c ON c."id" = i."contactId"
 WHERE i."channel" = $1::"ChannelName" AND i."externalId" = ANY($2::text[])`;

/** Finds or creates the contact behind a platform identity (and the other ids of the same person). */
export async function resolveContact(
  tx: Tx,
  channel: ChannelName,
  externalId: string,
  displayName: string | null,
  alsoKnownAs: readonly string[] = [],
): Promise<number> {
  const primary = canonicalId(channel, externalId);
  const ids = [
    primary,
    ...new Set(alsoKnownAs.map((a) => canonicalId(channel, a)).filter((a) => a && a !== primary)),
  ];
  const found = (await sqlOf(tx).rows<FoundRow>(FIND, [channel, ids])).map((r) => ({
    ...r,
    contact: { id: r.contactId, createdAt: r.contactCreatedAt },
  }));
  if (found.length === 0) {
    const contact = await tx.contact.create({
      data: {
        name: displayName,
        identities: {
          create: ids.map((id) => ({
            channel,
            externalId: id,
            displayName: id === primary ? displayName : null,
          })),
        },
      },
    });
    return contact.id;
  }
  const keeper = found
    .map((i) => i.contact)
    .reduce((a, b) =>
      b.createdAt < a.createdAt || (b.createdAt.getTime() === a.createdAt.getTime() && b.id < a.id) ? b : a,
    );
  const movedFrom = new Set<number>();
  for (const identity of found)
    if (identity.contactId !== keeper.id) {
      await tx.contactIdentity.update({ where: { id: identity.id }, data: { contactId: keeper.id } });
      movedFrom.add(identity.contactId);
    }
  for (const from of movedFrom) await absorbEmptied(tx, from, keeper.id);
  const known = new Set(found.map((i) => i.externalId));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length)
    await tx.contactIdentity.createMany({
      data: missing.map((id) => ({
        contactId: keeper.id,
        channel,
        externalId: id,
        displayName: id === primary ? displayName : null,
      })),
    });
  const own = found.find((i) => i.externalId === primary);
  if (own && displayName && own.displayName !== displayName)
    await tx.contactIdentity.update({ where: { id: own.id }, data: { displayName } });
  return keeper.id;
}

/**
 * A contact whose identities all moved to `keeperId`: its staff roles follow them, and so does who the
 * person told the helpdesk they are (name, OPD, NIP) when the keeper was never asked.
 */
async function absorbEmptied(tx: Tx, contactId: number, keeperId: number): Promise<void> {
  if ((await tx.contactIdentity.count({ where: { contactId } })) > 0) return;
  await tx.staff.updateMany({ where: { contactId }, data: { contactId: keeperId } });
  const select = { opd: true, name: true, nip: true, profileAskedAt: true } as const;
  const emptied = await tx.contact.findUnique({ where: { id: contactId }, select });
  const keeper = await tx.contact.findUnique({ where: { id: keeperId }, select });
  if (!emptied || !keeper) return;
  if (emptied.profileAskedAt && !keeper.profileAskedAt) {
    await tx.contact.update({
      where: { id: keeperId },
      data: {
        profileAskedAt: emptied.profileAskedAt,
        name: emptied.name ?? keeper.name,
        opd: emptied.opd ?? keeper.opd,
        nip: emptied.nip ?? keeper.nip,
      },
    });
    return;
  }
  if ((!keeper.opd && emptied.opd) || (!keeper.name && emptied.name))
    await tx.contact.update({
      where: { id: keeperId },
      data: { opd: keeper.opd ?? emptied.opd, name: keeper.name ?? emptied.name },
    });
}
