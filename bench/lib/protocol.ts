/** Messages between the benchmark (parent) and the helpdesk it runs in a child process. */

export interface ChildConfig {
  databaseUrl: string;
  redisUrl: string;
  partitions: number;
  prefix: string;
  /** ROLE: `all` (one process), or `web` (HTTP and the simulator API) / `worker` (the queue workers). */
  role: 'all' | 'web' | 'worker';
}

/** What the child measures about itself; counters are cumulative since start. */
export interface ChildSnapshot {
  /** process.cpuUsage(), in ms. */
  cpuUserMs: number;
  cpuSystemMs: number;
  rss: number;
  /** Highest RSS sampled (every 50 ms) since the last resetPeak. */
  rssPeak: number;
  heapUsed: number;
  /** Calls of pg.Client#query: every SQL round trip, BEGIN and COMMIT included. */
  pgQueries: number;
  /** Redis commands sent by ioredis (a pipeline counts each of its commands; BullMQ scripts count 1). */
  redisCommands: number;
  /** Replies handed to the simulator channel. */
  sends: number;
  /** Monotonic clock of the child (µs), as V8's profiler uses. */
  hrtimeUs: number;
  /** How late the event loop ran a 10 ms timer since the last resetStatements (ms): p99 and worst. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface FloorResult {
  /** Completed operations per second over the measured window. */
  perSecond: number;
  latencyMs: number[];
  errors: number;
}

export type ChildRequest =
  | { op: 'snapshot' }
  | { op: 'resetPeak' }
  /** [SQL text, calls] since the last resetStatements, most called first. */
  | { op: 'statements' }
  | { op: 'resetStatements' }
  | { op: 'floorQueue'; chats: number; warmupMs: number; measureMs: number }
  | { op: 'floorDb'; concurrency: number; warmupMs: number; measureMs: number }
  | { op: 'profileStart' }
  | { op: 'profileStop'; file: string }
  | { op: 'stop' };

/** One reply the channel sent: the chat, whether it ends the bot's turn, the ticket code it names. */
export type SentNote = [chatId: string, final: boolean, code: string | null];

export type ChildMessage =
  /** url: null for a worker process, which serves none. rss: right after start-up, before any load. */
  | { type: 'ready'; url: string | null; rss: number }
  | { type: 'sent'; notes: SentNote[] }
  | { type: 'reply'; id: number; ok: true; data: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };
