import type { InboundMessage } from '../channel.ts';
import { batched, idsByKey, records } from '../db/batch.ts';
import type { Db } from '../db/client.ts';
import { sqlOf } from '../db/sql.ts';
import { withDeadline } from '../db/transient.ts';
import type { ChannelName } from '../domain.ts';
import { cleanInbound } from './clean-input.ts';
import { inboundQueue, type Queues } from './queues.ts';
import { RETRY_JOB_OPTIONS } from './retry.ts';
import type { StepNow } from './step-now.ts';

// The first statement of every message: on the driver (src/db/sql.ts), the messages accepted at the
// same moment in one statement (src/db/batch.ts). `acceptedAt` is the server's clock in UTC, the moment
// the message became the helpdesk's.
const INSERT = `
INSERT INTO "InboundMessage" ("channel", "chatId", "externalId", "fromId", "fromName", "isGroup", "text",
                              "payload", "receivedAt", "acceptedAt")
SELECT r."channel"::"ChannelName", r."chatId", r."externalId", r."fromId", r."fromName", r."isGroup", r."text",
       r."payload", r."receivedAt"::timestamp(3), now() AT TIME ZONE 'UTC'
  FROM jsonb_to_recordset($1::jsonb) AS r("channel" text, "chatId" text, "externalId" text,
       "fromId" text, "fromName" text, "isGroup" boolean, "text" text, "payload" jsonb, "receivedAt" text, n int)
 ORDER BY r.n
ON CONFLICT ("channel", "chatId", "externalId") DO NOTHING
RETURNING "id", "channel"::text AS channel, "chatId", "externalId"`;

interface Row {
  channel: ChannelName;
  chatId: string;
  externalId: string;
  fromId: string;
  fromName: string | null;
  isGroup: boolean;
  text: string;
  payload: object;
  receivedAt: Date;
}

const keyOf = (r: Pick<Row, 'channel' | 'chatId' | 'externalId'>) =>
  JSON.stringify([r.channel, r.chatId, r.externalId]);

/** Stores the rows; each gets its id, or null when its key is stored already (or earlier in the batch). */
const store = batched<Row, number | null>(async (db, rows) =>
  idsByKey(rows, await sqlOf(db).rows<{ id: number } & Row>(INSERT, [records(rows)]), keyOf),
);

const FIND = `
SELECT "id" FROM "InboundMessage" WHERE "channel" = $1::"ChannelName" AND "chatId" = $2 AND "externalId" = $3`;

/** Queueing an accepted message waits no longer than this: the row is stored, the sweeper queues it. */
const ENQUEUE_DEADLINE_MS = 500;

export interface Accepted {
  id: number;
  duplicate: boolean;
  /** False when the row is stored but could not be queued now (the sweeper will). */
  queued?: boolean;
  /** Group chatter not addressed to the bot: neither stored nor answered. */
  ignored?: boolean;
}

/**
 * Accepts a message from a platform: stores it (unique per chat and platform message id) before the
 * platform is acknowledged, then steps it here at once (`stepNow`) or queues it. A duplicate delivery finds the stored row and queues nothing.
 * If queueing fails or is slow (Redis away) after the row is stored, the message is still accepted:
 * the sweeper queues the row later. What is stored is cleaned first (clean-input.ts), the same for every
 * adapter; what had to be cut is recorded with the row.
 */
export async function acceptInbound(
  db: Db,
  queues: Queues,
  input: InboundMessage,
  /** Steps the message in this process right after it is stored, where it can (step-now.ts). */
  stepNow?: StepNow,
): Promise<Accepted> {
  // In a group only what is addressed to the bot is the helpdesk's business (and its privacy).
  if (input.isGroup && input.addressed === false) return { id: 0, duplicate: false, ignored: true };
  const { message: m, cut } = cleanInbound(input);
  const payload = {
    choice: m.choice ?? null,
    attachments: m.attachments ?? [],
    replyTo: m.replyToExternalId ?? null,
    threadId: m.chat.threadId ?? null,
    ...(m.from.alsoKnownAs?.length ? { alsoKnownAs: m.from.alsoKnownAs } : {}),
    ...(cut.length ? { cut } : {}),
  };
  const stored = await store(db, {
    channel: m.chat.channel,
    chatId: m.chat.chatId,
    externalId: m.externalId,
    fromId: m.from.externalId,
    fromName: m.from.displayName ?? null,
    isGroup: m.isGroup,
    text: m.text,
    payload,
    receivedAt: m.receivedAt,
  });
  if (stored === null) {
    const [existing] = await sqlOf(db).rows<{ id: number }>(FIND, [
      m.chat.channel,
      m.chat.chatId,
      m.externalId,
    ]);
    if (!existing) throw new Error('inbound message neither stored nor found');
    return { id: existing.id, duplicate: true };
  }
  const id = stored;
  if (stepNow?.take({ inboundId: id, channel: m.chat.channel, chatId: m.chat.chatId }))
    return { id, duplicate: false, queued: true };
  try {
    await withDeadline(
      enqueueInbound(queues, m.chat.channel, m.chat.chatId, id),
      ENQUEUE_DEADLINE_MS,
      'queue',
    );
  } catch {
    // Stored is accepted; the sweeper queues it (Redis' offline queue may also still deliver this add).
    return { id, duplicate: false, queued: false };
  }
  return { id, duplicate: false, queued: true };
}

export async function enqueueInbound(
  queues: Queues,
  channel: ChannelName,
  chatId: string,
  inboundId: number,
): Promise<void> {
  await inboundQueue(queues, channel, chatId).add(
    'inbound',
    { inboundId, channel, chatId },
    { ...RETRY_JOB_OPTIONS, jobId: `in-${inboundId}` },
  );
}
