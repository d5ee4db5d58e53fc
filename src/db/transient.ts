/**
 * Which failures are passing faults worth retrying (the database or Redis unreachable, a connection
 * lost or timed out, a write conflict or deadlock) and which are deterministic (a bug, bad data).
 * Pure: looks only at the error object and its causes. The shapes are the ones Prisma 7 with
 * @prisma/adapter-pg really throws (captured in test/db/fixtures/prisma-errors.json):
 * - PrismaClientKnownRequestError with a connection code (P1001 …) or P2034 (40001/40P01);
 * - P2010 (raw query) whose meta.driverAdapterError.cause names the kind or the SQLSTATE;
 * - plain Errors from node-postgres passed through unchanged ("Connection terminated unexpectedly",
 *   "Query read timeout", "timeout exceeded when trying to connect", …).
 */

/** Prisma error codes of connection trouble, pool or transaction timeouts, and write conflicts. */
const TRANSIENT_PRISMA_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // database server timed out
  'P1008', // operations timed out
  'P1017', // server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2028', // transaction API: could not start in time, expired, closed under us
  'P2034', // write conflict or deadlock: retry the transaction
]);

/** Driver adapter error kinds (meta.driverAdapterError.cause.kind) that a retry can cure. */
const TRANSIENT_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TransactionWriteConflict',
  'TooManyConnections',
]);

/**
 * SQLSTATE classes and codes: 08 connection exception, 40001 serialization failure, 40P01 deadlock,
 * 53 insufficient resources, 57P01–57P05 the server shutting down or not accepting connections.
 */
const TRANSIENT_SQLSTATE = /^(08...|40001|40P01|53...|57P0[1-5])$/;

/** Socket error codes (Node's and ioredis'). */
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/** Messages of node-postgres, pg-pool, ioredis and our own deadlines (see withDeadline). */
const TRANSIENT_MESSAGE =
  /connection terminated|query read timeout|timeout exceeded when trying to connect|is not queryable|server closed the connection|connection is closed|can't reach database server|reached the max retries per request|stream isn't writeable|did not answer within/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } };
  cause?: unknown;
  errors?: unknown;
}

/** True when the failure is a passing fault: retrying the same work later can succeed. */
export function isTransient(err: unknown): boolean {
  return some(err, (e) => {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_SOCKET_CODES.has(code))) return true;
    if (code && TRANSIENT_SQLSTATE.test(code)) return true;
    const adapter = e.meta?.driverAdapterError?.cause;
    if (adapter) {
      if (typeof adapter.kind === 'string' && TRANSIENT_ADAPTER_KINDS.has(adapter.kind)) return true;
      for (const c of [adapter.originalCode, adapter.code])
        if (typeof c === 'string' && TRANSIENT_SQLSTATE.test(c)) return true;
    }
    if (e.name === 'PrismaClientInitializationError') return true;
    return typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message);
  });
}

/** Applies `test` to the error, its causes and the members of an AggregateError. */
function some(err: unknown, test: (e: ErrorLike) => boolean, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as ErrorLike;
  if (test(e)) return true;
  if (some(e.cause, test, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((x) => some(x, test, depth + 1));
}

/** An operation that did not finish within its deadline; transient by its message. */
export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Races `work` against a deadline. The work is not cancelled (it may still finish later); callers use
 * this only where finishing late is harmless (idempotent writes, probes).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
  });
  // A late failure of the abandoned work must not surface as an unhandled rejection.
  work.catch(() => {});
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
