/**
 * The helpdesk under test as one process (ROLE=all) or as one ROLE=web process plus N ROLE=worker
 * processes on the same PostgreSQL and Redis, seen by the benchmark as one app: the web process (or the
 * single one) serves the URL, replies are reported by whichever process sends them, and counters and CPU
 * time are added up over every process.
 */
import { AppProcess } from './app-process.ts';
import type { ChildConfig, ChildRequest, ChildSnapshot, SentNote } from './protocol.ts';

export class AppCluster {
  private constructor(
    /** The process with the HTTP server: the only one with `all`, else the `web` one. */
    readonly primary: AppProcess,
    readonly workers: readonly AppProcess[],
    readonly url: string,
  ) {}

  /** `workers` 0: one ROLE=all process; otherwise ROLE=web and that many ROLE=worker processes. */
  static async start(config: Omit<ChildConfig, 'role'>, workers: number): Promise<AppCluster> {
    // The first process syncs the catalogue into the fresh database alone; the others only find it
    // synced (concurrent first inserts of the same service would collide).
    const primary = await AppProcess.start({ ...config, role: workers > 0 ? 'web' : 'all' });
    const started = await Promise.allSettled(
      Array.from({ length: workers }, () => AppProcess.start({ ...config, role: 'worker' })),
    );
    const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed || !primary.url) {
      await Promise.all([primary, ...ok].map((p) => p.stop()));
      throw failed ? failed.reason : new Error('the helpdesk process did not serve a URL');
    }
    return new AppCluster(primary, ok, primary.url);
  }

  get processes(): AppProcess[] {
    return [this.primary, ...this.workers];
  }

  /** RSS right after start-up, summed. */
  get startRss(): number {
    return this.processes.reduce((sum, p) => sum + p.startRss, 0);
  }

  set onSent(fn: (notes: SentNote[]) => void) {
    for (const p of this.processes) p.onSent = fn;
  }

  /** Sends `req` to every process (a reset). */
  async broadcast(req: ChildRequest): Promise<void> {
    await Promise.all(this.processes.map((p) => p.request(req)));
  }

  /** Every process's snapshot, counters and CPU added up, event-loop delays the worst (the clock is the primary's). */
  async snapshot(): Promise<ChildSnapshot> {
    const all = await Promise.all(this.processes.map((p) => p.request<ChildSnapshot>({ op: 'snapshot' })));
    return sumSnapshots(all);
  }

  /** [SQL text, calls] over every process since the last resetStatements, most called first. */
  async statements(): Promise<[string, number][]> {
    const merged = new Map<string, number>();
    for (const list of await Promise.all(
      this.processes.map((p) => p.request<[string, number][]>({ op: 'statements' })),
    ))
      for (const [sql, n] of list) merged.set(sql, (merged.get(sql) ?? 0) + n);
    return [...merged].sort((a, b) => b[1] - a[1]);
  }

  /** Stops the web process first (nothing new comes in), then the workers. */
  async stop(): Promise<void> {
    await this.primary.stop();
    await Promise.all(this.workers.map((p) => p.stop()));
  }
}

function sumSnapshots(all: ChildSnapshot[]): ChildSnapshot {
  const [first, ...rest] = all;
  if (!first) throw new Error('no helpdesk process to measure');
  const sum = { ...first };
  for (const s of rest) {
    sum.cpuUserMs += s.cpuUserMs;
    sum.cpuSystemMs += s.cpuSystemMs;
    sum.rss += s.rss;
    sum.rssPeak += s.rssPeak;
    sum.heapUsed += s.heapUsed;
    sum.pgQueries += s.pgQueries;
    sum.redisCommands += s.redisCommands;
    sum.sends += s.sends;
    sum.loopDelayP99Ms = Math.max(sum.loopDelayP99Ms, s.loopDelayP99Ms);
    sum.loopDelayMaxMs = Math.max(sum.loopDelayMaxMs, s.loopDelayMaxMs);
  }
  return sum;
}
