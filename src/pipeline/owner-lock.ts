/**
 * An owner lock in Redis: at most one process holds it at a time, the holder renews it while it lives,
 * and another process takes it over once the holder is gone. Used for the channels only one process may
 * drive (a WhatsApp Web session: see Channel.exclusive).
 *
 * - Taking it: `SET key value NX PX ttl` (in a script that also counts the fence, see below).
 * - Keeping it: every ttl/3 a compare-and-extend script renews it if it still holds this holder's value.
 * - Giving it up: a compare-and-delete script, so a holder whose lock expired can never delete the lock
 *   of the process that took over.
 * - Losing it: a renewal that finds another value or none, or no successful renewal within two thirds of
 *   the ttl (Redis unreachable, the connection stalled, the event loop blocked). The holder counts itself
 *   lost from that moment (`held` turns false at once, `onLost` is called) and must stop driving, while
 *   Redis still keeps the key for the remaining third: two holders never overlap.
 * - Standing by: `contend()` tries to take it every `retryMs` while it is not held, also after a loss.
 *
 * The fencing token: every acquisition of a key, by any process, gets the next number of a counter kept
 * next to it (`<key>:fence`); the lock's value is `<fence>:<holder>`, so renewals and the release compare
 * against one hold, never against an older or newer one of the same process.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import { withDeadline } from '../db/transient.ts';
import type { Logger } from '../logger.ts';

/** Why a hold ended without a release: another process holds the key, it expired, or Redis did not answer. */
export type LostReason = 'taken' | 'expired' | 'unreachable';

export interface OwnerLockOptions {
  /**
   * The lock's connection. Best one without an offline queue (`enableOfflineQueue: false`), so a renewal
   * fails at once while Redis is away instead of arriving late.
   */
  redis: Redis;
  key: string;
  ttlMs: number;
  /** How often the holder renews; default a third of the ttl. */
  renewMs?: number;
  /** How often a process that does not hold the lock tries to take it; default `renewMs`. */
  retryMs?: number;
  /** Written into the lock's value, for whoever inspects Redis; default `<hostname>:<pid>`. */
  holder?: string;
  log?: Logger;
  /** Called (synchronously) when this process took the lock, with the hold's fencing token. */
  onAcquired?: (fence: number) => void;
  /** Called (synchronously) when the hold ended without a release: stop driving now. */
  onLost?: (reason: LostReason) => void;
}

export interface OwnerLock {
  readonly key: string;
  /** True while this process holds the lock within its safe time; false from the moment a loss is noticed. */
  readonly held: boolean;
  /** The fencing token of the current hold (grows with every acquisition of the key); undefined when not held. */
  readonly fence: number | undefined;
  /** One attempt to take the lock (true when this process holds it now); renewal runs while it is held. */
  acquire(): Promise<boolean>;
  /** Stands by: tries to take the lock every `retryMs` while it is not held, also after a loss. */
  contend(): void;
  /** Stops standing by and gives the lock up at once (compare-and-delete), so another process takes over. */
  release(): Promise<void>;
}

/** The key of a channel account's owner lock. */
export function ownerLockKey(prefix: string, channel: string, accountId: string): string {
  return `${prefix}:owner:${channel}:${accountId}`;
}

// KEYS[1] the lock, KEYS[2] its fence counter; ARGV[1] the holder, ARGV[2] the ttl in ms.
// Returns the value written, or nil when another process holds the lock.
const ACQUIRE = `
if redis.call('exists', KEYS[1]) == 1 then return false end
local fence = redis.call('incr', KEYS[2])
local value = fence .. ':' .. ARGV[1]
if redis.call('set', KEYS[1], value, 'NX', 'PX', ARGV[2]) then return value end
return false`;

// 1: extended; 0: gone (expired); -1: another holder's.
const RENEW = `
local v = redis.call('get', KEYS[1])
if v == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
if v then return -1 end
return 0`;

const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** A renewal that failed on the wire is tried again this soon (while the hold's safe time lasts). */
const RENEW_RETRY_MS = 250;

export function createOwnerLock(opts: OwnerLockOptions): OwnerLock {
  const { redis, key, ttlMs } = opts;
  const renewMs = opts.renewMs ?? Math.max(1, Math.floor(ttlMs / 3));
  const retryMs = opts.retryMs ?? renewMs;
  // What Redis still guarantees after the holder counts itself lost: the renewal period.
  const safetyMs = Math.min(renewMs, Math.floor(ttlMs / 3));
  const holder = `${opts.holder ?? `${os.hostname()}:${process.pid}`}:${randomUUID().slice(0, 8)}`;
  const log = opts.log?.child({ lock: key });
  const fenceKey = `${key}:fence`;

  let value: string | undefined;
  let fence: number | undefined;
  /** Until when this hold is safe to act on: the last renewal's send time + ttl − safety. */
  let safeUntil = 0;
  let renewTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let contending = false;
  let attempt: Promise<boolean> | undefined;

  const clearHoldTimers = () => {
    clearTimeout(renewTimer);
    clearTimeout(watchdog);
    renewTimer = undefined;
    watchdog = undefined;
  };

  const extendTo = (sentAt: number) => {
    safeUntil = sentAt + ttlMs - safetyMs;
    clearTimeout(watchdog);
    watchdog = setTimeout(() => lose('unreachable'), Math.max(0, safeUntil - Date.now()));
    watchdog.unref();
  };

  const lose = (reason: LostReason) => {
    const lostValue = value;
    if (lostValue === undefined) return;
    value = undefined;
    fence = undefined;
    safeUntil = 0;
    clearHoldTimers();
    log?.warn({ reason }, 'owner lock lost; stopping');
    // Unreachable: the key may still be ours in Redis; give it up if Redis still takes the command
    // (a stalled connection that recovers), rather than make the others wait out its ttl.
    if (reason === 'unreachable') void redis.eval(RELEASE, 1, key, lostValue).catch(() => {});
    try {
      opts.onLost?.(reason);
    } finally {
      if (contending) scheduleAttempt(retryMs);
    }
  };

  const renew = async () => {
    const current = value;
    if (current === undefined) return;
    const sentAt = Date.now();
    let result: number;
    try {
      result = (await withDeadline(
        redis.eval(RENEW, 1, key, current, String(ttlMs)) as Promise<number>,
        Math.max(1, safeUntil - sentAt),
        'owner lock renewal',
      )) as number;
    } catch (err) {
      if (value !== current) return;
      log?.debug({ err }, 'owner lock renewal failed; trying again');
      if (Date.now() + RENEW_RETRY_MS < safeUntil) scheduleRenew(RENEW_RETRY_MS);
      else lose('unreachable');
      return;
    }
    if (value !== current) return;
    if (result === 1) {
      extendTo(sentAt);
      scheduleRenew(renewMs);
    } else lose(result === -1 ? 'taken' : 'expired');
  };

  const scheduleRenew = (ms: number) => {
    clearTimeout(renewTimer);
    renewTimer = setTimeout(() => void renew(), ms);
    renewTimer.unref();
  };

  const tryAcquire = async (): Promise<boolean> => {
    if (value !== undefined && Date.now() < safeUntil) return true;
    const sentAt = Date.now();
    const written = (await withDeadline(
      redis.eval(ACQUIRE, 2, key, fenceKey, holder, String(ttlMs)) as Promise<string | null>,
      Math.max(1, ttlMs - safetyMs),
      'owner lock acquire',
    ).catch((err) => {
      log?.debug({ err }, 'owner lock: could not reach Redis to take it');
      return null;
    })) as string | null;
    if (!written) return false;
    value = written;
    fence = Number(written.slice(0, written.indexOf(':')));
    extendTo(sentAt);
    scheduleRenew(renewMs);
    log?.info({ fence }, 'owner lock taken');
    opts.onAcquired?.(fence);
    return true;
  };

  const acquire = (): Promise<boolean> => {
    // One attempt at a time: a second caller waits for the one under way.
    attempt ??= tryAcquire().finally(() => {
      attempt = undefined;
    });
    return attempt;
  };

  const scheduleAttempt = (ms: number) => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(async () => {
      retryTimer = undefined;
      if (!contending || value !== undefined) return;
      const got = await acquire();
      if (!got && contending && value === undefined) scheduleAttempt(retryMs);
    }, ms);
    retryTimer.unref();
  };

  return {
    key,
    get held() {
      return value !== undefined && Date.now() < safeUntil;
    },
    get fence() {
      return value !== undefined && Date.now() < safeUntil ? fence : undefined;
    },
    acquire,
    contend() {
      if (contending) return;
      contending = true;
      if (value === undefined) scheduleAttempt(0);
    },
    async release() {
      contending = false;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      await attempt?.catch(() => {});
      const current = value;
      value = undefined;
      fence = undefined;
      safeUntil = 0;
      clearHoldTimers();
      if (current === undefined) return;
      await withDeadline(redis.eval(RELEASE, 1, key, current), 1000, 'owner lock release').then(
        () => log?.info('owner lock released'),
        (err) => log?.warn({ err }, 'owner lock: could not release it; it expires by itself'),
      );
    },
  };
}
