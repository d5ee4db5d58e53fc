/**
 * A post to a group that the platform refused for good (the bot was removed, the chat is gone): the
 * escalation or warning it carried must not vanish in a log, so the coordinators and admins are told
 * in their own chats, with the ticket and the group, never the post's text.
 */
import type { ChatRef } from '../channel.ts';
import type { OutboundMessage } from '../generated/prisma/client.ts';
import { writeOutbox } from '../outbox/write.ts';
import { adminChats } from '../staff/admins.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { staffText } from './messages.ts';
import { staffTargets } from './notify.ts';

export async function reportRejectedGroupPost(deps: ConversationDeps, row: OutboundMessage): Promise<void> {
  const after = emptyAfterCommit();
  await deps.db.$transaction(async (tx) => {
    const [group, ticket] = await Promise.all([
      tx.teamGroup.findUnique({ where: { channel_chatId: { channel: row.channel, chatId: row.chatId } } }),
      row.ticketId ? tx.ticket.findUnique({ where: { id: row.ticketId }, select: { code: true } }) : null,
    ]);
    const seen = new Set<string>([`${row.channel}:${row.chatId}`]);
    const targets: ChatRef[] = [];
    for (const t of [
      ...(await staffTargets(tx, ['KOORDINATOR', 'ADMIN'])),
      ...adminChats(deps.admins).map((a) => ({ ...a, isGroup: false })),
    ]) {
      const key = `${t.channel}:${t.chatId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push(t);
    }
    const text = staffText.groupPostRejected(group?.name ?? row.chatId, row.channel, ticket?.code ?? null);
    await writeOutbox(
      tx,
      targets.map((t) => ({ ...t, text, ticketId: row.ticketId })),
      after,
    );
  });
  await runAfterCommit(deps, after);
}
