import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { inTransaction, sqlOf } from '../../src/db/sql.ts';
import { useTestDatabase } from '../support/db.ts';

const test = useTestDatabase();
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: test.url, dataDir: os.tmpdir() });
});
afterAll(() => db?.close());

const pidAndTx = 'SELECT pg_backend_pid() AS pid, txid_current()::text AS txid';

describe('plain SQL on the driver (src/db/sql.ts)', () => {
  it('runs inside the very transaction of its tx, even with many transactions at once', async () => {
    const mismatches: string[] = [];
    const vias = new Set<string>();
    await Promise.all(
      Array.from({ length: 30 }, (_, loop) =>
        (async () => {
          for (let i = 0; i < 10; i++)
            await inTransaction(db.prisma, async (tx) => {
              const sql = sqlOf(tx);
              vias.add(sql.via);
              const [prisma] = await tx.$queryRawUnsafe<{ pid: number; txid: string }[]>(pidAndTx);
              const [driver] = await sql.rows<{ pid: number; txid: string }>(pidAndTx);
              if (prisma?.pid !== driver?.pid || prisma?.txid !== driver?.txid)
                mismatches.push(`${loop}/${i}`);
            });
        })(),
      ),
    );
    expect(vias).toEqual(new Set(['driver']));
    expect(mismatches).toEqual([]);
  });

  it('rolls back what it wrote together with what Prisma wrote when the transaction fails', async () => {
    await expect(
      inTransaction(db.prisma, async (tx) => {
        await tx.contact.create({ data: { name: 'Rollback ORM' } });
        await sqlOf(tx).rows(`INSERT INTO "Contact" ("name", "createdAt") VALUES ($1, $2)`, [
          'Rollback SQL',
          new Date(),
        ]);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    const left = await db.prisma.contact.count({ where: { name: { startsWith: 'Rollback' } } });
    expect(left).toBe(0);
  });

  it('refuses to run on the connection once its transaction is over', async () => {
    let late: ReturnType<typeof sqlOf> | null = null;
    await inTransaction(db.prisma, async (tx) => {
      late = sqlOf(tx);
    });
    await expect((late as unknown as ReturnType<typeof sqlOf>).rows('SELECT 1')).rejects.toThrow(
      /not queryable/,
    );
  });

  it('writes and reads times in UTC as Prisma does, whatever the process time zone', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Jakarta';
    try {
      const at = new Date('2026-12-02T01:30:00.000Z');
      const [row] = await sqlOf(db.prisma).rows<{ id: number; createdAt: Date }>(
        `INSERT INTO "Contact" ("name", "createdAt") VALUES ($1, $2::timestamp(3)) RETURNING "id", "createdAt"`,
        ['Zona', at],
      );
      expect(row?.createdAt.toISOString()).toBe(at.toISOString());
      const viaOrm = await db.prisma.contact.findUniqueOrThrow({ where: { id: row?.id ?? 0 } });
      expect(viaOrm.createdAt.toISOString()).toBe(at.toISOString());
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('falls back to Prisma for a client it has no pool for, with the same results', async () => {
    const sql = sqlOf(test.prisma);
    expect(sql.via).toBe('prisma');
    const [row] = await sql.rows<{ n: number; at: Date }>(`SELECT 2::int AS n, $1::timestamp(3) AS at`, [
      new Date('2026-12-02T01:30:00.000Z'),
    ]);
    expect(row).toEqual({ n: 2, at: new Date('2026-12-02T01:30:00.000Z') });
  });
});
