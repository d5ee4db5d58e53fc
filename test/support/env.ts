/** Where the test suite finds PostgreSQL and Redis (the real servers; .ci/run starts them). */
import { createHash } from 'node:crypto';
import { ROOT_DIR } from '../../src/db/paths.ts';

/**
 * The migrated template each test file copies. Named after the checkout, so two checkouts on one
 * machine (a CI clone beside a working tree) never rebuild each other's template mid-run.
 */
export const TEMPLATE_DB = `helpdesk_test_template_${createHash('sha256').update(ROOT_DIR).digest('hex').slice(0, 10)}`;

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** The URL of database `name` on the server of `base` (default: the tests' server). */
export function databaseUrl(name: string, base = adminUrl()): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}
