/**
 * The outbox, written: every message the bot sends is a row written in the same transaction as the step
 * that caused it; the chat's send job is queued after the commit (outbox/send.ts sends it).
 */
import type { ChatRef, Choice } from '../channel.ts';
import { sqlOf } from '../db/sql.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { Tx } from '../tickets/store.ts';

/** A message to write to the outbox: the chat it goes to, and what it says. */
export interface Draft extends ChatRef {
  text: string;
  choices?: Choice[];
  ticketId?: number | null;
}

/**
 * One statement for all of a step's replies. `from` is a FROM clause giving each draft as `e.d` (made
 * by {@link outboxRows}); `inboundId` names the message that caused it, `orderBy` the order of the rows
 * (their ids rise in it). {@link outboxDrafts} is the FROM clause of one step's drafts in one parameter.
 */
export const outboxInsert = (o: { from: string; inboundId: string; orderBy: string }) => `
INSERT INTO "OutboundMessage" ("channel", "chatId", "threadId", "isGroup", "text", "choices", "ticketId",
                               "inboundId", "createdAt")
SELECT (e.d->>'channel')::"ChannelName", e.d->>'chatId', e.d->>'threadId', (e.d->>'isGroup')::boolean,
       e.d->>'text', NULLIF(e.d->'choices', 'null'::jsonb), (e.d->>'ticketId')::int, ${o.inboundId}::int,
       now() AT TIME ZONE 'UTC'
  FROM ${o.from}
 ORDER BY ${o.orderBy}
RETURNING "id", "channel"::text AS channel, "chatId", "inboundId"`;

/** The drafts of parameter `rows` as `e.d`, in their order `e.n`. */
export const outboxDrafts = (rows: string) =>
  `jsonb_array_elements(${rows}::jsonb) WITH ORDINALITY AS e(d, n)`;

const INSERT = outboxInsert({ from: outboxDrafts('$1'), inboundId: '$2', orderBy: 'e.n' });

/** An outbox row as written: its chat's send job is queued after the commit. */
export interface Written {
  id: number;
  channel: ChatRef['channel'];
  chatId: string;
  /** The message whose step wrote it. */
  inboundId: number | null;
}

/** The drafts as rows of {@link outboxInsert}. */
export function outboxRecords(drafts: readonly Draft[]): object[] {
  return drafts.map((d) => ({
    channel: d.channel,
    chatId: d.chatId,
    threadId: d.threadId ?? null,
    isGroup: d.isGroup ?? false,
    text: d.text,
    choices: d.choices ?? null,
    ticketId: d.ticketId ?? null,
  }));
}

/** The drafts as the JSON parameter of {@link outboxDrafts}. */
export function outboxRows(drafts: readonly Draft[]): string {
  return JSON.stringify(outboxRecords(drafts));
}

/** Notes the chats of written rows for their send jobs: each job is named after its chat's first new row. */
export function noteSends(written: readonly Written[], after: AfterCommit): void {
  for (const r of written) {
    const key = `${r.channel}:${r.chatId}`;
    const known = after.sends.get(key);
    // Ids rise in insertion order.
    if (!known || r.id < known.firstId)
      after.sends.set(key, { channel: r.channel, chatId: r.chatId, firstId: r.id });
  }
}

/** Writes the messages as outbox rows in `tx`; their chats' send jobs are queued after the commit. */
export async function writeOutbox(tx: Tx, drafts: Draft[], after: AfterCommit): Promise<void> {
  if (drafts.length === 0) return;
  noteSends(await sqlOf(tx).rows<Written>(INSERT, [outboxRows(drafts), after.inboundId]), after);
}
