/** Where the test suite finds PostgreSQL and Redis (the real servers; .ci/run starts them). */
export const TEMPLATE_DB = 'helpdesk_test_template';

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
