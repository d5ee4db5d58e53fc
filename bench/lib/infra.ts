/**
 * The servers the benchmark runs against — the same PostgreSQL and Redis the tests use — and the
 * database and Redis keys it owns: a template migrated once per run, `helpdesk_bench_<run>` copied from
 * it for each measured phase, and every Redis key under the run's private prefix. All removed at the end.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { redisOptionsFromUrl } from '../../src/redis/connect.ts';
import { databaseUrl as testDatabaseUrl } from '../../test/support/env.ts';
import { buildTemplate, withAdmin as testWithAdmin } from '../../test/support/postgres.ts';

// Named per run: two benchmarks on one server (a shared machine) must not drop each other's databases.
const RUN = randomBytes(4).toString('hex');
export const BENCH_DB = `helpdesk_bench_${RUN}`;
export const TEMPLATE_DB = `helpdesk_bench_${RUN}_template`;

export function adminUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgresql://postgres@127.0.0.1:5432/postgres'
  );
}

export function redisUrl(): string {
  return process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function databaseUrl(name: string): string {
  return testDatabaseUrl(name, adminUrl());
}

/** A prefix no one else uses: every queue and timer key of this run lives under it. */
export function newRedisPrefix(): string {
  return `bench-${randomBytes(4).toString('hex')}`;
}

export function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return testWithAdmin(fn, adminUrl());
}

/** Builds the template from the migrations (as the tests' global setup does); returns the time it took. */
export async function createTemplate(): Promise<number> {
  const t0 = performance.now();
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`));
  await buildTemplate(TEMPLATE_DB, adminUrl());
  return performance.now() - t0;
}

/** A fresh `helpdesk_bench`, copied from the migrated template. */
export async function freshDatabase(): Promise<string> {
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${BENCH_DB}" TEMPLATE "${TEMPLATE_DB}"`);
  });
  return databaseUrl(BENCH_DB);
}

export async function dropDatabases(): Promise<void> {
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  });
}

export function benchRedis(): Redis {
  const r = new Redis({ ...redisOptionsFromUrl(redisUrl()), lazyConnect: false });
  r.on('error', () => {});
  return r;
}

/** Deletes every key under `prefix` (SCAN + UNLINK: other users of this Redis are not blocked). */
export async function deleteKeys(prefix: string): Promise<number> {
  const r = benchRedis();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return deleted;
}

export async function serverVersions(): Promise<{ postgres: string; redis: string }> {
  const postgres = await withAdmin(
    async (c) => (await c.query('SHOW server_version')).rows[0]?.server_version,
  );
  const r = benchRedis();
  try {
    const info = await r.info('server');
    const redis = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    return { postgres: String(postgres), redis };
  } finally {
    r.disconnect();
  }
}
