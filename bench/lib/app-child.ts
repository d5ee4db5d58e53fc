/**
 * The helpdesk under test, in its own process (forked by the benchmark with `--import tsx`), so its
 * memory, CPU time and CPU profile are its own and not the load generator's.
 *
 * It is the real app — `startHelpdesk(loadConfig(env))`, log level silent, with the role the parent gives
 * (`all`, or one `web` and several `worker` processes) — with three observers added from outside src/:
 * the simulator channel's `send` tells the parent which chat got a reply (no text leaves the process),
 * and pg / ioredis calls are counted. The observers run in every role: replies are sent where the
 * outbound workers run, and each process counts its own statements and CPU for the parent to add up.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startHelpdesk } from '../../src/app.ts';
import type { Channel } from '../../src/channel.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { databaseFloor, queueFloor } from './floors.ts';
import type { ChildConfig, ChildMessage, ChildRequest, ChildSnapshot, SentNote } from './protocol.ts';

const cfg = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as ChildConfig;
const send = (m: ChildMessage) => process.send?.(m);

// --- counters -------------------------------------------------------------------------------------
let pgQueries = 0;
/** Statements by their SQL text (parameterised: no message bodies), to see which ones a message costs. */
const statements = new Map<string, number>();
let redisCommands = 0;
let sends = 0;
type AnyFn = (...args: unknown[]) => unknown;
const pgProto = pg.Client.prototype as unknown as { query: AnyFn };
const pgQuery = pgProto.query;
pgProto.query = function (this: unknown, ...args: unknown[]) {
  pgQueries++;
  const first = args[0];
  const text = typeof first === 'string' ? first : (first as { text?: string } | null)?.text;
  if (text) statements.set(text, (statements.get(text) ?? 0) + 1);
  return pgQuery.apply(this, args);
};
const redisProto = Redis.prototype as unknown as { sendCommand: AnyFn };
const redisSend = redisProto.sendCommand;
redisProto.sendCommand = function (this: unknown, ...args: unknown[]) {
  redisCommands++;
  return redisSend.apply(this, args);
};

let rssPeak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > rssPeak) rssPeak = rss;
}, 50);
sampler.unref();

// How long the app's one thread keeps every message waiting: a 10 ms timer's lateness.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function snapshot(): ChildSnapshot {
  const cpu = process.cpuUsage();
  const rss = process.memoryUsage.rss();
  if (rss > rssPeak) rssPeak = rss;
  return {
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    rss,
    rssPeak,
    heapUsed: process.memoryUsage().heapUsed,
    pgQueries,
    redisCommands,
    sends,
    hrtimeUs: Number(process.hrtime.bigint() / 1000n),
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
}

// --- the app --------------------------------------------------------------------------------------
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
const config = loadConfig({
  DATABASE_URL: cfg.databaseUrl,
  REDIS_URL: cfg.redisUrl,
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  QUEUE_PARTITIONS: String(cfg.partitions),
  QUEUE_PREFIX: cfg.prefix,
  ROLE: cfg.role,
  // How often the sweeper looks for lost work (the app's default unless the bench is told).
  ...(process.env.BENCH_SWEEP_S ? { SWEEP_SECONDS: process.env.BENCH_SWEEP_S } : {}),
});
const app = await startHelpdesk(config, createLogger('silent'));

// An FAQ answer is always followed by one more reply (a follow-up or the question again), so any
// other reply ends the bot's turn; the parent's simulated person waits for it before typing again.
const faqAnswers = new Set(app.conversation.faq.topics.map((t) => t.answer));
const TICKET_CODE = /\b(?:GGN|LYN)-\d{4}-\d{4,}\b/;
let pending: SentNote[] = [];
const flush = () => {
  const notes = pending;
  pending = [];
  if (notes.length) send({ type: 'sent', notes });
};
const simulator = app.channels.get('simulator') as Channel;
const originalSend = simulator.send.bind(simulator);
simulator.send = async (to, m) => {
  const result = await originalSend(to, m);
  sends++;
  if (pending.length === 0) setImmediate(flush);
  pending.push([to.chatId, !faqAnswers.has(m.text), TICKET_CODE.exec(m.text)?.[0] ?? null]);
  return result;
};

// --- requests from the parent ---------------------------------------------------------------------
let profiler: Session | null = null;
let stopped = false;
const post = <T>(session: Session, method: string, params: object = {}) =>
  new Promise<T>((resolve, reject) =>
    session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))),
  );

async function handle(req: ChildRequest): Promise<unknown> {
  switch (req.op) {
    case 'snapshot':
      return snapshot();
    case 'statements':
      return [...statements].sort((a, b) => b[1] - a[1]);
    case 'resetStatements':
      statements.clear();
      loopDelay.reset();
      return null;
    case 'resetPeak':
      rssPeak = process.memoryUsage.rss();
      return null;
    case 'floorQueue':
      return queueFloor({
        connection: app.queues.connection,
        prefix: `${cfg.prefix}-floor`,
        partitions: app.queues.partitions,
        chats: req.chats,
        warmupMs: req.warmupMs,
        measureMs: req.measureMs,
      });
    case 'floorDb':
      return databaseFloor({
        db: app.db.prisma,
        concurrency: req.concurrency,
        warmupMs: req.warmupMs,
        measureMs: req.measureMs,
      });
    case 'profileStart':
      profiler = new Session();
      profiler.connect();
      await post(profiler, 'Profiler.enable');
      await post(profiler, 'Profiler.setSamplingInterval', { interval: 500 });
      await post(profiler, 'Profiler.start');
      return null;
    case 'profileStop': {
      if (!profiler) return null;
      const { profile } = await post<{ profile: object }>(profiler, 'Profiler.stop');
      profiler.disconnect();
      profiler = null;
      fs.mkdirSync(path.dirname(req.file), { recursive: true });
      fs.writeFileSync(req.file, JSON.stringify(profile));
      return req.file;
    }
    case 'stop':
      stopped = true;
      await app.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      return snapshot();
  }
}

process.on('message', (raw) => {
  const { id, req } = raw as { id: number; req: ChildRequest };
  handle(req).then(
    (data) => {
      send({ type: 'reply', id, ok: true, data });
      if (req.op === 'stop') process.disconnect();
    },
    (e: unknown) => send({ type: 'reply', id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
// The parent went away (Ctrl-C, crash): stop cleanly rather than linger.
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), stopped ? 100 : 5_000).unref();
  if (!stopped) void app.stop().finally(() => process.exit(0));
});

if (!app.url && cfg.role !== 'worker') throw new Error('the helpdesk did not start its HTTP server');
send({ type: 'ready', url: app.url, rss: process.memoryUsage.rss() });
