/**
 * The database: PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set, otherwise the embedded
 * PGlite folder. Migrations are applied on open, so a fresh machine needs no separate step.
 */
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { HelpdeskError } from '../errors.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import { deployMigrations } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { attachPool, createPool } from './sql.ts';
import { withDeadline } from './transient.ts';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, safe to print (no password). */
  location: string;
  appliedMigrations: string[];
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Host and port of a connection string, without credentials. */
export function describeDatabaseUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (cause) {
    const reason = (cause as { code?: string; message?: string }).code ?? (cause as Error).message;
    throw new HelpdeskError(
      'DATABASE_UNREACHABLE',
      `tidak dapat terhubung ke PostgreSQL di ${describeDatabaseUrl(url)} (${reason}). Periksa DATABASE_URL, atau kosongkan agar memakai database bawaan (PGlite).`,
      { cause },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** A health probe answers within this long, whatever the server does. */
/**
 * Interactive transactions (one per message step, the catalogue sync at start) may wait this long for a
 * connection and run this long. Prisma's defaults (2 s, 5 s) fail whole steps on a busy shared machine.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

const PING_TIMEOUT_MS = 1000;
/** Opening a pooled connection (or waiting for a free one) fails after this long. */
const CONNECT_TIMEOUT_MS = 2000;

export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  /** Client-side limit on one query: a paused or unreachable server fails the query instead of hanging it. */
  queryTimeoutMs?: number;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    await checkReachable(url);
    const appliedMigrations = await deployMigrations({ kind: 'postgres', url });
    const connection = {
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: opts.queryTimeoutMs ?? 10_000,
      keepAlive: true,
    };
    // One pool for Prisma and for the message path's plain statements (sql.ts).
    const pool = createPool(connection);
    // Statements that commit while a transaction is open (taking a ticket number): short, and few at once.
    const autonomous = new pg.Pool({ ...connection, max: 2 });
    // An idle connection the server dropped (a restart) leaves the pool; the next statement opens another.
    autonomous.on('error', () => {});
    const prisma = new PrismaClient({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      transactionOptions: TRANSACTION_OPTIONS,
    });
    attachPool(prisma, pool, autonomous);
    return {
      prisma,
      kind: 'postgres',
      location: describeDatabaseUrl(url),
      appliedMigrations,
      ping: () => ping(prisma),
      close: async () => {
        await prisma.$disconnect();
        // Prisma disposes the pool only if it ran a query itself; the plain statements use it too.
        if (!pool.ended) await pool.end();
        await autonomous.end();
      },
    };
  }
  const db: PGlite = await openPglite(opts.dataDir);
  const appliedMigrations = await deployMigrations({ kind: 'pglite', db });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db), transactionOptions: TRANSACTION_OPTIONS });
  return {
    prisma,
    kind: 'pglite',
    location: `${opts.dataDir}/pglite`,
    appliedMigrations,
    ping: () => ping(prisma),
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

async function ping(prisma: PrismaClient): Promise<boolean> {
  try {
    await withDeadline(prisma.$queryRaw`select 1`, PING_TIMEOUT_MS, 'database ping');
    return true;
  } catch {
    return false;
  }
}
