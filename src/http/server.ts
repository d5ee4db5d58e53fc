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
