/**
 * SLA timers: `count` pending timers with due times spread over `spreadMs` (from `minDelayMs` on); how
 * late each one fires (fired − due) and how much Redis memory the pending timers take.
 *
 * What is measured is a `TimerScheduler`. Today: `bullmqDelayedTimers` — BullMQ delayed jobs on a
 * `timers` queue with the app's connection settings, job defaults and timers-worker options, carrying
 * the same payload and job id as the SLA timers of src/step/after-commit.ts (`{ type: 'sla',
 * ticketId, kind, fireAt }`, `sla-<ticket>-<kind>-<ms>`), so memory per timer is representative.
 * To measure the real module instead, pass `runTimerBench` a TimerScheduler whose `schedule` creates the
 * tickets and calls `scheduleTicketTimers(deps, ticketIds)`, and whose `start` runs the app's timers
 * worker with `onFire` observing `handleSlaTimer` — the one call to change is in bench/run.ts.
 */
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_DEFAULTS } from '../src/pipeline/queues.ts';
import { type Summary, seededRandom, sleep, summarize } from './lib/stats.ts';

export interface Timer {
  ticketId: number;
  kind: string;
  /** Epoch ms when it should fire. */
  dueAt: number;
}

/** The job payload of an SLA timer in src/pipeline/queues.ts (TimerJob, type 'sla'). */
interface SlaTimerJob {
  type: 'sla';
  ticketId: number;
  kind: string;
  fireAt: string;
}

export interface TimerScheduler {
  readonly name: string;
  /** The Redis key prefix the timers live under (for memory accounting and clean-up). */
  readonly prefix: string;
  /** Starts whatever fires the timers; `onFire` is called once per timer as it fires. */
  start(onFire: (t: Timer) => void): Promise<void>;
  /** Stores the timers (the benchmark passes them in batches). */
  schedule(timers: readonly Timer[]): Promise<void>;
  close(): Promise<void>;
}

/** BullMQ delayed jobs on a `timers` queue, fired by a worker with the app's timers-worker options. */
export function bullmqDelayedTimers(connection: ConnectionOptions, prefix: string): TimerScheduler {
  const queue = new Queue<SlaTimerJob>('timers', { connection, prefix, defaultJobOptions: JOB_DEFAULTS });
  let worker: Worker<SlaTimerJob> | null = null;
  return {
    name: 'BullMQ delayed jobs, SLA payload (timers queue, worker concurrency 4)',
    prefix,
    async start(onFire) {
      worker = new Worker<SlaTimerJob>(
        'timers',
        async (job) => {
          const { ticketId, kind, fireAt } = job.data;
          onFire({ ticketId, kind, dueAt: new Date(fireAt).getTime() });
        },
        { connection, prefix, concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 },
      );
      await worker.waitUntilReady();
    },
    async schedule(timers) {
      const now = Date.now();
      await queue.addBulk(
        timers.map((t) => ({
          name: t.kind,
          data: { type: 'sla', ticketId: t.ticketId, kind: t.kind, fireAt: new Date(t.dueAt).toISOString() },
          opts: { jobId: `sla-${t.ticketId}-${t.kind}-${t.dueAt}`, delay: Math.max(0, t.dueAt - now) },
        })),
      );
    },
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}

export interface TimerResult {
  scheduler: string;
  count: number;
  scheduleMs: number;
  fired: number;
  lateness: Summary;
  /** INFO memory used_memory after scheduling minus before (the whole server: others' keys move it too). */
  usedMemoryDelta: number;
  /** Sum of MEMORY USAGE over the scheduler's keys while all timers were pending. */
  keysMemory: number;
  keys: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

async function keysMemory(redis: Redis, prefix: string): Promise<{ bytes: number; keys: number }> {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (batch.length) {
      const pipeline = redis.pipeline();
      for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', '0');
      for (const [, value] of (await pipeline.exec()) ?? []) bytes += Number(value ?? 0);
      keys += batch.length;
    }
  } while (cursor !== '0');
  return { bytes, keys };
}

export async function runTimerBench(
  scheduler: TimerScheduler,
  redis: Redis,
  opts: { count: number; minDelayMs: number; spreadMs: number },
): Promise<TimerResult> {
  const random = seededRandom(11);
  const lateness: number[] = [];
  let fired = 0;
  const seen = new Set<string>();
  await scheduler.start((t) => {
    const key = `${t.ticketId}-${t.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    fired++;
    lateness.push(Date.now() - t.dueAt);
  });
  try {
    const before = await usedMemory(redis);
    const t0 = Date.now();
    const kinds = ['response_reminder', 'response_breach', 'resolution_warning', 'resolution_breach'];
    const timers: Timer[] = Array.from({ length: opts.count }, (_, i) => ({
      ticketId: 1 + Math.floor(i / kinds.length),
      kind: kinds[i % kinds.length] as string,
      dueAt: t0 + opts.minDelayMs + Math.floor(random() * opts.spreadMs),
    }));
    const s0 = performance.now();
    for (let i = 0; i < timers.length; i += 500) await scheduler.schedule(timers.slice(i, i + 500));
    const scheduleMs = performance.now() - s0;
    const after = await usedMemory(redis);
    const keys = await keysMemory(redis, scheduler.prefix);
    // Bounded wait: the last timer is due at t0 + min + spread; allow 30 s more for stragglers.
    const deadline = t0 + opts.minDelayMs + opts.spreadMs + 30_000;
    while (fired < opts.count && Date.now() < deadline) await sleep(100);
    return {
      scheduler: scheduler.name,
      count: opts.count,
      scheduleMs,
      fired,
      lateness: summarize(lateness),
      usedMemoryDelta: after - before,
      keysMemory: keys.bytes,
      keys: keys.keys,
    };
  } finally {
    await scheduler.close();
  }
}
