/**
 * Keeping the number's sending humane, against the ban risk of an unofficial client: a random jitter
 * before each send (on top of the send path's per-chat gap, SendLimits.perChatMs), and a cap on the
 * messages the number sends in a UTC day. Over the cap a send is rate-limited until the next UTC day.
 */
import { ChannelError } from '../../src/channel.ts';

/** Counts sends per UTC day. In memory by default; a shared store (Redis) can stand in for several processes. */
export interface DailySendCounter {
  /** Sends counted for the day so far. */
  count(day: string): Promise<number>;
  /** Counts one send for the day. */
  add(day: string): Promise<void>;
}

/** The day's count in this process (the session owner is the only process that sends for a number). */
export function memoryDailyCounter(): DailySendCounter {
  let today = '';
  let n = 0;
  return {
    async count(day) {
      return day === today ? n : 0;
    },
    async add(day) {
      if (day !== today) {
        today = day;
        n = 0;
      }
      n++;
    },
  };
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function msUntilNextUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - ms;
}

export class DailyCap {
  constructor(
    private readonly cap: number,
    private readonly counter: DailySendCounter,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one send, or throws a rate-limited ChannelError (until the next UTC day) when the day is full. */
  async take(): Promise<void> {
    const now = this.now();
    const day = utcDay(now);
    if ((await this.counter.count(day)) >= this.cap)
      throw new ChannelError(`whatsapp daily cap of ${this.cap} sends reached`, 'rate_limited', {
        retryAfterMs: msUntilNextUtcDay(now),
      });
    await this.counter.add(day);
  }

  async sentToday(): Promise<number> {
    return this.counter.count(utcDay(this.now()));
  }
}

/** A random delay in [0, maxMs). */
export function jitter(maxMs: number, random: () => number = Math.random): number {
  return maxMs > 0 ? Math.floor(random() * maxMs) : 0;
}
