import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { PrismaClient } from '../../src/generated/prisma/client.ts';
import { databaseUrl, TEMPLATE_DB } from './env.ts';
import { withAdmin } from './postgres.ts';

export interface TestDatabase {
  /** Valid after beforeAll. */
  prisma: PrismaClient;
  url: string;
  name: string;
}

/** A fresh database, copied from the migrated template, for this test file; dropped afterwards. */
export function useTestDatabase(): TestDatabase {
  const name = `helpdesk_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const t = { name, url: databaseUrl(name) } as TestDatabase;
  beforeAll(async () => {
    await withAdmin(async (c) => {
      // Two files copying the template at the same instant make PostgreSQL refuse one; try again.
      for (let attempt = 0; ; attempt++) {
        try {
          await c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
          return;
        } catch (e) {
          if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        }
      }
    });
    t.prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: t.url }) });
  });
  afterAll(async () => {
    await t.prisma?.$disconnect();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  return t;
}

/**
 * The helpdesk's own database setup (its pools) on a test database, as the message path opens
 * transactions: `inTransaction` reaches the driver there. Valid after beforeAll; closed before the drop.
 */
export function useAppDatabase(t: TestDatabase): { readonly db: Database } {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: t.url, dataDir: os.tmpdir() });
  });
  afterAll(() => db?.close());
  return {
    get db() {
      if (!db) throw new Error('the database opens in beforeAll');
      return db;
    },
  };
}
