/** Administration of the test (and benchmark) PostgreSQL server; no test-runner imports, so the benchmark can use it. */
import pg from 'pg';
import { deployMigrations } from '../../src/db/migrate.ts';
import { adminUrl, databaseUrl } from './env.ts';

/** Runs `fn` with a client on the server's maintenance database (default: the tests' server). */
export async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>, url = adminUrl()): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * (Re)creates database `name` from the migrations, ready to be copied with CREATE DATABASE … TEMPLATE
 * (used by the tests' global setup and by the benchmark).
 */
export async function buildTemplate(name: string, url = adminUrl()): Promise<void> {
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  }, url);
  await deployMigrations({ kind: 'postgres', url: databaseUrl(name, url) });
  // The migration pool may keep idle connections, and a template must have none to be copied.
  await withAdmin(
    (c) =>
      c.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      ),
    url,
  );
}
