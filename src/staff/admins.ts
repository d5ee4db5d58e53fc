/** The helpdesk admins, configured as "channel:userId" (HELPDESK_ADMINS, or the demo's admin). */
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
