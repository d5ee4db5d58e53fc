/**
 * Builds a template database from the migrations once per test run; each test file then gets its own
 * copy (CREATE DATABASE … TEMPLATE), so files run in parallel without seeing each other's rows.
 */
import pg from 'pg';
import { deployMigrations } from '../../src/db/migrate.ts';
import { adminUrl, databaseUrl, TEMPLATE_DB } from './env.ts';

export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `the tests need PostgreSQL at ${adminUrl()} (set TEST_DATABASE_URL); bash .ci/run installs and starts it: ${(e as Error).message}`,
    );
  }
  await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await deployMigrations({ kind: 'postgres', url: databaseUrl(TEMPLATE_DB) });
  // The migration pool may keep idle connections, and a template must have none to be copied.
  await admin.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [TEMPLATE_DB],
  );
  await admin.end();
}
