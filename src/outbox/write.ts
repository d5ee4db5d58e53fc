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

// One statement for all of a step's replies; the rows travel as one JSON parameter.
const INSERT = `
INSERT INTO "OutboundMessage" ("channel", "chatId", "threadId", "isGroup", "text", "choices", "ticketId",
                               "inboundId", "createdAt")
SELECT (e.d->>'channel')::"ChannelName", e.d->>'chatId', e.d->>'threadId', (e.d->>'isGroup')::boolean,
       e.d->>'text', NULLIF(e.d->'choices', 'null'::jsonb), (e.d->>'ticketId')::int, $2::int,
       now() AT TIME ZONE 'UTC'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, n)
 ORDER BY e.n
RETURNING "id", "channel"::text AS channel, "chatId"`;

/** Writes the messages as outbox rows in `tx`; their chats' send jobs are queued after the commit. */
export async function writeOutbox(tx: Tx, drafts: Draft[], after: AfterCommit): Promise<void> {
  if (drafts.length === 0) return;
  const rows = JSON.stringify(
    drafts.map((d) => ({
      channel: d.channel,
      chatId: d.chatId,
      threadId: d.threadId ?? null,
      isGroup: d.isGroup ?? false,
      text: d.text,
      choices: d.choices ?? null,
      ticketId: d.ticketId ?? null,
    })),
  );
  const written = await sqlOf(tx).rows<{ id: number; channel: ChatRef['channel']; chatId: string }>(INSERT, [
    rows,
    after.inboundId,
  ]);
  for (const r of written) {
    const key = `${r.channel}:${r.chatId}`;
    const known = after.sends.get(key);
    // The chat's send job is named after its first new row (ids rise in insertion order).
    if (!known || r.id < known.firstId)
      after.sends.set(key, { channel: r.channel, chatId: r.chatId, firstId: r.id });
  }
}
