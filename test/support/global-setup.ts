/**
 * Builds a template database from the migrations once per test run; each test file then gets its own
 * copy (CREATE DATABASE … TEMPLATE), so files run in parallel without seeing each other's rows.
 */

import { adminUrl, TEMPLATE_DB } from './env.ts';
import { buildTemplate, withAdmin } from './postgres.ts';

export default async function setup(): Promise<void> {
  try {
    await withAdmin(async () => {});
  } catch (e) {
    throw new Error(
      `the tests need PostgreSQL at ${adminUrl()} (set TEST_DATABASE_URL); bash .ci/run installs and starts it: ${(e as Error).message}`,
    );
  }
  await buildTemplate(TEMPLATE_DB);
}
