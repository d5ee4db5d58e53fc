/**
 * Plain SQL on the driver for the message path's hot statements. A statement through Prisma's ORM costs
 * about 0.5 ms of CPU and one through `$queryRaw` 0.2 ms; the same statement on node-postgres costs
 * 0.06 ms (measured on the bench machine). Each message runs a dozen of them, so the message path sends
 * its fixed statements here and leaves everything else (ticket work, commands) to Prisma.
 *
 * Inside a transaction the statements must run on the transaction's own connection. `inTransaction`
 * starts Prisma's interactive transaction inside an AsyncLocalStorage scope; the pool hands Prisma the
 * connection for it (the one promise-style `connect()` made in that scope, before the callback runs) and
 * the scope records it, so `sqlOf(tx)` reaches that connection for exactly that `tx`. Anything else — a
 * `tx` from another transaction, the embedded PGlite, a connection Prisma has already given back (its
 * transaction timed out) — goes through Prisma's `$queryRawUnsafe` instead: the same SQL, slower.
 *
 * Rules for the SQL: constant texts (each becomes a prepared statement), `$1…` parameters; Dates are sent as ISO strings (UTC, as Prisma stores them) and
 * read back as UTC Dates; enums are selected `::text`, counts `::int` (the two drivers differ there).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

export interface Sql {
  /** Runs one statement and returns its rows. */
  rows<T>(text: string, values?: readonly unknown[]): Promise<T[]>;
  /** Which way the statement goes: the driver directly, or Prisma's raw query (PGlite, fallbacks). */
  readonly via: 'driver' | 'prisma';
}

interface Scope {
  /** The database the transaction runs on. */
  db: PrismaClient;
  conn: pg.PoolClient | null;
  tx: Tx | null;
  /** The connection went back to the pool (Prisma ended the transaction): nothing more may use it. */
  released: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();
const pools = new WeakMap<object, pg.Pool>();
/** Per database: the connections for statements that commit on their own (`autonomousSqlOf`). */
const autonomousPools = new WeakMap<object, pg.Pool>();

/** `timestamp` columns hold UTC wall time (Prisma's convention); node-postgres would read them as local. */
const TIMESTAMP_OID = 1114;
const TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary'
      ? (v: string) => new Date(`${v.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format),
};

const toParam = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/**
 * Each statement text gets a name, so every connection parses and plans it once (a prepared statement)
 * instead of on every message: planning the step's read alone costs PostgreSQL about 1 ms.
 */
const names = new Map<string, string>();
/** A text built at run time would prepare a statement per variant: past this many, they run unnamed. */
const MAX_NAMES = 200;
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (!name) {
    if (names.size >= MAX_NAMES) return undefined;
    name = `helpdesk_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** The pool Prisma's adapter uses, made so that `inTransaction` can find its transactions' connections. */
export function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  // Only the promise form: pg's own pool.query() checks out with a callback and is never a transaction.
  pool.connect = ((callback?: unknown) => {
    if (callback) return (connect as unknown as (cb: unknown) => void)(callback);
    return connect().then((conn) => {
      const scope = scopes.getStore();
      if (scope && !scope.conn && !scope.tx) {
        scope.conn = conn;
        const release = conn.release;
        conn.release = ((err?: Error | boolean) => {
          scope.released = true;
          conn.release = release;
          return release.call(conn, err);
        }) as typeof conn.release;
      }
      return conn;
    });
  }) as typeof pool.connect;
  return pool;
}

/**
 * Registers the pool behind a Prisma client (openDatabase does, for PostgreSQL), and the small pool of
 * its own for statements that commit at once while a transaction is open (`autonomousSqlOf`): kept
 * apart, so transactions that hold every connection of the main pool never wait for one of them.
 */
export function attachPool(prisma: PrismaClient, pool: pg.Pool, autonomous: pg.Pool): void {
  pools.set(prisma, pool);
  autonomousPools.set(prisma, autonomous);
}

/**
 * Prisma's interactive transaction, with its connection reachable through `sqlOf(tx)`. Same options,
 * same guarantees: everything `fn` does through `tx` or `sqlOf(tx)` commits or rolls back together.
 */
export function inTransaction<T>(db: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const scope: Scope = { db, conn: null, tx: null, released: false };
  return scopes.run(scope, () =>
    db.$transaction(async (tx) => {
      scope.tx = tx;
      try {
        return await fn(tx);
      } finally {
        scope.tx = null;
      }
    }),
  );
}

function onConnection(query: (text: string, values: unknown[]) => Promise<pg.QueryResult>): Sql {
  return {
    via: 'driver',
    rows: async <T>(text: string, values: readonly unknown[] = []) =>
      (await query(text, values.map(toParam))).rows as T[],
  };
}

function throughPrisma(client: Pick<PrismaClient, '$queryRawUnsafe'>): Sql {
  return {
    via: 'prisma',
    rows: <T>(text: string, values: readonly unknown[] = []) =>
      client.$queryRawUnsafe<T[]>(text, ...values.map(toParam)),
  };
}

/**
 * A statement that `tx`'s code runs but that commits at once, whatever `tx` does later: its locks last
 * one statement instead of the whole transaction (the ticket counter). On a connection of its own;
 * null when there is none (PGlite's one connection, a `tx` not opened by `inTransaction`): the caller
 * then runs it inside `tx`.
 */
export function autonomousSqlOf(tx: Tx): Sql | null {
  const scope = scopes.getStore();
  if (scope?.tx !== tx) return null;
  const pool = autonomousPools.get(scope.db);
  if (!pool) return null;
  return onConnection((text, values) => pool.query({ name: nameOf(text), text, values, types: TYPES }));
}

/** Statements outside any transaction: on the pool, or through Prisma for PGlite. */
export function sqlOf(db: PrismaClient): Sql;
/** Statements inside `tx`: on its connection when `tx` is the current `inTransaction`'s. */
export function sqlOf(tx: Tx): Sql;
export function sqlOf(client: PrismaClient | Tx): Sql {
  const pool = pools.get(client);
  if (pool)
    return onConnection((text, values) => pool.query({ name: nameOf(text), text, values, types: TYPES }));
  const scope = scopes.getStore();
  if (scope?.tx === client && scope.conn) {
    const conn = scope.conn;
    return onConnection((text, values) => {
      if (scope.released || scope.tx !== client)
        return Promise.reject(new Error('transaction already closed: connection is not queryable'));
      return conn.query({ name: nameOf(text), text, values, types: TYPES });
    });
  }
  return throughPrisma(client);
}
