/**
 * One measured phase of the message path: a fresh database, the helpdesk in a child process with
 * QUEUE_PARTITIONS = `partitions` (or as a web process and `workers` worker processes), optionally
 * `data` tickets seeded into it, the floors at the same concurrency, then `chats` simulated reporters
 * for warm-up + a measured window.
 *
 * Latency is the app's own record: InboundMessage.acceptedAt (set by PostgreSQL when the message is
 * stored) → the latest OutboundMessage.sentAt of the replies that message caused (all of the bot's
 * turn delivered), for every message accepted inside the window. Throughput is the number of those
 * messages per second of window.
 */

import path from 'node:path';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { ROOT_DIR } from '../src/db/paths.ts';
import { loadCalendar } from '../src/sla/calendar-file.ts';
import { AppCluster } from './lib/app-cluster.ts';
import { BENCH_DB, deleteKeys, freshDatabase, redisUrl } from './lib/infra.ts';
import type { ChildSnapshot, FloorResult } from './lib/protocol.ts';
import { newWorld, Reporter } from './lib/reporters.ts';
import {
  type ActivityProfile,
  type CpuDelta,
  cpuDelta,
  cpuSnapshot,
  sampleActivity,
} from './lib/resources.ts';
import { type DataSize, seedTickets } from './lib/seed-tickets.ts';
import { type Summary, sleep, summarize } from './lib/stats.ts';

// The app's own calendar (config default): seeded codes are numbered by the year in its zone.
const ZONE = loadCalendar(path.join(ROOT_DIR, 'prisma/seed/calendar.yaml')).zone;

export interface PhaseConfig {
  partitions: number;
  chats: number;
  warmupMs: number;
  measureMs: number;
  /** Measured in the helpdesk process: only with `workers` 0. */
  floors: { warmupMs: number; measureMs: number } | null;
  /** Write a CPU profile of the helpdesk process over the measured window to this file (`workers` 0). */
  profileFile?: string;
  prefix: string;
  /** 0 (default): one ROLE=all process; N: one ROLE=web process and N ROLE=worker processes. */
  workers?: number;
  /** Tickets seeded into the fresh database after the helpdesk started, before any load. */
  data?: DataSize;
}

export interface PhaseResult {
  partitions: number;
  chats: number;
  workers: number;
  data: DataSize;
  /** Time the seeding took (not measured as load). */
  seedMs: number;
  windowS: number;
  messages: number;
  perSecond: number;
  latency: Summary;
  /** Accepted → stepped (InboundMessage.processedAt): the inbound half of `latency`; the rest is sending. */
  stepped: Summary;
  /** `latency` of the turns that posted to a staff group (a ticket opened), and of the others. */
  withGroupPost: Summary;
  withoutGroupPost: Summary;
  firstReply: Summary;
  turn: Summary;
  errors: {
    total: number;
    http: number;
    timeouts: number;
    failedSteps: number;
    failedSends: number;
    unanswered: number;
    /** Sends that needed more than one attempt (not errors the person sees). */
    retriedSends: number;
    /** Deliveries the app answered 503 (over its accept deadline) and the reporter sent again. */
    redeliveries: number;
  };
  conversations: {
    requestsOpened: number;
    incidentsOpenedOrLinked: number;
    statusChecks: number;
    faqQuestions: number;
    offScript: number;
  };
  /** RSS of the helpdesk right after start-up, and the highest seen while reporters ran (summed over processes). */
  rssStart: number;
  rssPeak: number;
  /** appMs: every helpdesk process together. */
  cpu: CpuDelta & { appMs: number; appSystemMs: number };
  /** The app's event loop over the window: how late a 10 ms timer ran, p99 and worst (ms). */
  loopDelay: { p99: number; max: number };
  /** SQL statements the app sent during the window, per message, most frequent first. */
  statements: { sql: string; perMessage: number }[];
  perMessage: {
    appCpuMs: number;
    postgresCpuMs: number;
    redisCpuMs: number;
    generatorCpuMs: number;
    machineCpuMs: number;
    dbQueries: number;
    redisCommands: number;
    replies: number;
  };
  activity: ActivityProfile;
  floorQueue: FloorResult | null;
  floorDb: FloorResult | null;
  profileFile: string | null;
}

interface LatencyRow {
  last_ms: number | null;
  stepped_ms: number | null;
  first_ms: number | null;
  replies: string;
  sent: string;
  group_post: boolean | null;
}

export async function runPhase(cfg: PhaseConfig, monitor: Redis): Promise<PhaseResult> {
  const workers = cfg.workers ?? 0;
  const data = cfg.data ?? { open: 0, closed: 0 };
  if (workers > 0 && (cfg.floors || cfg.profileFile))
    throw new Error('floors and the profile are measured in a single helpdesk process');
  const databaseUrl = await freshDatabase();
  const app = await AppCluster.start(
    { databaseUrl, redisUrl: redisUrl(), partitions: cfg.partitions, prefix: cfg.prefix },
    workers,
  );
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const seedStart = performance.now();
    await seedTickets(db, data, ZONE);
    const seedMs = performance.now() - seedStart;
    let floorQueue: FloorResult | null = null;
    let floorDb: FloorResult | null = null;
    if (cfg.floors) {
      floorQueue = await app.primary.request<FloorResult>({
        op: 'floorQueue',
        chats: cfg.chats,
        ...cfg.floors,
      });
      floorDb = await app.primary.request<FloorResult>({
        op: 'floorDb',
        concurrency: cfg.chats,
        ...cfg.floors,
      });
      await deleteKeys(`${cfg.prefix}-floor`);
    }

    const world = newWorld(app.url);
    const reporters = Array.from(
      { length: cfg.chats },
      (_, i) => new Reporter(`bench-c${cfg.chats}-${String(i).padStart(4, '0')}`, world, 1000 + i),
    );
    const byChat = new Map(reporters.map((r) => [r.chatId, r]));
    app.onSent = (notes) => {
      for (const [chatId, final, code] of notes) {
        const r = byChat.get(chatId);
        if (r) r.onSent(final, code);
        else world.counts.stray++;
      }
    };
    await app.broadcast({ op: 'resetPeak' });
    const running = Promise.all(reporters.map((r) => r.run()));

    await sleep(cfg.warmupMs);
    const startDate = new Date();
    world.window = { start: performance.now(), end: performance.now() + cfg.measureMs };
    const activity = sampleActivity(BENCH_DB);
    const [appA, cpuA] = await Promise.all([app.snapshot(), cpuSnapshot(monitor)]);
    await app.broadcast({ op: 'resetStatements' });
    if (cfg.profileFile) await app.primary.request({ op: 'profileStart' });

    await sleep(cfg.measureMs);
    const endDate = new Date();
    const [appB, cpuB] = await Promise.all([app.snapshot(), cpuSnapshot(monitor)]);
    const statements = await app.statements();
    const profileFile = cfg.profileFile
      ? await app.primary.request<string>({ op: 'profileStop', file: cfg.profileFile })
      : null;
    const activityProfile = await activity.stop();

    // Let every conversation finish its current turn (each turn is bounded by TURN_TIMEOUT_MS).
    world.stopping = true;
    await running;
    await settled(db);
    const appEnd: ChildSnapshot = await app.snapshot();

    const { rows } = await db.query<LatencyRow>(
      `SELECT EXTRACT(EPOCH FROM (MAX(o."sentAt") - i."acceptedAt")) * 1000 AS last_ms,
              EXTRACT(EPOCH FROM (MIN(o."sentAt") - i."acceptedAt")) * 1000 AS first_ms,
              EXTRACT(EPOCH FROM (i."processedAt" - i."acceptedAt")) * 1000 AS stepped_ms,
              COUNT(o.id) AS replies, COUNT(o."sentAt") AS sent, bool_or(o."isGroup") AS group_post
         FROM "InboundMessage" i LEFT JOIN "OutboundMessage" o ON o."inboundId" = i.id
        WHERE i."acceptedAt" >= ($1::timestamptz AT TIME ZONE 'UTC')
          AND i."acceptedAt" < ($2::timestamptz AT TIME ZONE 'UTC')
        GROUP BY i.id`,
      [startDate.toISOString(), endDate.toISOString()],
    );
    const answered = rows.filter((r) => r.last_ms !== null && r.replies === r.sent);
    const errorRows = await db.query<{
      failed_steps: string;
      unanswered: string;
      failed_sends: string;
      retried: string;
    }>(
      `SELECT (SELECT COUNT(*) FROM "InboundMessage" WHERE error IS NOT NULL) AS failed_steps,
              (SELECT COUNT(*) FROM "InboundMessage" i WHERE i."processedAt" IS NULL
                  OR NOT EXISTS (SELECT 1 FROM "OutboundMessage" o WHERE o."inboundId" = i.id)) AS unanswered,
              (SELECT COUNT(*) FROM "OutboundMessage" WHERE status <> 'SENT') AS failed_sends,
              (SELECT COUNT(*) FROM "OutboundMessage" WHERE attempts > 1) AS retried`,
    );
    const e = errorRows.rows[0];
    const failedSteps = Number(e?.failed_steps ?? 0);
    const unanswered = Number(e?.unanswered ?? 0);
    const failedSends = Number(e?.failed_sends ?? 0);

    const messages = rows.length;
    const windowS = (endDate.getTime() - startDate.getTime()) / 1000;
    const cpu = cpuDelta(cpuA, cpuB);
    const appMs = appB.cpuUserMs + appB.cpuSystemMs - appA.cpuUserMs - appA.cpuSystemMs;
    const per = (n: number) => (messages ? n / messages : Number.NaN);
    const { http, timeouts } = { http: world.counts.httpErrors, timeouts: world.counts.timeouts };
    return {
      partitions: cfg.partitions,
      chats: cfg.chats,
      workers,
      data,
      seedMs,
      windowS,
      messages,
      perSecond: messages / windowS,
      latency: summarize(answered.map((r) => Number(r.last_ms))),
      stepped: summarize(answered.map((r) => Number(r.stepped_ms))),
      withGroupPost: summarize(answered.filter((r) => r.group_post).map((r) => Number(r.last_ms))),
      withoutGroupPost: summarize(answered.filter((r) => !r.group_post).map((r) => Number(r.last_ms))),
      firstReply: summarize(answered.map((r) => Number(r.first_ms))),
      turn: summarize(world.turnLatencyMs),
      errors: {
        total: http + timeouts + failedSteps + failedSends + unanswered,
        http,
        timeouts,
        failedSteps,
        failedSends,
        unanswered,
        retriedSends: Number(e?.retried ?? 0),
        redeliveries: world.counts.redeliveries,
      },
      conversations: {
        requestsOpened: world.counts.requestsOpened,
        incidentsOpenedOrLinked: world.counts.incidentsOpenedOrLinked,
        statusChecks: world.counts.statusChecks,
        faqQuestions: world.counts.faqQuestions,
        offScript: world.counts.offScript,
      },
      rssStart: app.startRss,
      rssPeak: appEnd.rssPeak,
      cpu: { ...cpu, appMs, appSystemMs: appB.cpuSystemMs - appA.cpuSystemMs },
      loopDelay: { p99: appB.loopDelayP99Ms, max: appB.loopDelayMaxMs },
      statements: statements.map(([sql, n]) => ({
        sql: sql.replace(/\s+/g, ' ').trim(),
        perMessage: per(n),
      })),
      perMessage: {
        appCpuMs: per(appMs),
        postgresCpuMs: per(cpu.postgresMs),
        redisCpuMs: per(cpu.redisMs),
        generatorCpuMs: per(cpu.generatorMs),
        machineCpuMs: per(cpu.machineBusyMs),
        dbQueries: per(appB.pgQueries - appA.pgQueries),
        redisCommands: per(appB.redisCommands - appA.redisCommands),
        replies: per(appB.sends - appA.sends),
      },
      activity: activityProfile,
      floorQueue,
      floorDb,
      profileFile,
    };
  } finally {
    await db.end().catch(() => {});
    await app.stop();
    await deleteKeys(cfg.prefix);
  }
}

/**
 * Waits (up to 10 s) until every accepted message is processed and every reply written is sent or
 * failed, so that the error counts see finished work only: a reporter may post once more while the
 * others finish their turns, and a merged warning waits a few seconds for its flush.
 */
async function settled(db: pg.Client): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const { rows } = await db.query<{ open: string }>(
      `SELECT (SELECT COUNT(*) FROM "InboundMessage" WHERE "processedAt" IS NULL) +
              (SELECT COUNT(*) FROM "OutboundMessage" WHERE status = 'PENDING') AS open`,
    );
    if (Number(rows[0]?.open ?? 0) === 0) return;
    await sleep(200);
  }
}
