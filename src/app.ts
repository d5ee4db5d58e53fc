/**
 * Composition root: config → content files → database → Redis → HTTP. `main.ts` adds the process
 * concerns (signals, exit codes); tests start the same app in-process.
 */
import { loadCatalogue } from './catalogue/load.ts';
import { syncCatalogue } from './catalogue/sync.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { HelpdeskError } from './errors.ts';
import { createHttpServer } from './http/server.ts';
import type { Logger } from './logger.ts';
import { connectRedis, type RedisHandle } from './redis/connect.ts';
import type { BusinessCalendar } from './sla/calendar.ts';
import { loadCalendar } from './sla/calendar-file.ts';

export interface Helpdesk {
  url: string;
  db: Database;
  redis: RedisHandle;
  calendar: BusinessCalendar;
  stop(): Promise<void>;
}

export async function startHelpdesk(config: Config, log: Logger): Promise<Helpdesk> {
  // Content first: a broken file should stop start-up before anything is opened.
  const calendar = loadCalendar(config.calendarFile);
  const catalogue = loadCatalogue(config.catalogueFile);

  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stack.reverse()) await fn().catch((e) => log.error({ err: e }, 'error while stopping'));
  };
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    stack.push(() => db.close());
    if (db.appliedMigrations.length) log.info({ migrations: db.appliedMigrations }, 'applied migrations');
    const synced = await syncCatalogue(db.prisma, catalogue);
    log.info(synced, 'catalogue loaded');

    const redis = await connectRedis({
      url: config.redisUrl,
      explicit: config.redisUrlExplicit,
      dataDir: config.dataDir,
      log,
    });
    stack.push(() => redis.close());

    const http = createHttpServer({ log, health: { database: db.ping, redis: redis.ping } });
    stack.push(() => http.close());
    try {
      await http.listen({ port: config.port, host: config.host });
    } catch (e) {
      if ((e as { code?: string }).code === 'EADDRINUSE')
        throw new HelpdeskError(
          'PORT_IN_USE',
          `port ${config.port} sudah dipakai program lain; pilih port lain dengan PORT=…`,
        );
      throw e;
    }
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return { url: `http://${host}:${port}`, db, redis, calendar, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
