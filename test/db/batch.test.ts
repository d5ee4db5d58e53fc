import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batched, records } from '../../src/db/batch.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { sqlOf } from '../../src/db/sql.ts';
import { useTestDatabase } from '../support/db.ts';

const test = useTestDatabase();
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: test.url, dataDir: os.tmpdir() });
});
afterAll(() => db?.close());

/** Doubles each item's number in PostgreSQL, counting the statements it takes. */
function doubler() {
  const batches: number[] = [];
  const double = batched<{ v: unknown }, number>(async (d, items) => {
    batches.push(items.length);
    const rows = await sqlOf(d).rows<{ n: number; doubled: number }>(
      'SELECT r.n, r.v::int * 2 AS doubled FROM jsonb_to_recordset($1::jsonb) AS r(v text, n int) ORDER BY r.n',
      [records(items)],
    );
    return rows.map((r) => r.doubled);
  });
  return { double, batches };
}

describe('statements batched across callers (src/db/batch.ts)', () => {
  it('gives each caller its own result, and callers that come at once share statements', async () => {
    const { double, batches } = doubler();
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => double(db.prisma, { v: i })));
    expect(results).toEqual(Array.from({ length: 60 }, (_, i) => i * 2));
    // The first goes alone at once (nothing in flight), the others gather behind it.
    expect(batches[0]).toBe(1);
    expect(batches.length).toBeLessThan(60);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(60);
  });

  it('fails only the caller whose item is bad; the others in its batch get their results', async () => {
    const { double } = doubler();
    const settled = await Promise.allSettled(
      ['1', '2', 'tiga', '4', '5'].map((v) => double(db.prisma, { v })),
    );
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(settled.filter((s) => s.status === 'fulfilled').map((s) => s.value)).toEqual([2, 4, 8, 10]);
  });

  it('gives a passing fault to every caller of the batch, without trying each one alone', async () => {
    let calls = 0;
    const down = batched<number, number>(async () => {
      calls++;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => down(db.prisma, n)));
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    // One alone, then the three that gathered behind it: each batch tried once.
    expect(calls).toBe(2);
    // The gate is free again afterwards.
    const { double } = doubler();
    expect(await double(db.prisma, { v: 21 })).toBe(42);
  });
});
