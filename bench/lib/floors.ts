/**
 * The floor: what the same Redis and the same PostgreSQL do with no helpdesk logic at all, measured in
 * the helpdesk's own process with its own connection settings, so the message path's throughput can be
 * read as a share of it (a ratio that survives a noisy machine).
 *
 * - Queue floor: the message path's queue shape with empty jobs. `createQueues` (the app's own: N
 *   inbound and N outbound partitions, global concurrency 1 each, the same job defaults), workers with
 *   the app's worker options, and `chats` closed-loop senders: add to inbound-<p> → the worker adds to
 *   outbound-simulator-<p> (as the step does) → the outbound worker "sends", which answers the sender.
 * - Database floor: `concurrency` loops of one INSERT and one SELECT by id through the app's Prisma
 *   client (same adapter, same pool).
 */
import type { ConnectionOptions } from 'bullmq';
import { Worker } from 'bullmq';
import type { Db } from '../../src/db/client.ts';
import {
  createQueues,
  type InboundJob,
  type OutboundJob,
  outboundQueueName,
  partitionOf,
} from '../../src/pipeline/queues.ts';
import type { FloorResult } from './protocol.ts';

/** The options startWorkers gives every message-path worker. */
const WORKER_OPTS = { concurrency: 1, lockDuration: 10_000, stalledInterval: 5_000 };

interface Window {
  start: number;
  end: number;
}

/** Runs `loops` closed loops of `op` for warmup + measure; counts what completes inside the window. */
async function closedLoops(
  loops: number,
  warmupMs: number,
  measureMs: number,
  op: (loop: number, seq: number) => Promise<void>,
): Promise<FloorResult> {
  const t0 = performance.now();
  const window: Window = { start: t0 + warmupMs, end: t0 + warmupMs + measureMs };
  const latencyMs: number[] = [];
  let completed = 0;
  let errors = 0;
  let seq = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (performance.now() < window.end) {
        const start = performance.now();
        try {
          await op(loop, seq++);
        } catch {
          errors++;
          continue;
        }
        const end = performance.now();
        if (start >= window.start && end <= window.end) latencyMs.push(end - start);
        if (end >= window.start && end <= window.end) completed++;
      }
    }),
  );
  return { perSecond: completed / (measureMs / 1000), latencyMs, errors };
}

export async function queueFloor(opts: {
  connection: ConnectionOptions;
  prefix: string;
  partitions: number;
  chats: number;
  warmupMs: number;
  measureMs: number;
}): Promise<FloorResult> {
  const queues = await createQueues(opts.connection, opts.prefix, opts.partitions, ['simulator']);
  const waiting = new Map<number, () => void>();
  const workers: Worker[] = [];
  const common = { ...WORKER_OPTS, connection: queues.connection, prefix: queues.prefix };
  for (let p = 0; p < opts.partitions; p++) {
    const outbound = queues.outbound.get('simulator')?.[p];
    if (!outbound) throw new Error('missing partition');
    workers.push(
      new Worker<InboundJob>(
        `inbound-${p}`,
        async (job) => {
          // The echo's "reply" names the sender's sequence number where the app names the chat.
          await outbound.add(
            'send',
            { channel: 'simulator', chatId: String(job.data.inboundId) },
            {
              jobId: `out-${job.data.inboundId}`,
              attempts: 8,
              backoff: { type: 'exponential', delay: 500 },
            },
          );
        },
        common,
      ),
      new Worker<OutboundJob>(
        outboundQueueName('simulator', p),
        async (job) => {
          waiting.get(Number(job.data.chatId))?.();
        },
        common,
      ),
    );
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  try {
    return await closedLoops(opts.chats, opts.warmupMs, opts.measureMs, async (loop, seq) => {
      const chatId = `floor-${loop}`;
      const q = queues.inbound[partitionOf('simulator', chatId, opts.partitions)];
      if (!q) throw new Error('missing partition');
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('echo timed out')), 30_000);
        waiting.set(seq, () => {
          clearTimeout(timer);
          waiting.delete(seq);
          resolve();
        });
      });
      await q.add(
        'inbound',
        { inboundId: seq, channel: 'simulator', chatId },
        { jobId: `in-${seq}`, attempts: 3, backoff: { type: 'exponential', delay: 200 } },
      );
      await done;
    });
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await queues.close();
  }
}

export async function databaseFloor(opts: {
  db: Db;
  concurrency: number;
  warmupMs: number;
  measureMs: number;
}): Promise<FloorResult> {
  const { db } = opts;
  try {
    return await closedLoops(opts.concurrency, opts.warmupMs, opts.measureMs, async (_loop, seq) => {
      const row = await db.simulatorMessage.create({
        data: { chatId: 'floor', direction: 'in', externalId: `floor-${seq}`, text: 'floor' },
        select: { id: true },
      });
      await db.simulatorMessage.findUnique({ where: { id: row.id } });
    });
  } finally {
    await db.simulatorMessage.deleteMany({ where: { chatId: 'floor' } });
  }
}
