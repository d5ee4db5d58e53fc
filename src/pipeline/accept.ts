import type { InboundMessage } from '../channel.ts';
import { batched, idsByKey, records } from '../db/batch.ts';
import type { Db } from '../db/client.ts';
import { sqlOf } from '../db/sql.ts';
import { withDeadline } from '../db/transient.ts';
import type { ChannelName } from '../domain.ts';
import { cleanInbound } from './clean-input.ts';
import { NEXT_READ_COLUMNS, type NextMessage, nextMessageOf, type ReadRow } from './fast-path.ts';
import { inboundQueue, type Queues } from './queues.ts';
import { RETRY_JOB_OPTIONS } from './retry.ts';
import type { StepNow } from './step-now.ts';

// The first statement of every message: on the driver (src/db/sql.ts), the messages accepted at the
// same moment in one statement (src/db/batch.ts). `acceptedAt` is the server's clock in UTC, the moment
// the message became the helpdesk's.
const insertInbound = (returning: string) => `
INSERT INTO "InboundMessage" ("channel", "chatId", "externalId", "fromId", "fromName", "isGroup", "text",
                              "payload", "receivedAt", "acceptedAt")
SELECT r."channel"::"ChannelName", r."chatId", r."externalId", r."fromId", r."fromName", r."isGroup", r."text",
       r."payload", r."receivedAt"::timestamp(3), now() AT TIME ZONE 'UTC'
  FROM jsonb_to_recordset($1::jsonb) AS r("channel" text, "chatId" text, "externalId" text,
       "fromId" text, "fromName" text, "isGroup" boolean, "text" text, "payload" jsonb, "receivedAt" text, n int)
 ORDER BY r.n
ON CONFLICT ("channel", "chatId", "externalId") DO NOTHING
RETURNING ${returning}`;

const INSERT = insertInbound(`"id", "channel"::text AS channel, "chatId", "externalId"`);

/**
 * The same, with what each stored message's step reads (fast-path.ts), for a process that steps the
 * messages it accepts (step-now.ts): the step's first read comes with the store instead of one statement
 * later. `behind`: an older message of the chat is still unprocessed (it goes first; this read is of no
 * use then).
 */
const INSERT_AND_READ = `
WITH m AS (${insertInbound(
  `"id", "channel"::text AS channel, "chatId", "externalId", "fromId", "fromName", "isGroup", "text", "payload"`,
)})
SELECT m.*, ${NEXT_READ_COLUMNS},
       EXISTS (SELECT 1 FROM "InboundMessage" o
                WHERE o."channel" = m."channel"::"ChannelName" AND o."chatId" = m."chatId"
                  AND o."processedAt" IS NULL AND o."id" < m."id") AS behind
  FROM m LEFT JOIN "Conversation" cv ON cv."channel" = m."channel"::"ChannelName" AND cv."chatId" = m."chatId"`;

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

/**
 * Stores the rows as `store` does, each with its step's first read: null when the chat has an older
 * message to process first, and for all but the first of a chat's messages stored together.
 */
const storeAndRead = batched<Row, { id: number; first: NextMessage | null } | null>(async (db, rows) => {
  const stored = await sqlOf(db).rows<Omit<ReadRow, 'backlog'> & { externalId: string; behind: boolean }>(
    INSERT_AND_READ,
    [records(rows)],
  );
  const oldest = new Map<string, number>();
  for (const r of stored) {
    const chat = `${r.channel}:${r.chatId}`;
    oldest.set(chat, Math.min(oldest.get(chat) ?? r.id, r.id));
  }
  const byKey = new Map(stored.map((r) => [keyOf(r), r]));
  return rows.map((item) => {
    const k = keyOf(item);
    const r = byKey.get(k);
    if (!r) return null;
    byKey.delete(k);
    const { externalId: _, behind, ...read } = r;
    const first = !behind && oldest.get(`${r.channel}:${r.chatId}`) === r.id;
    return { id: r.id, first: first ? nextMessageOf({ ...read, backlog: 1 }) : null };
  });
});

const idOnly = (id: number | null) => (id === null ? null : { id, first: null });

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
 * platform is acknowledged, then steps it here at once (`stepNow`, with its step's first read made by the
 * store when the chat's step starts at once) or queues it. A duplicate delivery finds the stored row and
 * queues nothing.
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
  const row: Row = {
    channel: m.chat.channel,
    chatId: m.chat.chatId,
    externalId: m.externalId,
    fromId: m.from.externalId,
    fromName: m.from.displayName ?? null,
    isGroup: m.isGroup,
    text: m.text,
    payload,
    receivedAt: m.receivedAt,
  };
  // Where this process steps the message at once, the step's first read comes with the store (a chat
  // that waits for its turn reads when the turn comes, as fresh as it can).
  const stored = stepNow?.startsNow(m.chat) ? await storeAndRead(db, row) : await store(db, row).then(idOnly);
  if (stored === null) {
    const [existing] = await sqlOf(db).rows<{ id: number }>(FIND, [
      m.chat.channel,
      m.chat.chatId,
      m.externalId,
    ]);
    if (!existing) throw new Error('inbound message neither stored nor found');
    return { id: existing.id, duplicate: true };
  }
  const { id } = stored;
  if (stepNow?.take({ inboundId: id, channel: m.chat.channel, chatId: m.chat.chatId }, stored.first))
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
