/**
 * One sender per chat at a time, across every process: the chat's send lock in Redis. Whoever holds it
 * sends the chat's pending rows in order (src/outbox/send.ts); whoever finds it taken leaves a note
 * ("send again") for the holder and goes, instead of waiting: the holder sees the note as it lets go
 * and sends once more, so a row committed while the chat was being sent is never left behind. The
 * lock expires on its own (a holder that died), after which the sweeper's job sends what was left.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChannelName } from '../domain.ts';

/** A holder that died holds the chat this long at most; a live one renews it while it sends. */
export const CHAT_LOCK_TTL_MS = 10_000;
const RENEW_MS = CHAT_LOCK_TTL_MS / 3;

// KEYS[1] the lock, KEYS[2] its "send again" note; ARGV[1] the holder, ARGV[2] the ttl in ms.
// 1: taken by us; 0: another holder's, who is told to send again.
const TAKE = `
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
redis.call('set', KEYS[2], '1', 'PX', ARGV[2])
return 0`;

// 1: let go, and somebody asked meanwhile (send again); 0: let go; -1: no longer ours (it expired).
const LET_GO = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return -1 end
redis.call('del', KEYS[1])
return redis.call('del', KEYS[2])`;

const RENEW = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

const processId = randomUUID().slice(0, 8);
let holds = 0;

export interface ChatLockPlace {
  redis: Redis;
  /** QUEUE_PREFIX: the processes of one deployment share it. */
  prefix: string;
}

/**
 * Runs `send` under the chat's send lock, again as long as somebody asked meanwhile. False: another
 * sender holds the chat and was asked to send again; nothing was run here. A failure of `send` lets
 * the lock go and is thrown (the caller retries the chat).
 */
export async function withChatLock(
  place: ChatLockPlace,
  chat: { channel: ChannelName; chatId: string },
  send: () => Promise<unknown>,
): Promise<boolean> {
  const key = `${place.prefix}:send-lock:${chat.channel}:${chat.chatId}`;
  const keys = [key, `${key}:again`];
  for (;;) {
    const holder = `${processId}:${++holds}`;
    const taken = await place.redis.eval(TAKE, 2, ...keys, holder, String(CHAT_LOCK_TTL_MS));
    if (taken !== 1) return false;
    let again: unknown;
    // A long send (a slow platform, several rows) keeps the chat; a short one costs no renewal.
    const renew = setInterval(() => {
      place.redis.eval(RENEW, 1, key, holder, String(CHAT_LOCK_TTL_MS)).catch(() => {});
    }, RENEW_MS);
    try {
      await send();
    } finally {
      clearInterval(renew);
      again = await place.redis.eval(LET_GO, 2, ...keys, holder);
    }
    if (again !== 1) return true;
  }
}
