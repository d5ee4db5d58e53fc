/**
 * The helpdesk admins, configured as "channel:userId" (HELPDESK_ADMINS, or the demo's admin). WhatsApp
 * ids are in their canonical form (config.ts normalises them), as contact identities are.
 */
import { canonicalId } from '../contacts/whatsapp-id.ts';
import type { ChannelName } from '../domain.ts';

const CHANNELS = new Set<string>(['simulator', 'whatsapp', 'telegram', 'slack']);

/** The admins' direct chats from "channel:userId" strings. */
export function adminChats(admins: ReadonlySet<string>): { channel: ChannelName; chatId: string }[] {
  return [...admins].flatMap((a) => {
    const i = a.indexOf(':');
    const channel = a.slice(0, i);
    return i > 0 && CHANNELS.has(channel)
      ? [{ channel: channel as ChannelName, chatId: a.slice(i + 1) }]
      : [];
  });
}

/**
 * Whether one of a person's identities (the one they wrote from, and the others of their contact: a
 * WhatsApp @lid sender is recognised by the number configured for them) is an admin.
 */
export function isAdmin(
  admins: ReadonlySet<string>,
  identities: readonly { channel: ChannelName; externalId: string }[],
): boolean {
  return identities.some((i) => admins.has(`${i.channel}:${canonicalId(i.channel, i.externalId)}`));
}
