import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHelpdesk } from '../src/app.ts';
import { ContentError, HelpdeskError } from '../src/errors.ts';
import { silentLog, tempDir, testConfig } from './support/app.ts';
import { useTestDatabase } from './support/db.ts';
import { testRedisUrl } from './support/env.ts';

const db = useTestDatabase();

async function health(url: string | null) {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe('starting the helpdesk', () => {
  it('answers /healthz with 200 and both stores up on PostgreSQL and Redis', async () => {
    const helpdesk = await startHelpdesk(
      testConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl() }),
      silentLog,
    );
    try {
      expect(await health(helpdesk.url)).toEqual({
        status: 200,
        body: {
          status: 'ok',
          database: 'up',
          redis: 'up',
          channels: { simulator: { state: 'connected' } },
          givenUpLast24h: 0,
        },
      });
      // Migrations and the catalogue were applied on start.
      expect(await db.prisma.service.count({ where: { code: 'srikandi' } })).toBe(1);
    } finally {
      await helpdesk.stop();
    }
  });

  it('answers 503 naming Redis when Redis stops answering', async () => {
    const helpdesk = await startHelpdesk(
      testConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl() }),
      silentLog,
    );
    try {
      await helpdesk.redis.close();
      expect(await health(helpdesk.url)).toEqual({
        status: 503,
        body: {
          status: 'degraded',
          database: 'up',
          redis: 'down',
          channels: { simulator: { state: 'connected' } },
          givenUpLast24h: 0,
        },
      });
    } finally {
      await helpdesk.stop();
    }
  });

  it('names the host of an unreachable DATABASE_URL', async () => {
    const start = startHelpdesk(
      testConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/helpdesk', REDIS_URL: testRedisUrl() }),
      silentLog,
    );
    await expect(start).rejects.toThrow(HelpdeskError);
    await expect(start).rejects.toThrow(/127\.0\.0\.1:1/);
  });

  it('says the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const start = startHelpdesk(
        testConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), PORT: String(port) }),
        silentLog,
      );
      await expect(start).rejects.toThrow(new RegExp(`port ${port} sudah dipakai`));
    } finally {
      blocker.close();
    }
  });

  it('stops before opening anything when the catalogue file is malformed', async () => {
    const file = path.join(tempDir('katalog'), 'catalogue.yaml');
    fs.writeFileSync(file, 'groups: []\nservices: "bukan daftar"\n');
    const start = startHelpdesk(
      testConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none', CATALOGUE_FILE: file }),
      silentLog,
    );
    await expect(start).rejects.toThrow(ContentError);
    await expect(start).rejects.toThrow(file);
  });

  it('keeps its data across a restart on the embedded database (PGlite)', async () => {
    const config = testConfig({ REDIS_URL: testRedisUrl() });
    const first = await startHelpdesk(config, silentLog);
    try {
      expect(first.db.kind).toBe('pglite');
      expect((await health(first.url)).status).toBe(200);
      await first.db.prisma.contact.create({ data: { name: 'Siti', opd: 'Dinas Kominfo' } });
    } finally {
      await first.stop();
    }
    const second = await startHelpdesk(config, silentLog);
    try {
      expect(second.db.appliedMigrations).toEqual([]);
      expect(await second.db.prisma.contact.findFirst({ where: { name: 'Siti' } })).toMatchObject({
        opd: 'Dinas Kominfo',
      });
      expect(await second.db.prisma.service.count({ where: { code: 'simpeg' } })).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
