import { fastifyCookie } from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { ChannelStatus } from '../channel.ts';
import { isTransient, withDeadline } from '../db/transient.ts';
import type { Logger } from '../logger.ts';

export interface HealthProbe {
  /** Each answers within a second (false when down or not answering). */
  database: () => Promise<boolean>;
  redis: () => Promise<boolean>;
  /** Figures shown when the database is up (e.g. messages given up on). */
  details?: () => Promise<Record<string, unknown>>;
  /**
   * Each running chat channel's status (connected, last event, last error); for an exclusive channel
   * also whether this process owns it (drives it and sends its messages).
   */
  channels?: () => Record<string, ChannelStatus & { owner?: boolean }>;
}

/**
 * A POST (a platform delivering a message) is answered within this long: stored and 202, or 503 so the
 * platform delivers again later (the same message id is recognised as a duplicate).
 */
const POST_DEADLINE_MS = 1000;
const UNAVAILABLE = 'Layanan sedang terganggu; coba kirim lagi sebentar.';

/** The HTTP server: health now; webhooks, simulator API and dashboard register here as they come. */
export function createHttpServer(opts: { log: Logger; health: HealthProbe }): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.log.child({ module: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Cookies for the pages that have a login (the simulator behind its token; the dashboard).
  app.register(fastifyCookie);
  // Clients get errors as JSON { error } in Indonesian; the details go to the log.
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    if (reply.sent) return;
    if (isTransient(err)) {
      opts.log.warn({ err }, 'request failed on a passing fault; answered 503');
      return reply.code(503).send({ error: UNAVAILABLE });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) opts.log.error({ err }, 'request failed');
    const error =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(err.message)
        ? 'Permintaan tidak valid: isi JSON tidak dapat dibaca.'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Permintaan tidak valid: kirim dengan Content-Type application/json.'
          : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'Permintaan terlalu besar.'
            : status >= 500
              ? 'Terjadi kesalahan di server; coba lagi sebentar.'
              : 'Permintaan tidak valid.';
    return reply.code(status).send({ error });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'Alamat tidak ditemukan.' }));

  // A store that does not answer must not hang the platform's delivery: past the deadline the request
  // gets 503 while its work goes on (finishing late is harmless: the redelivery is a duplicate).
  // The dashboard's forms are a person's, not a platform's delivery: they wait for their answer.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || req.url.startsWith('/dashboard/')) return;
    const timer = setTimeout(() => {
      if (reply.sent) return;
      opts.log.warn({ url: req.url }, 'request not done within its deadline; answered 503');
      void reply.code(503).send({ error: UNAVAILABLE });
    }, POST_DEADLINE_MS);
    reply.raw.once('close', () => clearTimeout(timer));
  });

  app.get('/healthz', async (_req, reply) => {
    const [database, redis] = await Promise.all([opts.health.database(), opts.health.redis()]);
    const ok = database && redis;
    const details =
      database && opts.health.details
        ? await withDeadline(opts.health.details(), 1000, 'health details').catch(() => ({}))
        : {};
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      database: database ? 'up' : 'down',
      redis: redis ? 'up' : 'down',
      ...(opts.health.channels ? { channels: opts.health.channels() } : {}),
      ...details,
    });
  });
  return app;
}
