/**
 * A step's replies sent by the process that wrote them, right after the commit, instead of through the
 * outbound queue: one queue hop less per message (its Redis round trips, its worker's turn), the same
 * send as an outbound job's (`send`: the chat's pending rows in order, under the chat's send lock, see
 * chat-lock.ts), so order and once-only hold whoever sends. Where sending now is not for this process
 * the chat is queued as before: a channel it does not drive (an exclusive one), a platform limit on
 * sends in all (the lane's queue keeps to it), too many sends already under way here, or a send that
 * failed (the job retries it with backoff). A process that dies mid-send leaves the rows pending for
 * the sweeper, as a lost job does.
 */
import type { ChannelName } from '../domain.ts';
import type { Logger } from '../logger.ts';

interface Chat {
  channel: ChannelName;
  chatId: string;
  /** The chat's first new row: its send job's id when it is queued. */
  firstId: number;
}

export interface SendNow {
  /** Starts sending the chat's new replies from here; false: not taken, queue them. */
  take(chat: Chat): boolean;
  /** Takes no more, and waits for the sends under way. */
  close(): Promise<void>;
}

export interface SendNowOptions {
  /** Whether this process sends the channel's replies now. */
  eligible(channel: ChannelName): boolean;
  /** The chat's send, as an outbound job runs it. */
  send(chat: Chat): Promise<unknown>;
  /** Queues the chat's send (what happens when sending now is not taken or failed). */
  enqueue(chat: Chat): Promise<void>;
  /** Sends under way at once, past which chats are queued. */
  maxInFlight: number;
  log: Logger;
}

export function createSendNow(opts: SendNowOptions): SendNow {
  const running = new Set<Promise<void>>();
  let closed = false;
  return {
    take(chat) {
      if (closed || running.size >= opts.maxInFlight || !opts.eligible(chat.channel)) return false;
      const run: Promise<void> = opts
        .send(chat)
        .then(() => {})
        .catch(async (err: unknown) => {
          opts.log.debug({ err, channel: chat.channel }, 'send after commit failed; queued');
          // Not even queued (Redis away): the rows stay pending for the sweeper.
          await opts.enqueue(chat).catch((e: unknown) => opts.log.warn({ err: e }, 'send not queued'));
        })
        .finally(() => running.delete(run));
      running.add(run);
      return true;
    },
    async close() {
      closed = true;
      await Promise.all([...running]);
    },
  };
}
