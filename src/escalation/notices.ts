import type { ChannelName } from '../domain.ts';
import { writeOutbox } from '../outbox/write.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { slaText } from './messages.ts';

/** Sends the chat's waiting warnings as one message (several within a minute are merged). */
export async function flushNotices(
  deps: ConversationDeps,
  job: { channel: ChannelName; chatId: string },
): Promise<number> {
  const after = emptyAfterCommit();
  const count = await deps.db.$transaction(async (tx) => {
    // One flush per chat at a time: two must not each send half of the same burst.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7302, hashtext(${`${job.channel}:${job.chatId}`}))`;
    const pending = await tx.notice.findMany({
      where: { channel: job.channel, chatId: job.chatId, flushedAt: null },
      orderBy: { id: 'asc' },
    });
    const first = pending[0];
    if (!first) return 0;
    const { count: claimed } = await tx.notice.updateMany({
      where: { id: { in: pending.map((n) => n.id) }, flushedAt: null },
      data: { flushedAt: new Date() },
    });
    if (claimed !== pending.length) throw new Error('notices flushed concurrently; retrying');
    const text =
      pending.length === 1
        ? first.text
        : slaText.merged(
            pending.length,
            pending.map((n) => n.text),
          );
    await writeOutbox(
      tx,
      [
        {
          channel: job.channel,
          chatId: job.chatId,
          isGroup: first.isGroup,
          text,
          ticketId: pending.length === 1 ? first.ticketId : null,
        },
      ],
      after,
    );
    return pending.length;
  });
  await runAfterCommit(deps, after);
  return count;
}
