/**
 * Giving up on an accepted message, once, when its step fails deterministically: the row is marked
 * processed with the error (kept for staff), the sender gets the apology, and the helpdesk admins are
 * told (no message body, no phone number: only the row's number, for looking it up).
 */
import { text as say } from '../conversation/messages.ts';
import type { Db } from '../db/client.ts';
import { enqueueOutbound } from '../outbox/send.ts';
import { adminChats } from '../staff/admins.ts';
import type { ConversationDeps } from '../step/deps.ts';
import type { InboundJob } from './queues.ts';

/** What the admins read; Indonesian, short. */
export const adminGiveUpText = (inboundId: number, channel: string) =>
  `⚠️ Pesan masuk #${inboundId} (${channel}) gagal diproses berulang kali. Pengirim sudah diberi tahu ada gangguan. Rincian galat tersimpan di database (InboundMessage ${inboundId}).`;

/**
 * Gives up on the chat's oldest unprocessed message (a chat is processed oldest first, so that is the
 * one failing, perhaps older than this job's); later ones are left to go on. Throws when the database
 * cannot record it, so the job tries again.
 */
export async function giveUpInbound(
  deps: ConversationDeps,
  job: InboundJob,
  err: Error,
): Promise<number | null> {
  const row = await deps.db.inboundMessage.findFirst({
    where: { channel: job.channel, chatId: job.chatId, processedAt: null, id: { lte: job.inboundId } },
    orderBy: { id: 'asc' },
  });
  if (!row) return null;
  const inboundId = row.id;
  deps.log.error({ inboundId, err }, 'giving up on inbound message');
  const created = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.inboundMessage.updateMany({
      where: { id: inboundId, processedAt: null },
      data: { processedAt: new Date(), error: err.message.slice(0, 500) || err.name },
    });
    if (count === 0) return [];
    const drafts = [
      ...(row.isGroup ? [] : [{ channel: row.channel, chatId: row.chatId, text: say.internalError }]),
      ...adminChats(deps.admins).map((a) => ({ ...a, text: adminGiveUpText(inboundId, row.channel) })),
    ];
    return tx.outboundMessage.createManyAndReturn({
      data: drafts.map((d) => ({ ...d, inboundId })),
      select: { id: true, channel: true, chatId: true },
    });
  });
  // Committed: a failing enqueue must not fail the job (a retry would give up on the next message);
  // the sweeper sends pending rows.
  for (const o of created)
    await enqueueOutbound(deps.queues, o.channel, o.chatId, o.id).catch((e) =>
      deps.log.warn({ err: e, outboxId: o.id }, 'could not queue a send; the sweeper will'),
    );
  return inboundId;
}

/** Messages given up on since `since`: shown on /healthz so that a failure is seen, not only logged. */
export function countGivenUp(db: Db, since: Date): Promise<number> {
  return db.inboundMessage.count({ where: { error: { not: null }, processedAt: { gte: since } } });
}
