/**
 * The outbox, written: every message the bot sends is a row written in the same transaction as the step
 * that caused it; the chat's send job is queued after the commit (outbox/send.ts sends it).
 */
import type { ChatRef, Choice } from '../channel.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { Tx } from '../tickets/store.ts';

/** A message to write to the outbox: the chat it goes to, and what it says. */
export interface Draft extends ChatRef {
  text: string;
  choices?: Choice[];
  ticketId?: number | null;
}

/** Writes the messages as outbox rows in `tx`; their chats' send jobs are queued after the commit. */
export async function writeOutbox(tx: Tx, drafts: Draft[], after: AfterCommit): Promise<void> {
  const { inboundId } = after;
  if (drafts.length === 0) return;
  const rows = await tx.outboundMessage.createManyAndReturn({
    data: drafts.map((d) => ({
      channel: d.channel,
      chatId: d.chatId,
      threadId: d.threadId ?? null,
      isGroup: d.isGroup ?? false,
      text: d.text,
      choices: (d.choices ?? undefined) as Prisma.InputJsonValue | undefined,
      ticketId: d.ticketId ?? null,
      inboundId,
    })),
    select: { id: true, channel: true, chatId: true },
  });
  for (const r of rows) {
    const key = `${r.channel}:${r.chatId}`;
    if (!after.sends.has(key)) after.sends.set(key, { channel: r.channel, chatId: r.chatId, firstId: r.id });
  }
}
