import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeadlineError, isTransient, withDeadline } from '../../src/db/transient.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';

interface Captured {
  ctor: string;
  message: string;
  code?: string;
  meta?: Record<string, unknown>;
  cause?: Captured;
}

const captured = JSON.parse(
  fs.readFileSync(new URL('./fixtures/prisma-errors.json', import.meta.url), 'utf8'),
) as Record<string, Captured>;

/** Rebuilds a captured error with the class the client threw. */
function rebuild(c: Captured): Error {
  const cause = c.cause ? { cause: rebuild(c.cause) } : undefined;
  if (c.ctor === 'PrismaClientKnownRequestError')
    return new Prisma.PrismaClientKnownRequestError(c.message, {
      code: c.code ?? '',
      clientVersion: '7.10.1',
      meta: c.meta,
    });
  const e = new Error(c.message, cause);
  return e;
}

const error = (key: string) => {
  const c = captured[key];
  if (!c) throw new Error(`no captured error ${key}`);
  return rebuild(c);
};

describe('telling a passing fault from a deterministic failure', () => {
  it.each([
    ['down.query', 'an idle pooled connection closed by a server going down'],
    ['down.tx', 'a transaction on a server that refuses connections (P1001)'],
    ['down.raw', 'a raw query on a server that refuses connections (P2010, DatabaseNotReachable)'],
    ['reset.inTx', 'the connection reset inside a transaction'],
    ['stall.query', 'a query on a server that stopped answering (query_timeout)'],
    ['stall.tx', 'a new connection to a server that stopped answering (connectionTimeoutMillis)'],
    ['terminated.tx', 'the backend terminated inside a transaction'],
    ['serialization', 'a serialization failure (40001, P2034)'],
    ['deadlock', 'a deadlock (40P01, P2034)'],
    ['deadlock.raw', 'a deadlock in a raw statement (P2010, 40P01)'],
    ['txTimeout', 'an interactive transaction past its timeout (P2028)'],
  ])('retries %s: %s', (key) => {
    expect(isTransient(error(key))).toBe(true);
  });

  it.each([
    ['unique', 'a unique violation in a raw statement'],
    ['unique.model', 'a unique violation (P2002)'],
    ['notfound', 'a missing row (P2025)'],
    ['badraw', 'a bad column in raw SQL'],
  ])('does not retry %s: %s', (key) => {
    expect(isTransient(error(key))).toBe(false);
  });

  it('does not retry an ordinary bug, a missing value or a string', () => {
    expect(isTransient(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isTransient(new Error('conversation upsert returned no row'))).toBe(false);
    expect(isTransient(undefined)).toBe(false);
    expect(isTransient('ECONNREFUSED')).toBe(false);
  });

  it('retries socket errors, Redis connection errors and a cause deep in the chain', () => {
    expect(
      isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isTransient(new Error('Connection is closed.'))).toBe(true);
    expect(isTransient(new Error('outer', { cause: new Error('x', { cause: error('down.tx') }) }))).toBe(
      true,
    );
    expect(isTransient(new AggregateError([new Error('a'), error('stall.query')]))).toBe(true);
  });

  it('bounds work with a deadline that is itself transient', async () => {
    const never = new Promise<never>(() => {});
    const late = withDeadline(never, 10, 'queue');
    await expect(late).rejects.toBeInstanceOf(DeadlineError);
    await late.catch((e) => expect(isTransient(e)).toBe(true));
    expect(await withDeadline(Promise.resolve(7), 1000, 'queue')).toBe(7);
  });
});
