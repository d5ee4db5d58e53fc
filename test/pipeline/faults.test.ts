/**
 * The fault suite: the whole helpdesk in-process, its PostgreSQL and its Redis each behind a TCP proxy
 * the test controls, its Redis a private redis-server (flushed here; never the shared one). Each burst
 * scenario sends messages as platforms do (each chat's messages one after another, a 5xx redelivered
 * with the same message id) and checks every message answered exactly once, in order per chat.
 * A one-line summary per scenario is printed for the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Helpdesk, startHelpdesk } from '../../src/app.ts';
import { silentLog, testConfig } from '../support/app.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useTestDatabase } from '../support/db.ts';
import { adminUrl } from '../support/env.ts';
import { REQUESTER } from '../support/helpdesk.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const db = useTestDatabase();
let redis: PrivateRedis;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;
let app: Helpdesk;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Conditions are waited for with generous limits: the machine is shared and slow. */
const PATIENCE_MS = 240_000;

beforeAll(async () => {
  redis = await startPrivateRedis();
  const pg = new URL(adminUrl());
  pgProxy = await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
  redisProxy = await startTcpProxy({ host: '127.0.0.1', port: redis.port });
  const url = new URL(db.url);
  url.host = `127.0.0.1:${pgProxy.port}`;
  app = await startHelpdesk(
    testConfig({
      DATABASE_URL: url.toString(),
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      QUEUE_PREFIX: 'faults',
      QUEUE_PARTITIONS: '4',
      SWEEP_SECONDS: '1',
      INACTIVITY_MINUTES: String(10 / 60),
      CALENDAR_FILE: allDayCalendarFile(),
      DATABASE_QUERY_TIMEOUT_SECONDS: '3',
    }),
    silentLog,
  );
}, 120_000);

afterAll(async () => {
  await pgProxy?.setMode('up');
  await redisProxy?.setMode('up');
  await app?.stop();
  await pgProxy?.close();
  await redisProxy?.close();
  await redis?.stop();
});

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = PATIENCE_MS): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function post(body: Record<string, unknown>, timeoutMs = 10_000): Promise<Response> {
  return fetch(`${app.url}/api/simulator/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** Delivers like a platform: until it is acknowledged, a 5xx (or no answer) is redelivered. */
async function deliver(body: Record<string, unknown>): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await post(body);
      if (res.status === 202) return attempt;
      if (res.status < 500) throw new Error(`POST refused: ${res.status} ${await res.text()}`);
    } catch (e) {
      if ((e as Error).message.startsWith('POST refused')) throw e;
    }
    await sleep(150);
  }
}

const chatsOf = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => `628${tag}${String(i).padStart(4, '0')}`);
const code = (c: number, k: number, perChat: number) => c * perChat + k + 1;

/** Each chat sends its messages one after another ("status LYN-2026-<n>"); chats run at once. */
async function burst(
  chats: string[],
  perChat: number,
  onAccepted?: (accepted: number) => void,
): Promise<number> {
  let accepted = 0;
  let redelivered = 0;
  await Promise.all(
    chats.map(async (chat, c) => {
      for (let k = 0; k < perChat; k++) {
        const attempts = await deliver({
          chatId: chat,
          text: `status LYN-2026-${code(c, k, perChat)}`,
          messageId: `${chat}-${k}`,
        });
        redelivered += attempts - 1;
        onAccepted?.(++accepted);
      }
    }),
  );
  return redelivered;
}

async function processedCount(chats: string[]): Promise<number> {
  return db.prisma.inboundMessage.count({ where: { chatId: { in: chats }, processedAt: { not: null } } });
}

interface Figures {
  sent: number;
  answeredOnce: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  givenUp: number;
}

/** Waits until every message is answered and shown, then counts. */
async function settle(name: string, chats: string[], perChat: number, redelivered = 0): Promise<Figures> {
  const sent = chats.length * perChat;
  await until(
    `${name}: every message answered`,
    async () =>
      (await processedCount(chats)) === sent &&
      (await db.prisma.outboundMessage.count({ where: { chatId: { in: chats }, status: 'PENDING' } })) ===
        0 &&
      (await db.prisma.simulatorMessage.count({ where: { chatId: { in: chats }, direction: 'out' } })) >=
        sent,
  );
  const inbound = await db.prisma.inboundMessage.findMany({
    where: { chatId: { in: chats } },
    select: { id: true, error: true },
  });
  const replies = await db.prisma.outboundMessage.groupBy({
    by: ['inboundId'],
    where: { chatId: { in: chats }, inboundId: { not: null } },
    _count: { _all: true },
  });
  const perInbound = new Map(replies.map((r) => [r.inboundId, r._count._all]));
  const counts = inbound.map((m) => perInbound.get(m.id) ?? 0);
  let outOfOrder = 0;
  let shownTwice = 0;
  for (const [c, chat] of chats.entries()) {
    const shown = await db.prisma.simulatorMessage.findMany({
      where: { chatId: chat, direction: 'out' },
      orderBy: { id: 'asc' },
      select: { text: true },
    });
    const codes = shown.map((m) => Number(/LYN-2026-(\d+)/.exec(m.text)?.[1]));
    const expected = Array.from({ length: perChat }, (_, k) => code(c, k, perChat));
    if (codes.length > perChat) shownTwice += codes.length - perChat;
    if (JSON.stringify(codes) !== JSON.stringify(expected)) outOfOrder++;
  }
  const figures: Figures = {
    sent,
    answeredOnce: counts.filter((n) => n === 1).length,
    lost: sent - inbound.length + counts.filter((n) => n === 0).length,
    duplicated: counts.filter((n) => n > 1).length + shownTwice,
    outOfOrder,
    givenUp: inbound.filter((m) => m.error !== null).length,
  };
  console.log(
    `[faults] ${name}: sent ${figures.sent}, answered once ${figures.answeredOnce}, lost ${figures.lost}, duplicated ${figures.duplicated}, out of order ${figures.outOfOrder} (chats), given up ${figures.givenUp}; deliveries refused and redelivered ${redelivered}`,
  );
  return figures;
}

const CLEAN = (sent: number): Figures => ({
  sent,
  answeredOnce: sent,
  lost: 0,
  duplicated: 0,
  outOfOrder: 0,
  givenUp: 0,
});

describe('faults during a burst (real PostgreSQL and a private Redis, each behind a proxy)', () => {
  it('loses and repeats nothing when Redis is flushed mid-burst', {
    timeout: PATIENCE_MS + 60_000,
  }, async () => {
    const chats = chatsOf('71', 30);
    let flushed = false;
    const redelivered = await burst(chats, 10, (n) => {
      if (n === 100 && !flushed) {
        flushed = true;
        void redis.client.flushall();
      }
    });
    expect(flushed).toBe(true);
    expect(await settle('redis flushall mid-burst', chats, 10, redelivered)).toEqual(CLEAN(300));
  });

  it('loses and repeats nothing when PostgreSQL is down for 30 s mid-burst', {
    timeout: PATIENCE_MS + 60_000,
  }, async () => {
    const chats = chatsOf('72', 30);
    let down: Promise<void> | undefined;
    const redelivered = await burst(chats, 10, (n) => {
      if (n === 60)
        down = (async () => {
          await pgProxy.setMode('down');
          await sleep(30_000);
          await pgProxy.setMode('up');
        })();
    });
    await down;
    expect(await settle('postgres down 30 s mid-burst', chats, 10, redelivered)).toEqual(CLEAN(300));
  });

  it('loses and repeats nothing, and gives up on nothing, while PostgreSQL flaps 15 times', {
    timeout: PATIENCE_MS + 60_000,
  }, async () => {
    const chats = chatsOf('73', 50);
    let flapping: Promise<void> | undefined;
    const redelivered = await burst(chats, 10, (n) => {
      if (n === 50)
        flapping = (async () => {
          for (let i = 0; i < 15; i++) {
            await pgProxy.setMode('down');
            await sleep(800);
            await pgProxy.setMode('up');
            await sleep(400);
          }
        })();
    });
    await flapping;
    expect(await settle('postgres flapping 15 x (0.8 s down, 0.4 s up)', chats, 10, redelivered)).toEqual(
      CLEAN(500),
    );
  });
});

describe('failing fast', () => {
  it('answers /healthz and refuses a message with 503 while PostgreSQL does not answer', {
    timeout: PATIENCE_MS + 60_000,
  }, async () => {
    await pgProxy.setMode('stall');
    try {
      const health = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ database: 'down', redis: 'up' });
      const res = await post(
        { chatId: '6287400000001', text: 'status LYN-2026-1', messageId: 'stall-1' },
        5_000,
      );
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/coba kirim lagi/);
    } finally {
      await pgProxy.setMode('up');
    }
    // Redelivered once the database answers again: one message, answered once.
    await deliver({ chatId: '6287400000001', text: 'status LYN-2026-1', messageId: 'stall-1' });
    expect(await settle('postgres stalled, then redelivered', ['6287400000001'], 1)).toEqual(CLEAN(1));
  });

  it('accepts a message while Redis is down and answers it once Redis is back', {
    timeout: PATIENCE_MS + 60_000,
  }, async () => {
    const chat = '6287500000001';
    await redisProxy.setMode('down');
    try {
      const res = await post({ chatId: chat, text: 'status LYN-2026-1', messageId: 'redis-down-1' }, 5_000);
      expect(res.status).toBe(202);
      const health = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      expect(await health.json()).toMatchObject({ database: 'up', redis: 'down' });
    } finally {
      await redisProxy.setMode('up');
    }
    expect(await settle('redis down at accept, back later', [chat], 1)).toEqual(CLEAN(1));
  });
});

describe('timers after Redis loses its data', () => {
  it('plans every pending timer again within one sweep, and each fires once', {
    timeout: PATIENCE_MS + 60_000,
  }, async () => {
    const reporter = '6287600000001';
    const say = (chatId: string, text: string) =>
      deliver({ chatId, text, messageId: `${chatId}-${Math.random().toString(36).slice(2)}` });
    const outs = async (chatId: string) =>
      (
        await db.prisma.simulatorMessage.findMany({
          where: { chatId, direction: 'out' },
          orderBy: { id: 'asc' },
        })
      ).map((m) => m.text);
    const waitOut = (chatId: string, n: number) =>
      until(`${n} replies in ${chatId}`, async () => (await outs(chatId)).length >= n);
    await say(reporter, '3');
    await waitOut(reporter, 1);
    await say(reporter, 'lpse');
    await waitOut(reporter, 2);
    await say(reporter, 'aplikasi tidak bisa dibuka sama sekali');
    await waitOut(reporter, 3);
    await say(reporter, 'barusan');
    await waitOut(reporter, 4);
    await say(reporter, '1');
    await waitOut(reporter, 5);
    await say(reporter, REQUESTER);
    await waitOut(reporter, 6);
    await say(reporter, 'kirim');
    await waitOut(reporter, 7);
    const ticketCode = /GGN-\d{4}-\d{4}/.exec((await outs(reporter)).at(-1) ?? '')?.[0] ?? '';
    expect(ticketCode).not.toBe('');
    // Another chat is left mid-report: its inactivity check is pending.
    const idle = '6287600000002';
    await say(idle, '3');
    await waitOut(idle, 1);

    // Half the response window already passed; the breach is a few seconds away. Only the database
    // knows: Redis is flushed before anything is planned for these times.
    const now = Date.now();
    await db.prisma.ticket.update({
      where: { code: ticketCode },
      data: { createdAt: new Date(now - 20_000), responseDueAt: new Date(now + 4_000) },
    });
    await redis.client.flushall();
    const swept = await app.workers?.sweep();
    expect(swept?.replanned).toMatchObject({ sla: expect.any(Number), inactivity: 1 });
    expect(swept?.replanned?.sla).toBeGreaterThanOrEqual(2);
    const meta = await redis.client.hget('faults:inbound-0:meta', 'concurrency');
    expect(meta).toBe('1');

    await until('the reminder and the breach acted on', async () => {
      const t = await db.prisma.ticket.findUniqueOrThrow({ where: { code: ticketCode } });
      return (
        t.slaFired.some((k) => k.startsWith('response_reminder')) &&
        t.slaFired.some((k) => k.startsWith('response_breach'))
      );
    });
    await until('the idle chat ended', async () =>
      (await outs(idle)).some((t) => /kami simpan sampai/.test(t)),
    );
    // More re-plans change nothing: each timer acted once.
    await app.workers?.sweep(15_000, { replan: true });
    await redis.client.flushall();
    await app.workers?.sweep();
    await sleep(3_000);
    const t = await db.prisma.ticket.findUniqueOrThrow({
      where: { code: ticketCode },
      include: { events: true },
    });
    expect(t.events.filter((e) => e.type === 'sla_response_reminder')).toHaveLength(1);
    expect(t.events.filter((e) => e.type === 'sla_response_breach')).toHaveLength(1);
    expect((await outs(idle)).filter((x) => /kami simpan sampai/.test(x))).toHaveLength(1);
    const reminders = (await outs('pt-lpse')).filter(
      (x) => x.includes(ticketCode) && x.includes('belum diambil'),
    );
    expect(reminders).toHaveLength(1);
    console.log(
      `[faults] timers after flushall: re-planned ${JSON.stringify(swept?.replanned)}; reminder ${t.events.filter((e) => e.type === 'sla_response_reminder').length}x, breach ${t.events.filter((e) => e.type === 'sla_response_breach').length}x, inactivity ${(await outs(idle)).filter((x) => /kami simpan sampai/.test(x)).length}x`,
    );
  });
});

describe('a deterministic failure', () => {
  it('gives the message up once, apologises, tells the admins and shows on /healthz', {
    timeout: PATIENCE_MS + 60_000,
  }, async () => {
    const chat = '6287700000001';
    // Every step of this chat fails the same way (a bug, not a fault): the conversation row refuses it.
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_poison() RETURNS trigger AS $$
      BEGIN IF NEW."chatId" = '${chat}' THEN RAISE EXCEPTION 'poisoned conversation'; END IF; RETURN NEW; END
      $$ LANGUAGE plpgsql`);
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON "Conversation" FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    try {
      await deliver({ chatId: chat, text: 'halo', messageId: 'poison-1' });
      await until('the message given up', async () => {
        const m = await db.prisma.inboundMessage.findFirst({ where: { chatId: chat } });
        return (
          Boolean(m?.processedAt) &&
          (await db.prisma.outboundMessage.count({ where: { inboundId: m?.id, status: 'SENT' } })) === 2
        );
      });
    } finally {
      await db.prisma.$executeRawUnsafe('DROP TRIGGER refuse_poison ON "Conversation"');
      await db.prisma.$executeRawUnsafe('DROP FUNCTION refuse_poison');
    }
    const m = await db.prisma.inboundMessage.findFirstOrThrow({ where: { chatId: chat } });
    expect(m.error).toMatch(/poisoned conversation/);
    const shown = await db.prisma.simulatorMessage.findMany({ where: { chatId: chat, direction: 'out' } });
    expect(shown).toHaveLength(1);
    expect(shown[0]?.text).toMatch(/gangguan/i);
    const toAdmin = await db.prisma.simulatorMessage.findMany({
      where: { chatId: 'admin', direction: 'out' },
    });
    expect(toAdmin.filter((x) => x.text.includes(`#${m.id}`))).toHaveLength(1);
    expect(toAdmin.at(-1)?.text).not.toContain('halo');
    expect(toAdmin.at(-1)?.text).not.toContain(chat);
    const health = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(await health.json()).toMatchObject({ status: 'ok', givenUpLast24h: 1 });
  });
});
