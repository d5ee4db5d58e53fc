/**
 * How queue jobs meet failure. A passing fault (see db/transient.ts) is retried with capped exponential
 * backoff for a window of minutes and never counts against the job; after the window the job steps
 * aside and the sweeper takes the work up again from PostgreSQL. A deterministic failure is retried a
 * few times, then given up once. BullMQ's own attempt count is set out of reach: the decision is ours.
 */
import type { Job } from 'bullmq';
import { ChannelError } from '../channel.ts';
import { isTransient } from '../db/transient.ts';
import type { Logger } from '../logger.ts';

/** Deterministic failures before a job gives up. */
export const DETERMINISTIC_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 10_000;

/** Options every retried job is added with; the delay comes from {@link backoffDelay}. */
export const RETRY_JOB_OPTIONS = {
  attempts: 1_000_000,
  backoff: { type: 'helpdesk' },
} as const;

/** Capped exponential backoff with jitter (so a burst of failed jobs does not come back at once). */
export function backoffDelay(attemptsMade: number, random = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exp * (0.75 + 0.5 * random()));
}

/**
 * The worker setting that gives {@link RETRY_JOB_OPTIONS} its delays; a platform that said how long to
 * wait (a rate limit's retry-after) is waited for exactly that long.
 */
export const RETRY_SETTINGS = {
  backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
    err instanceof ChannelError && err.retryAfterMs !== undefined
      ? err.retryAfterMs
      : backoffDelay(attemptsMade),
};

/** What a job counts in its data between attempts. */
interface Counted {
  failures?: number;
}

export interface RetryHandlers<T> {
  /** A failure no retry can cure (after {@link DETERMINISTIC_ATTEMPTS}): record it, tell someone. */
  giveUp(job: Job<T>, err: Error): Promise<void>;
  /** The retry window passed on a passing fault: leave the work for the sweeper (the job ends). */
  stepAside(job: Job<T>, err: Error): Promise<void>;
  /** Extra passing faults of this kind of job (e.g. a retryable channel error). */
  transient?(err: unknown): boolean;
}

/** Wraps a job processor with the retry rules above. */
export function withRetries<T>(
  work: (job: Job<T>) => Promise<unknown>,
  handlers: RetryHandlers<T>,
  windowMs: number,
  log: Logger,
): (job: Job<T>) => Promise<void> {
  return async (job) => {
    try {
      await work(job);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const passing = isTransient(err) || (handlers.transient?.(err) ?? false);
      const ctx = { queue: job.queueName, jobId: job.id, attempt: job.attemptsMade + 1 };
      if (passing) {
        if (Date.now() - job.timestamp < windowMs) {
          log.warn({ ...ctx, err }, 'job met a passing fault; will retry');
          throw err;
        }
        log.warn({ ...ctx, err }, 'job retried a passing fault for its whole window; left for the sweeper');
        await handlers.stepAside(job, err);
        return;
      }
      const failures = ((job.data as Counted).failures ?? 0) + 1;
      if (failures < DETERMINISTIC_ATTEMPTS) {
        log.warn({ ...ctx, failures, err }, 'job failed; will retry');
        await job.updateData({ ...job.data, failures });
        throw err;
      }
      log.error({ ...ctx, failures, err }, 'job failed for good; giving up');
      // A failure while giving up (the database went away meanwhile) is retried like any other.
      await handlers.giveUp(job, err);
    }
  };
}
