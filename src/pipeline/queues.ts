/**
 * The BullMQ queues of the message path. Inbound and outbound work is partitioned by chat: every chat
 * hashes to one partition, each partition is processed one job at a time across all processes (global
 * concurrency 1), so each chat is answered in order while different chats run in parallel.
 */
import { type ConnectionOptions, Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { ChannelName } from '../domain.ts';

export interface InboundJob {
  inboundId: number;
  channel: ChannelName;
  chatId: string;
}

export interface OutboundJob {
  channel: ChannelName;
  chatId: string;
}

export type TimerJob =
  | { type: 'inactivity'; channel: ChannelName; chatId: string; activityAt: string }
  | { type: 'sla'; ticketId: number; kind: string; fireAt: string }
  | { type: 'notices'; channel: ChannelName; chatId: string };

export interface Queues {
  prefix: string;
  connection: ConnectionOptions;
  partitions: number;
  inbound: Queue<InboundJob>[];
  /**
   * Outbound partitions per lane: one lane per running channel, so one platform's slow or throttled
   * sends never hold up another's; the `rest` lane takes sends to a channel that is not running (they
   * are marked failed there).
   */
  outbound: ReadonlyMap<OutboundLane, Queue<OutboundJob>[]>;
  timers: Queue<TimerJob>;
  /** A plain client on the same Redis, for small coordination keys (the warning gate). */
  redis: Redis;
  close(): Promise<void>;
}

export type OutboundLane = ChannelName | 'rest';

/** The partition of a chat: FNV-1a over "channel:chatId". */
export function partitionOf(channel: string, chatId: string, partitions: number): number {
  let h = 0x811c9dc5;
  const key = `${channel}:${chatId}`;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

// Job ids are deterministic (in-<id>, out-<id>, sla-…): a failed job left in Redis would make every
// later add with the same id a silent no-op, so failed jobs go too (the database keeps the error).
export const JOB_DEFAULTS = {
  removeOnComplete: true,
  removeOnFail: true,
} as const;

/** The BullMQ queue name of an outbound partition. */
export function outboundQueueName(lane: OutboundLane, partition: number): string {
  return `outbound-${lane}-${partition}`;
}

export async function createQueues(
  connection: ConnectionOptions,
  prefix: string,
  partitions: number,
  channels: readonly ChannelName[],
): Promise<Queues> {
  const make = <T>(name: string) =>
    new Queue<T>(name, { connection, prefix, defaultJobOptions: JOB_DEFAULTS });
  const inbound = Array.from({ length: partitions }, (_, i) => make<InboundJob>(`inbound-${i}`));
  const outbound = new Map<OutboundLane, Queue<OutboundJob>[]>(
    [...channels, 'rest' as const].map((lane) => [
      lane,
      Array.from({ length: partitions }, (_, i) => make<OutboundJob>(outboundQueueName(lane, i))),
    ]),
  );
  const allOutbound = [...outbound.values()].flat();
  const timers = make<TimerJob>('timers');
  const redis = new Redis(connection as RedisOptions);
  // Reconnects on its own; a lost connection shows on /healthz and in the jobs that meet it.
  redis.on('error', () => {});
  const queues: Queues = {
    prefix,
    connection,
    partitions,
    inbound,
    outbound,
    timers,
    redis,
    close: async () => {
      await Promise.all([...inbound, ...allOutbound, timers].map((q) => q.close()));
      redis.disconnect();
    },
  };
  await assertGlobalConcurrency(queues);
  return queues;
}

/**
 * One job at a time per partition, across every worker process. Kept in Redis, so it is set again
 * whenever Redis may have lost its data (see the sweeper).
 */
export async function assertGlobalConcurrency(queues: Queues): Promise<void> {
  await Promise.all(
    [...queues.inbound, ...[...queues.outbound.values()].flat()].map((q) => q.setGlobalConcurrency(1)),
  );
}

export function inboundQueue(queues: Queues, channel: string, chatId: string): Queue<InboundJob> {
  const q = queues.inbound[partitionOf(channel, chatId, queues.partitions)];
  if (!q) throw new Error('no inbound partition');
  return q;
}

export function outboundQueue(queues: Queues, channel: ChannelName, chatId: string): Queue<OutboundJob> {
  const lane = queues.outbound.get(channel) ?? queues.outbound.get('rest');
  const q = lane?.[partitionOf(channel, chatId, queues.partitions)];
  if (!q) throw new Error('no outbound partition');
  return q;
}
