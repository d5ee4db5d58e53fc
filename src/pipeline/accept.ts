import type { InboundMessage } from '../channel.ts';
import type { Db } from '../db/client.ts';
import { withDeadline } from '../db/transient.ts';
import type { ChannelName } from '../domain.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { cleanInbound } from './clean-input.ts';
import { inboundQueue, type Queues } from './queues.ts';
import { RETRY_JOB_OPTIONS } from './retry.ts';

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
 * platform is acknowledged, then queues it. A duplicate delivery finds the stored row and queues nothing.
 * If queueing fails or is slow (Redis away) after the row is stored, the message is still accepted:
 * the sweeper queues the row later. What is stored is cleaned first (clean-input.ts), the same for every
 * adapter; what had to be cut is recorded with the row.
 */
export async function acceptInbound(db: Db, queues: Queues, input: InboundMessage): Promise<Accepted> {
  // In a group only what is addressed to the bot is the helpdesk's business (and its privacy).
  if (input.isGroup && input.addressed === false) return { id: 0, duplicate: false, ignored: true };
  const { message: m, cut } = cleanInbound(input);
  let id: number;
  try {
    const row = await db.inboundMessage.create({
      data: {
        channel: m.chat.channel,
        externalId: m.externalId,
        chatId: m.chat.chatId,
        fromId: m.from.externalId,
        fromName: m.from.displayName ?? null,
        isGroup: m.isGroup,
        text: m.text,
        payload: {
          choice: m.choice ?? null,
          attachments: (m.attachments ?? []) as unknown as Prisma.InputJsonValue,
          replyTo: m.replyToExternalId ?? null,
          threadId: m.chat.threadId ?? null,
          ...(m.from.alsoKnownAs?.length ? { alsoKnownAs: m.from.alsoKnownAs } : {}),
          ...(cut.length ? { cut } : {}),
        },
        receivedAt: m.receivedAt,
      },
      select: { id: true },
    });
    id = row.id;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      const existing = await db.inboundMessage.findUniqueOrThrow({
        where: {
          channel_chatId_externalId: {
            channel: m.chat.channel,
            chatId: m.chat.chatId,
            externalId: m.externalId,
          },
        },
        select: { id: true },
      });
      return { id: existing.id, duplicate: true };
    }
    throw e;
  }
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
