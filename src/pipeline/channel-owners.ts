/**
 * Exclusive channels (Channel.exclusive: one process may drive the account at a time, as a WhatsApp Web
 * session) run in the process that holds their owner lock (owner-lock.ts). Each process that runs
 * channels contends for the lock of each exclusive one: the holder starts the channel and the workers of
 * its outbound lane; on a loss it stops both at once; a standby process takes over when the holder dies
 * or stops. Meanwhile every process keeps processing the channel's inbound work and queueing its sends:
 * they wait in the lane until an owner sends them.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Channel } from '../channel.ts';
import type { ChannelName } from '../domain.ts';
import type { Logger } from '../logger.ts';
import { createOwnerLock, type OwnerLock, ownerLockKey } from './owner-lock.ts';

/** What the owner of a channel runs, and stops when it stops owning it. */
export interface Driving {
  start(channel: Channel): Promise<void>;
  /** `lost`: the lock was lost (stop at once); else this process is shutting down (finish first). */
  stop(channel: Channel, how: { lost: boolean }): Promise<void>;
}

export interface ChannelOwners {
  /** Whether this process may drive the channel now: true for a channel that is not exclusive. */
  drives(channel: ChannelName): boolean;
  /** Whether this process owns each exclusive channel (for /healthz). */
  owned(): Map<ChannelName, boolean>;
  /** Stops driving every channel it owns and gives the locks up, so a standby takes over at once. */
  close(): Promise<void>;
}

/** The account a channel drives when it names none. */
const DEFAULT_ACCOUNT = 'default';

export async function startChannelOwners(opts: {
  channels: Iterable<Channel>;
  redis: RedisOptions;
  prefix: string;
  ttlMs: number;
  /** How often a standby process tries to take a lock; default a third of the ttl. */
  retryMs?: number;
  log: Logger;
  drive: Driving;
}): Promise<ChannelOwners> {
  const exclusive = [...opts.channels].filter((c) => c.exclusive);
  if (exclusive.length === 0) return { drives: () => true, owned: () => new Map(), close: async () => {} };
  // A connection of the locks' own, without an offline queue: a renewal fails fast while Redis is away
  // rather than arriving after the hold is over.
  const redis = new Redis({
    ...opts.redis,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
  });
  redis.on('error', () => {});
  await redis.connect().catch(() => {});

  let closing = false;
  const entries = exclusive.map((channel) => {
    const log = opts.log.child({ channel: channel.name });
    /** The fencing token of the hold the channel runs under; undefined while it does not run here. */
    let running: number | undefined;
    let chain: Promise<void> = Promise.resolve();
    const entry = { channel, lock: undefined as unknown as OwnerLock, reconcile: () => chain };
    // Brings the channel in line with the lock, one change at a time: a loss during a start stops it
    // right after; a hold lost and taken again meanwhile (another fence) restarts it.
    entry.reconcile = () => {
      chain = chain.then(async () => {
        for (;;) {
          const wanted = entry.lock.held && !closing ? entry.lock.fence : undefined;
          if (running === wanted) return;
          if (running === undefined) {
            try {
              await opts.drive.start(channel);
              running = wanted;
              log.info({ fence: wanted }, 'this process now drives the channel');
            } catch (err) {
              log.error({ err }, 'the channel did not start; leaving it to another process');
              await opts.drive.stop(channel, { lost: true }).catch(() => {});
              await entry.lock.release();
              if (!closing) setTimeout(() => entry.lock.contend(), opts.retryMs ?? opts.ttlMs / 3).unref();
              return;
            }
          } else {
            running = undefined;
            await opts.drive
              .stop(channel, { lost: !closing })
              .catch((err) => log.error({ err }, 'error while stopping the channel'));
            log.info('this process no longer drives the channel');
          }
        }
      });
      return chain;
    };
    entry.lock = createOwnerLock({
      redis,
      key: ownerLockKey(opts.prefix, channel.name, channel.accountId ?? DEFAULT_ACCOUNT),
      ttlMs: opts.ttlMs,
      ...(opts.retryMs ? { retryMs: opts.retryMs } : {}),
      log,
      onAcquired: () => void entry.reconcile(),
      onLost: () => void entry.reconcile(),
    });
    return entry;
  });

  // The first attempt before start-up goes on: a lone process drives its channels from the start.
  await Promise.all(entries.map((e) => e.lock.acquire()));
  await Promise.all(entries.map((e) => e.reconcile()));
  for (const e of entries) e.lock.contend();

  const byName = new Map(entries.map((e) => [e.channel.name, e]));
  return {
    drives: (name) => {
      const e = byName.get(name);
      return !e || e.lock.held;
    },
    owned: () => new Map(entries.map((e) => [e.channel.name, e.lock.held])),
    close: async () => {
      closing = true;
      // Stopped first, then released: the next owner never overlaps with this one.
      await Promise.all(entries.map((e) => e.reconcile()));
      await Promise.all(entries.map((e) => e.lock.release()));
      redis.disconnect();
    },
  };
}
