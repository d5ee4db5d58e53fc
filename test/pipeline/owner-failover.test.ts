/**
 * One owner per number, across processes: an exclusive channel (the simulator with SIMULATOR_EXCLUSIVE=1,
 * standing in for a WhatsApp number) is driven by exactly one helpdesk at a time, on one PostgreSQL and
 * one Redis. The first owner is a real OS process (ROLE=web: it drives the channel and sends its lane,
 * but processes no inbound work); the standby is a helpdesk in this test process (ROLE=all: it processes
 * every message and queues the replies for the owner). The owner is killed with SIGKILL (it renews and
 * releases nothing) and the standby takes over within the lock's ttl. Figures are printed for the record.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Helpdesk, startHelpdesk } from '../../src/app.ts';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { acceptInbound } from '../../src/pipeline/accept.ts';
import { ownerLockKey } from '../../src/pipeline/owner-lock.ts';
import { redisOptionsFromUrl } from '../../src/redis/connect.ts';
import { silentLog, tempDir, testConfig } from '../support/app.ts';
import { useTestDatabase } from '../support/db.ts';
import { testRedisUrl } from '../support/env.ts';

const db = useTestDatabase();
const PREFIX = `own${randomUUID().slice(0, 8)}`;
const TTL_S = 3;
const KEY = ownerLockKey(PREFIX, 'simulator', 'default');
const ENV = {
  REDIS_URL: testRedisUrl(),
  QUEUE_PREFIX: PREFIX,
  QUEUE_PARTITIONS: '4',
  SIMULATOR_EXCLUSIVE: '1',
  OWNER_LOCK_TTL_SECONDS: String(TTL_S),
};
/** Generous: a busy 2-core machine running the other test files at the same time is slow. */
const PATIENCE_MS = 240_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admin = new Redis(redisOptionsFromUrl(testRedisUrl()));

let owner: { child: ChildProcess; url: string };
let standby: Helpdesk;
let standbyStopped = false;
/** Started in the last test (a second standby); stopped in afterAll. */
let third: Helpdesk | undefined;

async function startOwnerProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT_DIR, 'src/cli/helpdesk.mjs'), 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      ...ENV,
      ROLE: 'web',
      PORT: '0',
      DATABASE_URL: db.url,
      DATA_DIR: tempDir('helpdesk-owner'),
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`owner process did not start: ${out}`)), PATIENCE_MS);
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /berjalan di (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`owner process exited (${code}): ${out}`));
    });
  });
  return { child, url };
}

interface Health {
  channels: Record<string, { state: string; owner?: boolean }>;
}

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = PATIENCE_MS) {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
  return Date.now();
}

/**
 * Delivers like WhatsApp: to whichever process has the session (the others answer 503, a dead one not
 * at all), again and again with the same message id until one accepts it.
 */
async function deliver(urls: string[], body: Record<string, unknown>): Promise<void> {
  for (;;) {
    for (const url of urls) {
      const res = await fetch(`${url}/api/simulator/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => null);
      if (res?.status === 202) return;
      if (res && res.status < 500) throw new Error(`POST refused: ${res.status} ${await res.text()}`);
    }
    await sleep(100);
  }
}

/** Sends asked of this process's simulator for the chat (its own count, in its memory). */
async function attempts(url: string, chatId: string): Promise<number> {
  const res = await fetch(`${url}/api/simulator/chats/${chatId}/trouble`);
  return ((await res.json()) as { attempts: number }).attempts;
}

async function outTexts(chatId: string): Promise<string[]> {
  const rows = await db.prisma.simulatorMessage.findMany({
    where: { chatId, direction: 'out' },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => r.text);
}

const codes = (texts: string[]) => texts.map((t) => Number(/LYN-2026-(\d+)/.exec(t)?.[1]));

async function allAnswered(chats: string[]): Promise<boolean> {
  const where = { chatId: { in: chats } };
  return (
    (await db.prisma.inboundMessage.count({ where: { ...where, processedAt: null } })) === 0 &&
    (await db.prisma.outboundMessage.count({ where: { ...where, status: { not: 'SENT' } } })) === 0
  );
}

/** Each chat's replies: exactly one per message, each shown once, in the order asked. */
async function expectEachOnceInOrder(chats: string[], perChat: number, first: (c: number) => number) {
  const inbound = await db.prisma.inboundMessage.count({ where: { chatId: { in: chats } } });
  expect(inbound).toBe(chats.length * perChat);
  const perInbound = await db.prisma.outboundMessage.groupBy({
    by: ['inboundId'],
    where: { chatId: { in: chats } },
    _count: { _all: true },
  });
  expect(perInbound).toHaveLength(inbound);
  expect(perInbound.every((g) => g._count._all === 1)).toBe(true);
  for (const [c, chat] of chats.entries())
    expect(codes(await outTexts(chat))).toEqual(Array.from({ length: perChat }, (_, k) => first(c) + k));
}

beforeAll(async () => {
  owner = await startOwnerProcess();
  await until('the owner process to own the channel', async () => {
    return (await health(owner.url)).channels.simulator?.owner === true;
  });
  standby = await startHelpdesk(
    testConfig({ ...ENV, ROLE: 'all', DATABASE_URL: db.url, SWEEP_SECONDS: '1' }),
    silentLog,
  );
}, PATIENCE_MS);

afterAll(async () => {
  if (owner && owner.child.exitCode === null && owner.child.signalCode === null) {
    owner.child.kill('SIGKILL');
    await new Promise((r) => owner.child.once('exit', r));
  }
  if (!standbyStopped) await standby?.stop();
  await third?.stop();
  const keys = await admin.keys(`${PREFIX}:*`);
  if (keys.length) await admin.del(...keys);
  admin.disconnect();
}, PATIENCE_MS);

describe('one owner per exclusive channel', () => {
  it('only the owner drives and sends; the standby processes the messages and queues the replies for it', {
    timeout: PATIENCE_MS,
  }, async () => {
    expect((await health(owner.url)).channels.simulator).toMatchObject({ state: 'connected', owner: true });
    expect((await health(standby.url as string)).channels.simulator).toMatchObject({ owner: false });
    // The standby does not drive the channel: the "platform" cannot deliver to it.
    const refused = await fetch(`${standby.url}/api/simulator/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: '6281100000000', text: 'halo', messageId: 'refused-1' }),
    });
    expect(refused.status).toBe(503);

    const chats = Array.from({ length: 5 }, (_, i) => `62811000001${String(i).padStart(2, '0')}`);
    const urls = [owner.url, standby.url as string];
    await Promise.all(
      chats.map(async (chat, c) => {
        for (let k = 0; k < 3; k++)
          await deliver(urls, {
            chatId: chat,
            text: `status LYN-2026-${c * 3 + k + 1}`,
            messageId: `${chat}-${k}`,
          });
      }),
    );
    await until('every message answered', () => allAnswered(chats));
    await expectEachOnceInOrder(chats, 3, (c) => c * 3 + 1);
    // The owner (ROLE=web) processes no message: the standby did, and queued the replies. Every reply
    // went out through the owner's channel; the standby's channel sent none.
    for (const chat of chats) {
      expect(await attempts(owner.url, chat)).toBe(3);
      expect(await attempts(standby.url as string, chat)).toBe(0);
    }
  });

  it('when the owner dies, the standby takes over within the ttl and sends what was queued, each once and in order', {
    timeout: 2 * PATIENCE_MS,
  }, async () => {
    const chats = Array.from({ length: 10 }, (_, i) => `62812000001${String(i).padStart(2, '0')}`);
    const perChat = 5;
    const urls = [owner.url, standby.url as string];
    let accepted = 0;
    let died = 0;
    const burst = Promise.all(
      chats.map(async (chat, c) => {
        for (let k = 0; k < perChat; k++) {
          await deliver(urls, {
            chatId: chat,
            text: `status LYN-2026-${100 + c * perChat + k}`,
            messageId: `${chat}-${k}`,
          });
          accepted++;
        }
      }),
    );
    await until('part of the burst to be accepted', () => accepted >= 15);
    // The owner dies mid-burst: its lock is neither renewed nor released.
    owner.child.kill('SIGKILL');
    died = Date.now();
    const acceptedAtKill = accepted;
    await new Promise((r) => owner.child.once('exit', r));
    const took = await until('the standby to take over', () => standby.owners?.drives('simulator') === true);
    const takeoverMs = took - died;
    await burst;
    await until('every message answered', () => allAnswered(chats));
    const doneMs = Date.now() - died;
    console.log(
      `owner failover: owner killed with ${acceptedAtKill} of ${chats.length * perChat} messages accepted; ` +
        `standby owns the channel after ${takeoverMs} ms (ttl ${TTL_S * 1000} ms, renewal every ${(TTL_S * 1000) / 3} ms); ` +
        `all ${chats.length * perChat} messages answered ${doneMs} ms after the kill`,
    );
    // Not before the dead owner's lock ran out (it was renewed at most a third of the ttl before the
    // kill), and within ttl + a retry interval (with room for a slow machine).
    expect(takeoverMs).toBeGreaterThan((TTL_S * 1000 * 2) / 3 - 200);
    expect(takeoverMs).toBeLessThan(TTL_S * 1000 + (TTL_S * 1000) / 3 + 5_000);
    expect((await health(standby.url as string)).channels.simulator).toMatchObject({
      state: 'connected',
      owner: true,
    });
    // Nothing was sent while nobody owned the channel (a send the dying owner had under way aside).
    const inGap = await db.prisma.simulatorMessage.count({
      where: { direction: 'out', at: { gt: new Date(died + 500), lt: new Date(took) } },
    });
    expect(inGap).toBe(0);
    await expectEachOnceInOrder(chats, perChat, (c) => 100 + c * perChat);
    const sentByStandby = (await Promise.all(chats.map((c) => attempts(standby.url as string, c)))).reduce(
      (a, b) => a + b,
      0,
    );
    expect(sentByStandby).toBeGreaterThan(0);
  });

  it('an owner that loses its lock stops driving at once; what is queued meanwhile waits and goes out once it owns again', {
    timeout: PATIENCE_MS,
  }, async () => {
    expect(standby.owners?.drives('simulator')).toBe(true);
    // Another process holds the key now (as after a pause longer than the ttl).
    await admin.set(KEY, '999999:another-process', 'PX', 60_000);
    await until('the standby to stop driving', () => standby.owners?.drives('simulator') === false, 30_000);
    await until('its simulator to stop', async () => {
      const res = await fetch(`${standby.url}/api/simulator/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId: '6281300000000', text: 'halo', messageId: 'lost-refused' }),
      });
      return res.status === 503;
    });
    expect((await health(standby.url as string)).channels.simulator?.owner).toBe(false);
    // A message another process accepted meanwhile is processed here; its reply waits for an owner.
    const chat = '6281300000001';
    await acceptInbound(standby.db.prisma, standby.queues, {
      chat: { channel: 'simulator', chatId: chat },
      externalId: 'while-nobody-owns',
      from: { externalId: chat },
      text: 'status LYN-2026-500',
      isGroup: false,
      receivedAt: new Date(),
    });
    await until('the reply to be queued', async () => {
      return (await db.prisma.outboundMessage.count({ where: { chatId: chat, status: 'PENDING' } })) === 1;
    });
    await sleep(2_000);
    expect(await outTexts(chat)).toEqual([]);
    // The other process goes away without releasing: its key expires... here it is simply deleted.
    await admin.del(KEY);
    await until('the standby to own it again', () => standby.owners?.drives('simulator') === true, 30_000);
    await until('the reply to be sent', () => allAnswered([chat]));
    expect(codes(await outTexts(chat))).toEqual([500]);
  });

  it('a graceful stop hands the channel over at once', { timeout: PATIENCE_MS }, async () => {
    third = await startHelpdesk(
      testConfig({ ...ENV, ROLE: 'all', DATABASE_URL: db.url, SWEEP_SECONDS: '1' }),
      silentLog,
    );
    expect(third.owners?.drives('simulator')).toBe(false);
    const stopped = Date.now();
    standbyStopped = true;
    await standby.stop();
    const took = await until(
      'the other to take over',
      () => third?.owners?.drives('simulator') === true,
      30_000,
    );
    console.log(
      `owner handover: owner stopped (lock released) → the other owns the channel after ${took - stopped} ms`,
    );
    expect(took - stopped).toBeLessThan((TTL_S * 1000) / 3 + 5_000);
    const chat = '6281400000001';
    await deliver([third.url as string], {
      chatId: chat,
      text: 'status LYN-2026-600',
      messageId: 'after-handover',
    });
    await until('the reply to be sent', () => allAnswered([chat]));
    expect(codes(await outTexts(chat))).toEqual([600]);
  });
});
