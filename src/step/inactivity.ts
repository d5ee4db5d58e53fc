/** The inactivity timer of a chat left mid-flow. */

import { flowExpires } from '../conversation/engine.ts';
import type { ChannelName } from '../domain.ts';
import { emptyAfterCommit, runAfterCommit, scheduleInactivity } from './after-commit.ts';
import { stateOf } from './context.ts';
import { runConversationStep } from './conversation.ts';
import type { ConversationDeps } from './deps.ts';

/**
 * The inactivity timer fired: end the flow if the chat has been quiet for the inactivity time; if it
 * spoke since the check was armed, arm the next one for the new quiet time.
 */
export async function expireConversation(
  deps: ConversationDeps,
  job: { channel: ChannelName; chatId: string; activityAt: string },
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const after = emptyAfterCommit();
  let again: { channel: ChannelName; chatId: string; at: Date } | null = null;
  await deps.db.$transaction(async (tx) => {
    // Lock first: a message being processed right now must not be answered with "session ended".
    await tx.$queryRaw`SELECT id FROM "Conversation" WHERE "channel" = ${job.channel}::"ChannelName" AND "chatId" = ${job.chatId} FOR UPDATE`;
    const conv = await tx.conversation.findUnique({
      where: { channel_chatId: { channel: job.channel, chatId: job.chatId } },
    });
    if (!conv?.contactId || !conv.lastActivityAt) return;
    if (now.getTime() - conv.lastActivityAt.getTime() < deps.inactivityMs - 1000) {
      if (flowExpires(stateOf(conv.state)))
        again = { channel: job.channel, chatId: job.chatId, at: conv.lastActivityAt };
      return;
    }
    await runConversationStep(
      tx,
      deps,
      { channel: job.channel, chatId: job.chatId, contactId: conv.contactId },
      { type: 'inactivity_timeout' },
      now,
      after,
    );
  });
  await runAfterCommit(deps, after);
  // This very check is the one this process may remember as pending.
  if (again) await scheduleInactivity(deps, again, { replan: true });
}
