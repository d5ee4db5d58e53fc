/**
 * Redis for the queues: REDIS_URL, or — when REDIS_URL is not set and nothing answers at the default
 * address — a private redis-server from PATH, listening on a unix socket under the data folder with an
 * append-only file there, so queued jobs and timers survive a restart.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { withDeadline } from '../db/transient.ts';
import { HelpdeskError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface RedisHandle {
  /** Options for every ioredis / BullMQ connection of this process. */
  options: RedisOptions;
  /** Where Redis is, safe to print. */
  location: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers need blocking commands to wait forever.
    maxRetriesPerRequest: null,
  };
}

async function answers(options: RedisOptions, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis({
    ...options,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function findOnPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, cmd);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {}
  }
  return null;
}

export async function connectRedis(opts: {
  url: string;
  explicit: boolean;
  dataDir: string;
  log: Logger;
}): Promise<RedisHandle> {
  const options = redisOptionsFromUrl(opts.url);
  const where = `${options.host}:${options.port}`;
  if (await answers(options)) return handle(options, where, async () => {});
  if (opts.explicit)
    throw new HelpdeskError(
      'REDIS_UNREACHABLE',
      `Redis di ${where} (REDIS_URL) tidak menjawab. Periksa REDIS_URL.`,
    );
  return startPrivateRedis(opts.dataDir, opts.log);
}

async function startPrivateRedis(dataDir: string, log: Logger): Promise<RedisHandle> {
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const socket = path.join(dir, 'redis.sock');
  const options: RedisOptions = { path: socket, maxRetriesPerRequest: null };
  const location = `redis-server pribadi (${socket})`;
  // A server left from a previous run that was killed: reuse it rather than start a second one on
  // the same files.
  if (await answers(options)) return handle(options, location, async () => {});
  const bin = findOnPath('redis-server');
  if (!bin)
    throw new HelpdeskError(
      'REDIS_MISSING',
      'Redis tidak menjawab di 127.0.0.1:6379 dan redis-server tidak ditemukan di PATH. Pasang Redis (Debian/Ubuntu: sudo apt-get install redis-server) atau set REDIS_URL.',
    );
  fs.rmSync(socket, { force: true });
  const child = spawn(
    bin,
    [
      '--port',
      '0',
      '--unixsocket',
      socket,
      '--unixsocketperm',
      '700',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) break;
    if (await answers(options, 200)) {
      log.info({ pid: child.pid, socket }, 'started private redis-server');
      return handle(options, location, async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new HelpdeskError(
    'REDIS_START_FAILED',
    `redis-server pribadi gagal berjalan: ${stderr.trim().slice(0, 300)}`,
  );
}

function handle(options: RedisOptions, location: string, stop: () => Promise<void>): RedisHandle {
  // A health probe must answer fast: no offline queue, no retries, one second at most.
  const client = new Redis({
    ...options,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 1000,
  });
  client.on('error', () => {});
  let closed = false;
  return {
    options,
    location,
    ping: async () => {
      if (closed) return false;
      try {
        const probe = async () => {
          if (client.status === 'wait') await client.connect();
          return client.ping();
        };
        return (await withDeadline(probe(), 1000, 'redis ping')) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      client.disconnect();
      await stop();
    },
  };
}
