/**
 * The owner lock on the real Redis: two processes (two locks, each on its own connection) contend for
 * one key. Figures (how long a takeover took) are printed for the record.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createOwnerLock,
  type LostReason,
  type OwnerLock,
  type OwnerLockOptions,
  ownerLockKey,
} from '../../src/pipeline/owner-lock.ts';
import { redisOptionsFromUrl } from '../../src/redis/connect.ts';
import { testRedisUrl } from '../support/env.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const PREFIX = `lock${randomUUID().slice(0, 8)}`;
const admin = new Redis(redisOptionsFromUrl(testRedisUrl()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a process's lock connection looks like (as in src/pipeline/channel-owners.ts). */
function connection(port?: number): Redis {
  const base = redisOptionsFromUrl(testRedisUrl());
  const r = new Redis({
    ...base,
    ...(port ? { host: '127.0.0.1', port } : {}),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  });
  r.on('error', () => {});
  return r;
}

interface Contender {
  lock: OwnerLock;
  redis: Redis;
  acquiredAt: number[];
  lost: { reason: LostReason; at: number }[];
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(async () => {
  const keys = await admin.keys(`${PREFIX}:*`);
  if (keys.length) await admin.del(...keys);
  admin.disconnect();
});

let n = 0;
const newKey = () => ownerLockKey(PREFIX, 'whatsapp', `acct${++n}`);

async function contender(
  key: string,
  opts: Partial<OwnerLockOptions> & { port?: number } = {},
): Promise<Contender> {
  const redis = connection(opts.port);
  await redis.connect();
  const c: Contender = { redis, acquiredAt: [], lost: [] } as unknown as Contender;
  c.lock = createOwnerLock({
    redis,
    key,
    ttlMs: 1500,
    ...opts,
    onAcquired: () => c.acquiredAt.push(Date.now()),
    onLost: (reason) => c.lost.push({ reason, at: Date.now() }),
  });
  cleanup.push(async () => {
    await c.lock.release().catch(() => {});
    c.redis.disconnect();
  });
  return c;
}

async function until(
  what: string,
  ok: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<number> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
  return Date.now();
}

describe('the owner lock', () => {
  it('is named after the queue prefix, the channel and the account', () => {
    expect(ownerLockKey('helpdesk', 'whatsapp', 'default')).toBe('helpdesk:owner:whatsapp:default');
  });

  it('goes to exactly one of two processes taking it at once', async () => {
    const key = newKey();
    const [a, b] = [await contender(key), await contender(key)];
    const got = await Promise.all([a.lock.acquire(), b.lock.acquire()]);
    expect(got.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = got[0] ? [a, b] : [b, a];
    expect(winner.lock.held).toBe(true);
    expect(loser.lock.held).toBe(false);
    expect(winner.acquiredAt).toHaveLength(1);
    expect(await admin.get(key)).toMatch(new RegExp(`^${winner.lock.fence}:`));
    // Taking it again while held is a no-op for the holder and still refused to the other.
    expect(await winner.lock.acquire()).toBe(true);
    expect(await loser.lock.acquire()).toBe(false);
  });

  it('is kept by renewal long past its ttl while the holder lives', async () => {
    const key = newKey();
    const a = await contender(key, { ttlMs: 600 });
    const b = await contender(key, { ttlMs: 600, retryMs: 100 });
    expect(await a.lock.acquire()).toBe(true);
    const fence = a.lock.fence;
    b.lock.contend();
    await sleep(3_000);
    expect(a.lock.held).toBe(true);
    expect(a.lock.fence).toBe(fence);
    expect(a.lost).toEqual([]);
    expect(b.lock.held).toBe(false);
    expect(b.acquiredAt).toEqual([]);
    expect(await admin.pttl(key)).toBeGreaterThan(0);
  });

  it('passes to the standby within ttl + renew interval when the holder drops its connection', async () => {
    const key = newKey();
    const ttl = 1500;
    const renew = ttl / 3;
    const a = await contender(key, { ttlMs: ttl });
    const b = await contender(key, { ttlMs: ttl });
    expect(await a.lock.acquire()).toBe(true);
    b.lock.contend();
    await sleep(700);
    // The holder "dies": its connection is gone, it renews no more and releases nothing.
    const died = Date.now();
    a.redis.disconnect();
    const took = await until('the standby to take over', () => b.lock.held);
    const takeover = took - died;
    console.log(`owner lock: connection dropped → standby holds it after ${takeover} ms (ttl ${ttl} ms)`);
    expect(takeover).toBeLessThan(ttl + renew + 2_000);
    // The old holder stopped counting itself owner before the other could take it: never two owners.
    expect(a.lock.held).toBe(false);
    expect(a.lost.map((l) => l.reason)).toEqual(['unreachable']);
    expect(a.lost[0]?.at).toBeLessThan(b.acquiredAt[0] as number);
    expect(b.lock.fence).toBeGreaterThan(0);
  });

  it('passes to the standby when the holder stops getting answers (a stalled connection)', async () => {
    const key = newKey();
    const ttl = 1500;
    const proxy: TcpProxy = await startTcpProxy({
      host: '127.0.0.1',
      port: redisOptionsFromUrl(testRedisUrl()).port as number,
    });
    cleanup.push(() => proxy.close());
    const a = await contender(key, { ttlMs: ttl, port: proxy.port });
    const b = await contender(key, { ttlMs: ttl });
    expect(await a.lock.acquire()).toBe(true);
    const fenceA = a.lock.fence as number;
    b.lock.contend();
    await sleep(700);
    const stalled = Date.now();
    await proxy.setMode('stall');
    const lostAt = await until('the holder to count itself lost', () => !a.lock.held);
    const took = await until('the standby to take over', () => b.lock.held);
    console.log(
      `owner lock: connection stalled → holder stopped after ${lostAt - stalled} ms, standby holds it after ${took - stalled} ms (ttl ${ttl} ms)`,
    );
    expect(lostAt).toBeLessThanOrEqual(b.acquiredAt[0] as number);
    expect(took - stalled).toBeLessThan(ttl + ttl / 3 + 2_000);
    expect(b.lock.fence).toBeGreaterThan(fenceA);
    // When the old holder's connection comes back, it cannot disturb the new owner.
    await proxy.setMode('up');
    await sleep(600);
    expect(b.lock.held).toBe(true);
    expect(await admin.get(key)).toMatch(new RegExp(`^${b.lock.fence}:`));
  });

  it('fences: an expired holder neither deletes nor extends the new owner’s lock', async () => {
    const key = newKey();
    const a = await contender(key, { ttlMs: 3_000 });
    const b = await contender(key, { ttlMs: 3_000 });
    expect(await a.lock.acquire()).toBe(true);
    const fenceA = a.lock.fence as number;
    // A's hold ends in Redis while A does not know yet (a pause longer than the ttl), and B takes it.
    await admin.del(key);
    expect(await b.lock.acquire()).toBe(true);
    expect(b.lock.fence).toBeGreaterThan(fenceA);
    const bValue = await admin.get(key);
    // A's release compares its own value: B's lock stays.
    await a.lock.release();
    expect(await admin.get(key)).toBe(bValue);
    expect(b.lock.held).toBe(true);
    expect(await admin.pttl(key)).toBeGreaterThan(0);
  });

  it('is lost at the next renewal when another process holds the key', async () => {
    const key = newKey();
    const a = await contender(key, { ttlMs: 900 });
    expect(await a.lock.acquire()).toBe(true);
    await admin.set(key, '999:someone-else', 'PX', 60_000);
    await until('the holder to notice', () => a.lost.length > 0, 5_000);
    expect(a.lost.map((l) => l.reason)).toEqual(['taken']);
    expect(a.lock.held).toBe(false);
    // The other's lock is untouched.
    expect(await admin.get(key)).toBe('999:someone-else');
  });

  it('hands over at once on release', async () => {
    const key = newKey();
    const a = await contender(key, { ttlMs: 30_000 });
    const b = await contender(key, { ttlMs: 30_000, retryMs: 60_000 });
    expect(await a.lock.acquire()).toBe(true);
    expect(await b.lock.acquire()).toBe(false);
    await a.lock.release();
    expect(a.lock.held).toBe(false);
    expect(a.lost).toEqual([]);
    const before = Date.now();
    expect(await b.lock.acquire()).toBe(true);
    expect(Date.now() - before).toBeLessThan(1_000);

    // And a standby that keeps trying takes it within its retry interval.
    const c = await contender(key, { ttlMs: 30_000, retryMs: 200 });
    c.lock.contend();
    await sleep(500);
    expect(c.lock.held).toBe(false);
    const released = Date.now();
    await b.lock.release();
    const took = await until('the standby to take over', () => c.lock.held, 5_000);
    console.log(`owner lock: released → standby holds it after ${took - released} ms (retry every 200 ms)`);
    expect(took - released).toBeLessThan(2_000);
  });
});
