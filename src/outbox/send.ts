/**
 * The outbound side of the message path. Replies are outbox rows written in the step's transaction; a
 * job per chat sends that chat's pending rows in order and marks each one sent with the platform's id.
 * A failed send stops the chat's queue there (later replies must not overtake it) and is retried with
 * backoff; a send that cannot succeed is marked FAILED so it never blocks the chat. An exclusive
 * channel's rows are sent by the process that owns it only (see src/pipeline/channel-owners.ts).
 */
import { type Channel, ChannelError, type Choice, type SendLimits } from '../channel.ts';
import { batched, records, rowsByItem } from '../db/batch.ts';
import type { Db } from '../db/client.ts';
import { sqlOf } from '../db/sql.ts';
import { isTransient } from '../db/transient.ts';
import type { ChannelName } from '../domain.ts';
import type { OutboundMessage } from '../generated/prisma/client.ts';
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
  /** A post to a group the platform refused for good (bot removed, chat gone): someone must hear of it. */
  onGroupPostRejected?: (row: OutboundMessage, reason: string) => Promise<void>;
  /**
   * Whether this process may drive the channel now (an exclusive channel: only while it holds the
   * owner lock). Unset: always.
   */
  drives?: (channel: ChannelName) => boolean;
}

/**
 * This process stopped owning the channel (its owner lock was lost) before or during a send: the row is
 * left pending for the new owner, the failure not counted against it.
 */
export class NotOwnerError extends ChannelError {
  constructor(channel: ChannelName, cause?: unknown) {
    super(`this process no longer drives ${channel}; left to its owner`, 'unreachable', {
      retryAfterMs: 1000,
      ...(cause !== undefined ? { cause } : {}),
    });
    this.name = 'NotOwnerError';
  }
}

const BATCH = 50;

type Row = OutboundMessage;

// Every reply is read and marked through these two: on the driver (src/db/sql.ts), the chats of the
// same moment in one statement (src/db/batch.ts).
const PENDING = `
SELECT c.n, o."id", o."channel"::text AS channel, o."chatId", o."threadId", o."isGroup", o."text", o."choices",
       o."status"::text AS status, o."attempts", o."lastError", o."externalId", o."ticketId", o."inboundId",
       o."createdAt", o."sentAt"
  FROM jsonb_to_recordset($1::jsonb) AS c("channel" text, "chatId" text, n int)
 CROSS JOIN LATERAL (
   SELECT * FROM "OutboundMessage"
    WHERE "channel" = c."channel"::"ChannelName" AND "chatId" = c."chatId" AND "status" = 'PENDING'
    ORDER BY "id"
    LIMIT ${BATCH}) o
 ORDER BY c.n, o."id"`;

/** The chat's pending rows, oldest first (at most BATCH). */
const pendingOf = batched<{ channel: ChannelName; chatId: string }, Row[]>(async (db, chats) =>
  rowsByItem(chats.length, await sqlOf(db).rows<Row & { n: number }>(PENDING, [records(chats)])),
);

const MARK_SENT = `
UPDATE "OutboundMessage" o
   SET "status" = 'SENT', "externalId" = r."externalId", "sentAt" = r."sentAt"::timestamp(3),
       "attempts" = o."attempts" + 1
  FROM jsonb_to_recordset($1::jsonb) AS r("id" int, "externalId" text, "sentAt" text)
 WHERE o."id" = r."id"`;

/** Records the platform's id of a sent row. */
const markSent = batched<{ id: number; externalId: string; sentAt: Date }, void>(async (db, sends) => {
  await sqlOf(db).rows(MARK_SENT, [JSON.stringify(sends)]);
  return sends.map(() => undefined);
});

/** The chat's last `$4` sends within the window: how many, and the oldest of them. */
const RECENT_SENDS = `
SELECT count(*)::int AS n, min(r."sentAt") AS oldest
  FROM (SELECT "sentAt" FROM "OutboundMessage"
         WHERE "channel" = $1::"ChannelName" AND "chatId" = $2 AND "status" = 'SENT' AND "sentAt" > $3::timestamp(3)
         ORDER BY "sentAt" DESC LIMIT $4) r`;

const LAST_SEND = `
SELECT "sentAt" FROM "OutboundMessage"
 WHERE "channel" = $1::"ChannelName" AND "chatId" = $2 AND "status" = 'SENT' AND "sentAt" IS NOT NULL
 ORDER BY "sentAt" DESC LIMIT 1`;

/**
 * Keeps to the platform's limits before the next send to this chat: at least `perChatMs` after the
 * chat's last message, and for a group no more than `perGroup.max` within its window. When a send would
 * break one, the chat's job is put off (a rate-limited ChannelError with the wait) instead of earning a
 * 429 storm.
 */
async function pace(db: Db, row: Row, limits: SendLimits): Promise<void> {
  const sql = sqlOf(db);
  const group = row.isGroup ? limits.perGroup : undefined;
  if (group) {
    const [recent] = await sql.rows<{ n: number; oldest: Date | null }>(RECENT_SENDS, [
      row.channel,
      row.chatId,
      new Date(Date.now() - group.windowMs),
      group.max,
    ]);
    if (recent?.oldest && recent.n >= group.max)
      throw new ChannelError('group send limit reached; paced', 'rate_limited', {
        retryAfterMs: Math.max(50, recent.oldest.getTime() + group.windowMs - Date.now()),
      });
  }
  const [last] = await sql.rows<{ sentAt: Date | null }>(LAST_SEND, [row.channel, row.chatId]);
  const wait = last?.sentAt ? last.sentAt.getTime() + limits.perChatMs - Date.now() : 0;
  // Put off rather than slept: the partition is free for other chats meanwhile.
  if (wait > 0)
    throw new ChannelError('chat send spacing; paced', 'rate_limited', {
      retryAfterMs: Math.min(wait, limits.perChatMs),
    });
}

/**
 * Sends the chat's pending outbox rows, oldest first, paced by the platform's limits. A row's platform
 * id is recorded while the next row goes out (a turn of two replies waits for one statement less); every
 * record is awaited before the next read, a failure, or the end.
 */
export async function sendPending(
  deps: SendDeps,
  job: { channel: ChannelName; chatId: string },
): Promise<number> {
  const marks: Promise<void>[] = [];
  try {
    return await sendRows(deps, job, marks);
  } finally {
    // A record that failed fails the job (the row is still pending: the retry sends it again).
    await Promise.all(marks);
  }
}

async function sendRows(
  deps: SendDeps,
  job: { channel: ChannelName; chatId: string },
  marks: Promise<void>[],
): Promise<number> {
  const channel = deps.channels.get(job.channel);
  let sent = 0;
  for (;;) {
    await Promise.all(marks.splice(0));
    const rows = await pendingOf(deps.db, { channel: job.channel, chatId: job.chatId });
    if (rows.length === 0) return sent;
    const last = rows.length < BATCH;
    for (const row of rows) {
      if (!channel) {
        await markFailed(deps.db, row, `channel ${job.channel} is not running`);
        continue;
      }
      // Checked before every send: a process that lost the lock during this job sends no more.
      if (deps.drives && !deps.drives(row.channel)) throw new NotOwnerError(row.channel);
      try {
        if (channel.limits) {
          // Pacing reads the chat's last send: it must be recorded first.
          await Promise.all(marks.splice(0));
          await pace(deps.db, row, channel.limits);
        }
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
        const mark = markSent(deps.db, { id: row.id, externalId, sentAt: new Date() });
        mark.catch(() => {}); // awaited with the others; not an unhandled rejection meanwhile
        marks.push(mark);
        sent++;
      } catch (e) {
        // Ownership lost while sending (the channel stopped under the send): not the message's fault.
        if (deps.drives && !deps.drives(row.channel)) throw new NotOwnerError(row.channel, e);
        const message = e instanceof Error ? e.message : String(e);
        // Our database or Redis away (the simulator's "platform" is our database) is no fault of the
        // send: it is retried without counting, so a blip can never mark a reply FAILED.
        if (!(e instanceof ChannelError) && isTransient(e)) throw e;
        // A rate limit is no fault of the message either: wait as long as asked, then send it.
        if (e instanceof ChannelError && e.kind === 'rate_limited') {
          deps.log.debug(
            { outboxId: row.id, channel: row.channel, retryAfterMs: e.retryAfterMs, err: e },
            'send rate-limited or paced; waiting',
          );
          throw e;
        }
        await Promise.all(marks.splice(0));
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
          if (await markFailed(deps.db, row, message)) {
            if (row.isGroup && deps.onGroupPostRejected) await deps.onGroupPostRejected(row, message);
          }
          continue;
        }
        throw e;
      }
    }
    if (last) return sent;
  }
}

/**
 * Marks the row FAILED, if it is still this chat's pending row: a chat that moved meanwhile (a group
 * upgraded to a supergroup) took its pending rows along, to be sent there.
 */
async function markFailed(db: Db, row: Row, reason: string): Promise<boolean> {
  const { count } = await db.outboundMessage.updateMany({
    where: { id: row.id, channel: row.channel, chatId: row.chatId, status: 'PENDING' },
    data: { status: 'FAILED', lastError: reason.slice(0, 500) },
  });
  return count > 0;
}
