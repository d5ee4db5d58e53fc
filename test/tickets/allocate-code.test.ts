import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { inTransaction } from '../../src/db/sql.ts';
import { allocateTicketCode } from '../../src/tickets/allocate-code.ts';
import { useTestDatabase } from '../support/db.ts';

const test = useTestDatabase();
// The helpdesk's own database setup (its pools), as the message path opens transactions.
let db: Database;
beforeAll(async () => {
  db = await openDatabase({ databaseUrl: test.url, dataDir: os.tmpdir() });
});
afterAll(() => db?.close());

const numberOf = (code: string) => Number(code.slice(-4));

describe('ticket code allocation (real PostgreSQL)', () => {
  it('gives 60 concurrent creations 60 different codes, numbered from 1 with none skipped', async () => {
    const codes = await Promise.all(
      Array.from({ length: 60 }, () =>
        inTransaction(db.prisma, (tx) => allocateTicketCode(tx, 'INCIDENT', 2026)),
      ),
    );
    expect(new Set(codes).size).toBe(60);
    expect(codes.map(numberOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('keeps one sequence per kind and per year', async () => {
    const request = await inTransaction(db.prisma, (tx) => allocateTicketCode(tx, 'REQUEST', 2026));
    const nextYear = await inTransaction(db.prisma, (tx) => allocateTicketCode(tx, 'INCIDENT', 2027));
    expect(request).toBe('LYN-2026-0001');
    expect(nextYear).toBe('GGN-2027-0001');
  });

  it('does not make a creation wait for another one of the same kind that is still in its transaction', async () => {
    let finishFirst = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      finishFirst = resolve;
    });
    let firstTook = () => {};
    const firstHasNumber = new Promise<void>((resolve) => {
      firstTook = resolve;
    });
    const first = inTransaction(db.prisma, async (tx) => {
      const code = await allocateTicketCode(tx, 'REQUEST', 2031);
      firstTook();
      await firstHolds; // the rest of a long creation: the ticket, its events, the replies
      return code;
    });
    await firstHasNumber;
    const second = inTransaction(db.prisma, (tx) => allocateTicketCode(tx, 'REQUEST', 2031));
    const waited = await Promise.race([
      second,
      new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 10_000)),
    ]);
    finishFirst();
    expect(waited).toBe('LYN-2031-0002');
    expect(await first).toBe('LYN-2031-0001');
    await second;
  });

  it('never hands out a number twice, also after a creation that failed once it had its number', async () => {
    const before = await inTransaction(db.prisma, (tx) => allocateTicketCode(tx, 'REQUEST', 2030));
    await expect(
      inTransaction(db.prisma, async (tx) => {
        await allocateTicketCode(tx, 'REQUEST', 2030);
        throw new Error('ticket insert failed');
      }),
    ).rejects.toThrow('ticket insert failed');
    // The failed creation's number stays unused (a gap), and is never given to a later ticket.
    const after = await inTransaction(db.prisma, (tx) => allocateTicketCode(tx, 'REQUEST', 2030));
    expect(before).toBe('LYN-2030-0001');
    expect(after).toBe('LYN-2030-0003');
  });

  it('takes the number inside the transaction where it has no connection of its own: a rollback gives it back', async () => {
    const before = await db.prisma.$transaction((tx) => allocateTicketCode(tx, 'REQUEST', 2032));
    await expect(
      db.prisma.$transaction(async (tx) => {
        await allocateTicketCode(tx, 'REQUEST', 2032);
        throw new Error('ticket insert failed');
      }),
    ).rejects.toThrow('ticket insert failed');
    const after = await db.prisma.$transaction((tx) => allocateTicketCode(tx, 'REQUEST', 2032));
    expect([before, after]).toEqual(['LYN-2032-0001', 'LYN-2032-0002']);
  });
});
