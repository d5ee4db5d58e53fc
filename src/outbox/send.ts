/**
 * The outbound side of the message path. Replies are outbox rows written in the step's transaction; a
 * job per chat sends that chat's pending rows in order and marks each one sent with the platform's id.
 * A failed send stops the chat's queue there (later replies must not overtake it) and is retried with
 * backoff; a send that cannot succeed is marked FAILED so it never blocks the chat.
 */
import { type Channel, ChannelError, type Choice } from '../channel.ts';
import type { Db } from '../db/client.ts';
import { isTransient } from '../db/transient.ts';
import type { ChannelName } from '../domain.ts';
import type { Logger } from '../logger.ts';
import { outboundQueue, type Queues } from '../pipeline/queues.ts';
import { RETRY_JOB_OPTIONS } from '../pipeline/retry.ts';

/** Failed sends of one row (passing faults of our own database not counted) before it is marked FAILED. */
export const SEND_ATTEMPTS = 8;

export async function enqueueOutbound(
  queues: Queues,
  channel: ChannelName,
  chatId: string,
  firstOutboxId: number,
): Promise<void> {
  await outboundQueue(queues, channel, chatId).add(
    'send',
    { channel, chatId },
    { ...RETRY_JOB_OPTIONS, jobId: `out-${firstOutboxId}` },
  );
}

export interface SendDeps {
  db: Db;
  channels: ReadonlyMap<ChannelName, Channel>;
  log: Logger;
}

const BATCH = 50;

/** Sends the chat's pending outbox rows, oldest first. */
export async function sendPending(
  deps: SendDeps,
  job: { channel: ChannelName; chatId: string },
): Promise<number> {
  const channel = deps.channels.get(job.channel);
  let sent = 0;
  for (;;) {
    const rows = await deps.db.outboundMessage.findMany({
      where: { channel: job.channel, chatId: job.chatId, status: 'PENDING' },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    if (rows.length === 0) return sent;
    const last = rows.length < BATCH;
    for (const row of rows) {
      if (!channel) {
        await markFailed(deps.db, row.id, `channel ${job.channel} is not running`);
        continue;
      }
      try {
        const { externalId } = await channel.send(
          {
            channel: row.channel,
            chatId: row.chatId,
            isGroup: row.isGroup,
            ...(row.threadId ? { threadId: row.threadId } : {}),
          },
          {
            text: row.text,
            ...(row.choices ? { choices: row.choices as unknown as Choice[] } : {}),
            key: `out-${row.id}`,
          },
        );
        await deps.db.outboundMessage.update({
          where: { id: row.id },
          data: { status: 'SENT', externalId, sentAt: new Date(), attempts: { increment: 1 } },
        });
        sent++;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        // Our database or Redis away (the simulator's "platform" is our database) is no fault of the
        // send: it is retried without counting, so a blip can never mark a reply FAILED.
        if (!(e instanceof ChannelError) && isTransient(e)) throw e;
        const failedRow = await deps.db.outboundMessage.update({
          where: { id: row.id },
          data: { attempts: { increment: 1 }, lastError: message.slice(0, 500) },
        });
        const hopeless = (e instanceof ChannelError && !e.retryable) || failedRow.attempts >= SEND_ATTEMPTS;
        deps.log.warn(
          { outboxId: row.id, channel: row.channel, attempts: failedRow.attempts, err: e },
          'send failed',
        );
        if (hopeless) {
          await markFailed(deps.db, row.id, message);
          continue;
        }
        throw e;
      }
    }
    if (last) return sent;
  }
}

async function markFailed(db: Db, id: number, reason: string): Promise<void> {
  await db.outboundMessage.update({
    where: { id },
    data: { status: 'FAILED', lastError: reason.slice(0, 500) },
  });
}
