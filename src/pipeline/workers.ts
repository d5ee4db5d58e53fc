/**
 * The workers of the message path and the sweeper that finds work a crash or a fault left behind:
 * accepted messages never processed, replies never sent, timers Redis lost.
 */
import { Worker } from 'bullmq';
import { ChannelError, type SendLimits } from '../channel.ts';
import type { ChannelName } from '../domain.ts';
import { reportRejectedGroupPost } from '../escalation/delivery.ts';
import { flushNotices } from '../escalation/notices.ts';
import { handleSlaTimer } from '../escalation/sla.ts';
import type { Logger } from '../logger.ts';
import { withChatLock } from '../outbox/chat-lock.ts';
import { enqueueOutbound, type SendDeps, sendPending } from '../outbox/send.ts';
import { createSendNow } from '../outbox/send-now.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { expireConversation } from '../step/inactivity.ts';
import { enqueueInbound } from './accept.ts';
import { giveUpInbound } from './give-up.ts';
import { processInbound } from './process-inbound.ts';
import {
  type InboundJob,
  type OutboundJob,
  type OutboundLane,
  outboundQueueName,
  type TimerJob,
} from './queues.ts';
import {
  forgetTimersPlanned,
  type Replanned,
  replanNotices,
  replanTimers,
  timersMayBeLost,
} from './replan.ts';
import { RETRY_SETTINGS, withRetries } from './retry.ts';
import { createStepNow, type StepNow } from './step-now.ts';

/** Work older than this with no progress is taken to be lost by a crashed process or a lost queue. */
const SWEEP_AGE_MS = 15_000;

export interface SweepResult {
  inbound: number;
  outbound: number;
  /** Set when the timers were planned again from PostgreSQL in this sweep. */
  replanned?: Replanned;
}

export interface Workers {
  /**
   * Re-queues unfinished work older than `maxAgeMs`, and plans every pending timer again when Redis
   * may have lost them (or always, with `replan`).
   */
  sweep(maxAgeMs?: number, opts?: { replan?: boolean }): Promise<SweepResult>;
  /** Steps a message accepted by this process right after it is stored (step-now.ts). */
  stepNow: StepNow;
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** How long a job retries a passing fault before the sweeper takes over. */
  retryWindowMs: number;
  /** How often the sweeper runs. */
  sweepMs: number;
  /**
   * Outbound lanes these workers leave alone: the lanes of exclusive channels, consumed only by the
   * process that owns the channel ({@link startLaneWorkers}). Their sends still queue there.
   */
  skipLanes?: ReadonlySet<OutboundLane>;
}

/** The workers of one outbound lane. */
export interface LaneWorkers {
  close(): Promise<void>;
}

/**
 * A platform's limit on sends in all (Telegram: about 30 a second), shared out over its lane's
 * partitions. A send job sends about one message (the per-chat spacing puts the next one off).
 */
function laneLimiter(
  limits: SendLimits | undefined,
  partitions: number,
): { limiter?: { max: number; duration: number } } {
  if (!limits?.perSecond) return {};
  return { limiter: { max: Math.max(1, Math.floor(limits.perSecond / partitions)), duration: 1000 } };
}

/**
 * A short lock: after a crash its jobs are found stalled and handed to a live worker within seconds
 * (the lock is renewed while a job runs, and a step takes milliseconds).
 */
function workerOptions(queues: ConversationDeps['queues']) {
  return {
    connection: queues.connection,
    prefix: queues.prefix,
    concurrency: 1,
    lockDuration: 10_000,
    stalledInterval: 5_000,
    settings: RETRY_SETTINGS,
  };
}

// After the window, inbound and outbound work is still in PostgreSQL for the sweeper to queue again.
const leaveToSweeper = async () => {};

/** Sends at once after a commit, past which a step's replies are queued instead (send-now.ts). */
const SEND_NOW_MAX = 256;

/**
 * Chats stepped at once after accept, past which a chat waits its turn (step-now.ts). Measured on the
 * 2-core bench machine with the pool's 10 connections (README, Performance): 8 and 16 at once left the
 * cores idle between batches, 64 kept more transactions open than the pool serves (p99 at 500 chats
 * 1.5 → 2.1 s); 32 was best. Whatever the number of queue partitions: it is the database's limit.
 */
const STEP_NOW_MAX = 32;

/**
 * A chat's send, as every sender runs it (an outbound job, a step's send after its commit): its pending
 * rows, in order, under the chat's send lock.
 */
function chatSender(deps: ConversationDeps & SendDeps) {
  const sendDeps: SendDeps = {
    ...deps,
    onGroupPostRejected: (row) => reportRejectedGroupPost(deps, row),
  };
  const place = { redis: deps.queues.redis, prefix: deps.queues.prefix };
  return (chat: OutboundJob) => withChatLock(place, chat, () => sendPending(sendDeps, chat));
}

/** The send workers of one outbound lane, one per partition. */
function laneWorkers(
  deps: ConversationDeps & SendDeps,
  lane: OutboundLane,
  log: Logger,
  retryWindowMs: number,
): Worker<OutboundJob>[] {
  const { queues } = deps;
  const opts = workerOptions(queues);
  const send = chatSender(deps);
  return Array.from(
    { length: queues.partitions },
    (_, i) =>
      new Worker<OutboundJob>(
        outboundQueueName(lane, i),
        withRetries<OutboundJob>(
          (job) => send({ channel: job.data.channel, chatId: job.data.chatId }),
          {
            // Each row counts its own failed sends and is marked FAILED when hopeless; the rows still
            // pending are sent by a later job (the sweeper's).
            giveUp: leaveToSweeper,
            stepAside: leaveToSweeper,
            transient: (err) => err instanceof ChannelError && err.retryable,
          },
          retryWindowMs,
          log,
        ),
        { ...opts, ...laneLimiter(deps.channels.get(lane as ChannelName)?.limits, queues.partitions) },
      ),
  );
}

/**
 * Starts consuming one outbound lane in this process: an exclusive channel's, while this process owns
 * the channel (the other workers skip it, see {@link WorkerOptions.skipLanes}).
 */
export function startLaneWorkers(
  deps: ConversationDeps & SendDeps,
  lane: OutboundLane,
  log: Logger,
  options: Pick<WorkerOptions, 'retryWindowMs'>,
): LaneWorkers {
  const workers = laneWorkers(deps, lane, log, options.retryWindowMs);
  for (const w of workers) w.on('error', (err) => log.error({ err, queue: w.name }, 'worker error'));
  return { close: async () => void (await Promise.all(workers.map((w) => w.close()))) };
}

/**
 * Starts the message path's workers in this process. Their steps send their replies from here right
 * after the commit where this process may (`deps.sendNow`, see src/outbox/send-now.ts), the rest through
 * the outbound lanes' queues.
 */
export function startWorkers(
  deps: ConversationDeps & SendDeps,
  log: Logger,
  options: WorkerOptions,
): Workers {
  const { queues } = deps;
  const opts = workerOptions(queues);
  const window = options.retryWindowMs;
  const workers: Worker[] = [];
  const send = chatSender(deps);
  const sendNow = createSendNow({
    // A lane this process consumes, of a channel it drives, with no limit on sends in all (that one
    // is kept by the lane's queue).
    eligible: (channel) => {
      const running = deps.channels.get(channel);
      return (
        running !== undefined &&
        !options.skipLanes?.has(channel) &&
        !running.limits?.perSecond &&
        (deps.drives?.(channel) ?? true)
      );
    },
    send,
    enqueue: (chat) => enqueueOutbound(queues, chat.channel, chat.chatId, chat.firstId),
    maxInFlight: SEND_NOW_MAX,
    log,
  });
  deps.sendNow = sendNow;
  const stepNow = createStepNow({
    step: (job, first) => processInbound(deps, job, first),
    enqueue: (job) => enqueueInbound(queues, job.channel, job.chatId, job.inboundId),
    // A waiting chat costs a few bytes.
    maxInFlight: STEP_NOW_MAX,
    maxWaiting: 10_000,
    log,
  });
  for (const lane of queues.outbound.keys())
    if (!options.skipLanes?.has(lane)) workers.push(...laneWorkers(deps, lane, log, window));
  for (let i = 0; i < queues.partitions; i++) {
    const inbound = new Worker<InboundJob>(
      `inbound-${i}`,
      withRetries<InboundJob>(
        (job) => processInbound(deps, job.data),
        {
          giveUp: (job, err) => giveUpInbound(deps, job.data, err).then(() => {}),
          stepAside: leaveToSweeper,
        },
        window,
        log,
      ),
      opts,
    );
    workers.push(inbound);
  }
  const timers = new Worker<TimerJob>(
    'timers',
    withRetries<TimerJob>(
      async (job) => {
        const data = job.data;
        if (data.type === 'inactivity') await expireConversation(deps, data);
        else if (data.type === 'sla') await handleSlaTimer(deps, data);
        else await flushNotices(deps, data);
      },
      {
        // Logged by withRetries; a timer that fails deterministically would fail again if re-planned.
        giveUp: async () => {},
        // The job is about to be removed while the timer is still pending: the next sweep plans it again.
        stepAside: () => forgetTimersPlanned(queues),
      },
      window,
      log,
    ),
    { ...opts, concurrency: 4 },
  );
  workers.push(timers);
  for (const w of workers) w.on('error', (err) => log.error({ err, queue: w.name }, 'worker error'));

  const sweep = async (
    maxAgeMs = SWEEP_AGE_MS,
    sweepOpts: { replan?: boolean } = {},
  ): Promise<SweepResult> => {
    const before = new Date(Date.now() - maxAgeMs);
    // First, because a flush also took the queues' concurrency settings: re-queued work must not run
    // two jobs of a partition at once.
    const replanned =
      sweepOpts.replan || (await timersMayBeLost(queues)) ? await replanTimers(deps) : undefined;
    if (replanned) log.info(replanned, 'timers planned again from the database');
    const inbound = await deps.db.inboundMessage.findMany({
      where: { processedAt: null, acceptedAt: { lte: before } },
      select: { id: true, channel: true, chatId: true },
      orderBy: { id: 'asc' },
      take: 5000,
    });
    for (const m of inbound) await enqueueInbound(queues, m.channel, m.chatId, m.id);
    const chats = await deps.db.outboundMessage.groupBy({
      by: ['channel', 'chatId'],
      where: { status: 'PENDING', createdAt: { lte: before } },
      _min: { id: true },
    });
    // Into each channel's lane; an exclusive channel's lane is sent from by its owner alone.
    for (const c of chats) await enqueueOutbound(queues, c.channel, c.chatId, c._min.id ?? 0);
    // Merged warnings whose flush should long have run (its job lost without a flush of Redis).
    const late = replanned
      ? 0
      : await replanNotices(deps, new Date(Date.now() - deps.noticeWindowMs - maxAgeMs - 60_000));
    if (inbound.length || chats.length || late)
      log.info(
        { inbound: inbound.length, outboundChats: chats.length, notices: late },
        'swept unfinished work',
      );
    return { inbound: inbound.length, outbound: chats.length, ...(replanned ? { replanned } : {}) };
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .catch((err) => log.warn({ err }, 'sweep failed; trying again at the next one'))
      .finally(() => {
        running = false;
      });
  }, options.sweepMs);
  timer.unref();

  return {
    sweep,
    stepNow,
    close: async () => {
      clearInterval(timer);
      await stepNow.close();
      await Promise.all(workers.map((w) => w.close()));
      // After the steps: what they sent from here finishes; nothing is sent from here after.
      await sendNow.close();
      if (deps.sendNow === sendNow) delete deps.sendNow;
    },
  };
}
