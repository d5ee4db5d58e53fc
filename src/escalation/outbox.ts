/**
 * Writing messages to the outbox from any step, and what must happen once the step's transaction has
 * committed: queue the sends, (re)schedule SLA timers, flush merged warnings.
 */
import type { Choice } from '../channel.ts';
import type { ChannelName } from '../domain.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Tx } from '../tickets/store.ts';

export interface Draft {
  channel: ChannelName;
  chatId: string;
  isGroup?: boolean;
  text: string;
  choices?: Choice[];
  ticketId?: number | null;
}

/** Work for after the commit, collected while a step runs. */
export interface AfterCommit {
  /** First new outbox row per chat: the chat's send job. */
  sends: Map<string, { channel: ChannelName; chatId: string; firstId: number }>;
  /** Tickets whose SLA timers must be (re)planned. */
  timers: Set<number>;
  /** Chats with new merged warnings to flush. */
  notices: Map<string, { channel: ChannelName; chatId: string }>;
  /** Chats left mid-flow: when to check them for inactivity. */
  activity: Map<string, { channel: ChannelName; chatId: string; at: Date }>;
  /** The message whose step this is: every outbox row it causes, in any chat, points back to it. */
  inboundId: number | null;
}

export function emptyAfterCommit(inboundId: number | null = null): AfterCommit {
  return { sends: new Map(), timers: new Set(), notices: new Map(), activity: new Map(), inboundId };
}

export async function writeOutbox(tx: Tx, drafts: Draft[], after: AfterCommit): Promise<void> {
  const { inboundId } = after;
  if (drafts.length === 0) return;
  const rows = await tx.outboundMessage.createManyAndReturn({
    data: drafts.map((d) => ({
      channel: d.channel,
      chatId: d.chatId,
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
