/**
 * A message stepped by the process that accepted it, right after it is stored, instead of through the
 * inbound queue: one queue hop less per message (its Redis round trips, the wait for the partition's
 * turn). The step is the inbound job's own (process-inbound.ts: the chat's oldest unprocessed message
 * first), which is safe beside any other step of the chat, a queued job's or a timer's: a message is
 * claimed once, and a conversation stepped meanwhile sends the step the full way. One step runs per chat
 * here; a message that arrives while its chat is being stepped is taken by that step when it is done.
 * Past `maxInFlight` chats, a chat waits here for its turn, first come first served: were it queued
 * instead, the people who came late would wait behind the queue while those who came early went first,
 * and the tail would grow (measured: p99 4.7 s instead of 3.2 s at 500 chats). Where stepping now is not
 * taken — a process that runs no workers, too many chats waiting — or when the step fails, the message is
 * queued as before (the job retries, gives up once); what waits here when the process stops is queued; a
 * process that dies leaves its messages unprocessed for the sweeper, as a lost job does.
 */
import type { ChannelName } from '../domain.ts';
import type { Logger } from '../logger.ts';
import type { NextMessage } from './fast-path.ts';
import type { InboundJob } from './queues.ts';

export interface StepNow {
  /**
   * Starts stepping the chat up to this message here; false: not taken, queue it. `first`: the message
   * as accept read it with its step's reads, when it was the chat's oldest unprocessed one (accept.ts).
   */
  take(job: InboundJob, first?: NextMessage | null): boolean;
  /** Whether a message of this chat taken now would be stepped at once (no step of it under way, a turn free). */
  startsNow(chat: Pick<InboundJob, 'channel' | 'chatId'>): boolean;
  /** Takes no more, and waits for the steps under way. */
  close(): Promise<void>;
}

export interface StepNowOptions {
  /**
   * The inbound job's work: the chat's unprocessed messages up to `job.inboundId`, oldest first;
   * `first`, when given, is that message already read.
   */
  step(job: InboundJob, first?: NextMessage): Promise<void>;
  /** Queues the message (what happens when stepping now is not taken or failed). */
  enqueue(job: InboundJob): Promise<void>;
  /** Chats stepped at once, past which a chat waits here for its turn. */
  maxInFlight: number;
  /** Chats waiting here for their turn, past which messages are queued. */
  maxWaiting: number;
  log: Logger;
}

interface Taken {
  key: string;
  channel: ChannelName;
  chatId: string;
  /** The newest message of the chat taken here. */
  upTo: number;
  /** The first message taken, read at accept (stepped on that read unless the chat was already busy). */
  first?: NextMessage | undefined;
}

export function createStepNow(opts: StepNowOptions): StepNow {
  /** Chats being stepped or waiting here: the newest message taken for each. */
  const chats = new Map<string, Taken>();
  /** Chats waiting for a turn, oldest first. */
  const waiting: Taken[] = [];
  const running = new Set<Promise<void>>();
  let closed = false;

  const start = (taken: Taken) => {
    const p: Promise<void> = run(taken).finally(() => {
      running.delete(p);
      const next = closed ? undefined : waiting.shift();
      if (next) start(next);
    });
    running.add(p);
  };

  const run = async (taken: Taken) => {
    const { channel, chatId } = taken;
    let done = 0;
    let first = taken.first;
    taken.first = undefined;
    try {
      while (done < taken.upTo) {
        // The message read at accept first, alone: what came after it is read when its turn comes.
        const upTo = first?.message.id ?? taken.upTo;
        await opts.step({ inboundId: upTo, channel, chatId }, first);
        first = undefined;
        done = upTo;
      }
    } catch (err) {
      opts.log.debug({ err, channel }, 'step after accept failed; queued');
      // Not even queued (Redis away): the message stays unprocessed for the sweeper.
      await opts
        .enqueue({ inboundId: taken.upTo, channel, chatId })
        .catch((e: unknown) => opts.log.warn({ err: e }, 'message not queued'));
    } finally {
      chats.delete(taken.key);
    }
  };

  return {
    take(job, first) {
      if (closed) return false;
      const key = `${job.channel}:${job.chatId}`;
      const busy = chats.get(key);
      if (busy) {
        busy.upTo = Math.max(busy.upTo, job.inboundId);
        return true;
      }
      const turn = running.size < opts.maxInFlight;
      if (!turn && waiting.length >= opts.maxWaiting) return false;
      const taken: Taken = {
        key,
        channel: job.channel,
        chatId: job.chatId,
        upTo: job.inboundId,
        ...(first?.message.id === job.inboundId ? { first } : {}),
      };
      chats.set(key, taken);
      if (turn) start(taken);
      else waiting.push(taken);
      return true;
    },
    startsNow(chat) {
      return !closed && running.size < opts.maxInFlight && !chats.has(`${chat.channel}:${chat.chatId}`);
    },
    async close() {
      closed = true;
      const left = waiting.splice(0);
      for (const t of left) chats.delete(t.key);
      await Promise.all([
        ...left.map((t) =>
          opts
            .enqueue({ inboundId: t.upTo, channel: t.channel, chatId: t.chatId })
            .catch((e: unknown) => opts.log.warn({ err: e }, 'message not queued')),
        ),
        ...running,
      ]);
    },
  };
}
