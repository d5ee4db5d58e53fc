import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/redis/connect.ts';
import { silentLog, tempDir } from '../support/app.ts';

const NOBODY = 'redis://127.0.0.1:1';

describe('connecting to Redis', () => {
  it('starts a private redis-server under the data folder when the default address does not answer', async () => {
    const dataDir = tempDir('helpdesk-redis');
    const redis = await connectRedis({ url: NOBODY, explicit: false, dataDir, log: silentLog });
    try {
      expect(await redis.ping()).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'redis', 'redis.sock'))).toBe(true);
      // It keeps what it stores across a restart (append-only file in the data folder).
      const client = new Redis(redis.options);
      await client.set('ticket-timer', 'GGN-2026-0001');
      client.disconnect();
    } finally {
      await redis.close();
    }
    const again = await connectRedis({ url: NOBODY, explicit: false, dataDir, log: silentLog });
    try {
      const client = new Redis(again.options);
      expect(await client.get('ticket-timer')).toBe('GGN-2026-0001');
      client.disconnect();
    } finally {
      await again.close();
    }
  });

  it('refuses an explicit REDIS_URL that does not answer, naming it', async () => {
    await expect(
      connectRedis({ url: NOBODY, explicit: true, dataDir: tempDir('helpdesk-redis'), log: silentLog }),
    ).rejects.toThrow(/127\.0\.0\.1:1 \(REDIS_URL\) tidak menjawab/);
  });

  it('says how to get Redis when none answers and redis-server is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(
        connectRedis({ url: NOBODY, explicit: false, dataDir: tempDir('helpdesk-redis'), log: silentLog }),
      ).rejects.toThrow(/apt-get install redis-server/);
    } finally {
      process.env.PATH = path;
    }
  });
});
