import { describe, expect, it } from 'vitest';
import { allocateTicketCode } from '../../src/tickets/allocate-code.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

describe('ticket code allocation (real PostgreSQL)', () => {
  it('gives 60 concurrent creations 60 different codes with no gaps', async () => {
    const codes = await Promise.all(
      Array.from({ length: 60 }, () =>
        db.prisma.$transaction((tx) => allocateTicketCode(tx, 'INCIDENT', 2026)),
      ),
    );
    expect(new Set(codes).size).toBe(60);
    const numbers = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('keeps one sequence per kind and per year', async () => {
    const request = await db.prisma.$transaction((tx) => allocateTicketCode(tx, 'REQUEST', 2026));
    const nextYear = await db.prisma.$transaction((tx) => allocateTicketCode(tx, 'INCIDENT', 2027));
    expect(request).toBe('LYN-2026-0001');
    expect(nextYear).toBe('GGN-2027-0001');
  });

  it('never hands out a number that a committed ticket already has', async () => {
    const before = await db.prisma.$transaction((tx) => allocateTicketCode(tx, 'REQUEST', 2030));
    // A creation that fails after taking a number rolls the number back with it…
    await expect(
      db.prisma.$transaction(async (tx) => {
        await allocateTicketCode(tx, 'REQUEST', 2030);
        throw new Error('ticket insert failed');
      }),
    ).rejects.toThrow('ticket insert failed');
    // …and the next creation gets the next free number, not a used one.
    const after = await db.prisma.$transaction((tx) => allocateTicketCode(tx, 'REQUEST', 2030));
    expect(before).toBe('LYN-2030-0001');
    expect(after).toBe('LYN-2030-0002');
  });
});
