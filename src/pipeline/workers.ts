/**
 * The workers of the message path and the sweeper that finds work a crash left behind: accepted
 * messages never processed and replies never sent.
 */
import { Worker } from 'bullmq';
import { text as say } from '../conversation/messages.ts';
import { flushNotices } from '../escalation/notices.ts';
import { handleSlaTimer } from '../escalation/sla.ts';
import type { Logger } from '../logger.ts';
import { enqueueOutbound, type SendDeps, sendPending } from '../outbox/send.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { expireConversation } from '../step/inactivity.ts';
import { enqueueInbound } from './accept.ts';
import { processInbound } from './process-inbound.ts';
import type { InboundJob, OutboundJob, TimerJob } from './queues.ts';

export const INBOUND_ATTEMPTS = 3;
/** Work older than this with no progress is taken to be lost by a crashed process. */
const SWEEP_AGE_MS = 15_000;
const SWEEP_EVERY_MS = 15_000;

export interface Workers {
  sweep(maxAgeMs?: number): Promise<{ inbound: number; outbound: number }>;
  close(): Promise<void>;
}

export function startWorkers(deps: ConversationDeps & SendDeps, log: Logger): Workers {
  const { queues } = deps;
  // A short lock: after a crash its jobs are found stalled and handed to a live worker within seconds
  // (the lock is renewed while a job runs, and a step takes milliseconds).
  const opts = {
    connection: queues.connection,
    prefix: queues.prefix,
    concurrency: 1,
    lockDuration: 10_000,
    stalledInterval: 5_000,
  };
  const workers: Worker[] = [];
  for (let i = 0; i < queues.partitions; i++) {
    const inbound = new Worker<InboundJob>(`inbound-${i}`, (job) => processInbound(deps, job.data), opts);
    inbound.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void giveUp(deps, job.data, err, log);
      else log.warn({ inboundId: job?.data.inboundId, err: err.message }, 'inbound step failed; will retry');
    });
    workers.push(inbound);
    const outbound = new Worker<OutboundJob>(`outbound-${i}`, (job) => sendPending(deps, job.data), opts);
    outbound.on('failed', (job, err) =>
      log.warn({ channel: job?.data.channel, err: err.message }, 'send job failed'),
    );
    workers.push(outbound);
  }
  const timers = new Worker<TimerJob>(
    'timers',
    async (job) => {
      const data = job.data;
      if (data.type === 'inactivity') await expireConversation(deps, data);
      else if (data.type === 'sla') await handleSlaTimer(deps, data);
      else await flushNotices(deps, data);
    },
    { ...opts, concurrency: 4 },
  );
  workers.push(timers);
  for (const w of workers)
    w.on('error', (err) => log.error({ err: err.message, queue: w.name }, 'worker error'));

  const sweep = async (maxAgeMs = SWEEP_AGE_MS) => {
    const before = new Date(Date.now() - maxAgeMs);
    const inbound = await deps.db.inboundMessage.findMany({
      where: { processedAt: null, acceptedAt: { lte: before } },
      select: { id: true, channel: true, chatId: true },
      orderBy: { id: 'asc' },
      take: 5000,
    });
    for (const m of inbound) await enqueueInbound(queues, m.channel, m.chatId, m.id, INBOUND_ATTEMPTS);
    const chats = await deps.db.outboundMessage.groupBy({
      by: ['channel', 'chatId'],
      where: { status: 'PENDING', createdAt: { lte: before } },
      _min: { id: true },
    });
    for (const c of chats) await enqueueOutbound(queues, c.channel, c.chatId, c._min.id ?? 0);
    if (inbound.length || chats.length)
      log.info({ inbound: inbound.length, outboundChats: chats.length }, 'swept unfinished work');
    return { inbound: inbound.length, outbound: chats.length };
  };
  const timer = setInterval(() => {
    sweep().catch((e) => log.error({ err: (e as Error).message }, 'sweep failed'));
  }, SWEEP_EVERY_MS);
  timer.unref();

  return {
    sweep,
    close: async () => {
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/**
 * A message whose step keeps failing is marked processed with the error (kept for staff to look at)
 * and the person is told, rather than retried forever by the sweeper.
 */
async function giveUp(deps: ConversationDeps, job: InboundJob, err: Error, log: Logger): Promise<void> {
  let inboundId = job.inboundId;
  try {
    // A chat's messages are processed oldest first, so the one failing is its oldest unprocessed one
    // (perhaps older than this job's); the later ones are left for the sweeper.
    const row = await deps.db.inboundMessage.findFirst({
      where: { channel: job.channel, chatId: job.chatId, processedAt: null, id: { lte: job.inboundId } },
      orderBy: { id: 'asc' },
    });
    if (!row) return;
    inboundId = row.id;
    log.error({ inboundId, err: err.message }, 'giving up on inbound message');
    const created = await deps.db.$transaction(async (tx) => {
      const { count } = await tx.inboundMessage.updateMany({
        where: { id: inboundId, processedAt: null },
        data: { processedAt: new Date(), error: err.message.slice(0, 500) },
      });
      if (count === 0 || row.isGroup) return null;
      return tx.outboundMessage.create({
        data: { channel: row.channel, chatId: row.chatId, text: say.internalError, inboundId },
      });
    });
    if (created) await enqueueOutbound(deps.queues, row.channel, row.chatId, created.id);
  } catch (e) {
    log.error({ inboundId, err: (e as Error).message }, 'could not record a failed inbound message');
  }
}
