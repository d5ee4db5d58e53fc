/** Starts the helpdesk in a child process (bench/lib/app-child.ts) and talks to it over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildConfig, ChildMessage, ChildRequest, SentNote } from './protocol.ts';

const CHILD = fileURLToPath(new URL('./app-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export class AppProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  onSent: (notes: SentNote[]) => void = () => {};
  exited = false;

  private constructor(
    private readonly child: ChildProcess,
    /** Null for a worker process. */
    readonly url: string | null,
    /** RSS right after start-up. */
    readonly startRss: number,
  ) {
    child.on('message', (raw) => {
      const m = raw as ChildMessage;
      if (m.type === 'sent') this.onSent(m.notes);
      else if (m.type === 'reply') {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.ok) w?.resolve(m.data);
        else w?.reject(new Error(`helpdesk process: ${m.error}`));
      }
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const w of this.waiting.values())
        w.reject(new Error(`helpdesk process exited (${signal ?? code}) before answering`));
      this.waiting.clear();
    });
  }

  static start(config: ChildConfig, timeoutMs = 120_000): Promise<AppProcess> {
    const child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_CHILD_CONFIG: JSON.stringify(config), NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('the helpdesk process did not start in time'));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`the helpdesk process exited during start-up (code ${code})`));
      };
      child.once('exit', onExit);
      child.on('message', function onReady(raw) {
        const m = raw as ChildMessage;
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('message', onReady);
        resolve(new AppProcess(child, m.url, m.rss));
      });
    });
  }

  request<T>(req: ChildRequest, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error('helpdesk process is not running'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`helpdesk process: ${req.op} timed out`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, req });
    });
  }

  /** Stops the app cleanly (workers, queues, connections) and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.request({ op: 'stop' }, 30_000);
    } catch {
      this.child.kill('SIGKILL');
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
}
