/** One person behind a platform identity (contacts map several identities to one person). */
import type { ChannelName } from '../domain.ts';
import type { Tx } from '../tickets/store.ts';

/** Finds or creates the contact behind a platform identity. */
export async function resolveContact(
  tx: Tx,
  channel: ChannelName,
  externalId: string,
  displayName: string | null,
): Promise<number> {
  const identity = await tx.contactIdentity.findUnique({
    where: { channel_externalId: { channel, externalId } },
  });
  if (identity) {
    if (displayName && identity.displayName !== displayName)
      await tx.contactIdentity.update({ where: { id: identity.id }, data: { displayName } });
    return identity.contactId;
  }
  const contact = await tx.contact.create({
    data: { name: displayName, identities: { create: { channel, externalId, displayName } } },
  });
  return contact.id;
}
