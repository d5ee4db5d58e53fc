import { fastifyCookie } from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../logger.ts';

export interface HealthProbe {
  database: () => Promise<boolean>;
  redis: () => Promise<boolean>;
}

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
    const status = err.statusCode ?? 500;
    if (status >= 500) opts.log.error({ err: err.message, code: err.code }, 'request failed');
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

  app.get('/healthz', async (_req, reply) => {
    const [database, redis] = await Promise.all([opts.health.database(), opts.health.redis()]);
    const ok = database && redis;
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      database: database ? 'up' : 'down',
      redis: redis ? 'up' : 'down',
    });
  });
  return app;
}
