/**
 * Where the machine's time goes during a measured window: the whole machine (/proc/stat), PostgreSQL's
 * processes (/proc/<pid>/stat), Redis (INFO cpu) and what PostgreSQL's connections are doing
 * (pg_stat_activity, sampled). Linux only; anything unreadable is reported as not a number.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { adminUrl } from './infra.ts';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface Machine {
  cores: number;
  model: string;
  memoryBytes: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    model: cpus[0]?.model.trim() ?? '?',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** Busy and total CPU time of the whole machine, in ms summed over cores. */
function machineCpu(): { busyMs: number; totalMs: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...fields] = line.trim().split(/\s+/);
    const n = fields.map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = n;
    const busy = user + nice + system + irq + softirq + steal;
    return { busyMs: busy * TICK_MS, totalMs: (busy + idle + iowait) * TICK_MS };
  } catch {
    return { busyMs: Number.NaN, totalMs: Number.NaN };
  }
}

/** utime + stime of every live process named `comm`, by pid, in ms. */
function processCpu(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      if (stat.slice(open + 1, close) !== comm) continue;
      const fields = stat.slice(close + 2).split(' ');
      // Fields after "(comm) ": state is index 0, so utime (field 14) is index 11 and stime index 12.
      out.set(Number(pid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

async function redisCpuMs(redis: Redis): Promise<number> {
  try {
    const info = await redis.info('cpu');
    const user = Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1]);
    const sys = Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1]);
    return (user + sys) * 1000;
  } catch {
    return Number.NaN;
  }
}

export interface CpuSnapshot {
  at: number;
  machine: { busyMs: number; totalMs: number };
  postgres: Map<number, number>;
  redisMs: number;
  self: NodeJS.CpuUsage;
}

export async function cpuSnapshot(redis: Redis): Promise<CpuSnapshot> {
  return {
    at: performance.now(),
    machine: machineCpu(),
    postgres: processCpu('postgres'),
    redisMs: await redisCpuMs(redis),
    self: process.cpuUsage(),
  };
}

export interface CpuDelta {
  wallMs: number;
  machineBusyMs: number;
  /** Busy share of all cores, 0..1. */
  machineUtilisation: number;
  postgresMs: number;
  redisMs: number;
  /** This process: the load generator. */
  generatorMs: number;
}

export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuDelta {
  let postgresMs = 0;
  // Backends that started during the window count from zero; ones that ended are lost (rare: pooled).
  for (const [pid, ms] of b.postgres) postgresMs += ms - (a.postgres.get(pid) ?? 0);
  const busy = b.machine.busyMs - a.machine.busyMs;
  const total = b.machine.totalMs - a.machine.totalMs;
  const generatorMs = (b.self.user - a.self.user + b.self.system - a.self.system) / 1000;
  return {
    wallMs: b.at - a.at,
    machineBusyMs: busy,
    machineUtilisation: total > 0 ? busy / total : Number.NaN,
    postgresMs,
    redisMs: b.redisMs - a.redisMs,
    generatorMs,
  };
}

export interface ActivityProfile {
  samples: number;
  /** Average number of the database's client connections in each state. */
  avg: { total: number; active: number; idleInTransaction: number; idle: number; lockWait: number };
  /** Most frequent wait events of active / idle-in-transaction connections, share of samples. */
  topWaits: { event: string; avgConnections: number }[];
}

/** Samples pg_stat_activity for `database` every `everyMs` until stopped. */
export function sampleActivity(database: string, everyMs = 50): { stop(): Promise<ActivityProfile> } {
  const client = new pg.Client({ connectionString: adminUrl() });
  let running = true;
  let samples = 0;
  const sums = { total: 0, active: 0, idleInTransaction: 0, idle: 0, lockWait: 0 };
  const waits = new Map<string, number>();
  const loop = (async () => {
    await client.connect();
    while (running) {
      const t = performance.now();
      const { rows } = await client.query<{
        state: string | null;
        wtype: string | null;
        wevent: string | null;
      }>(
        `SELECT state, wait_event_type AS wtype, wait_event AS wevent FROM pg_stat_activity
          WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples++;
      for (const r of rows) {
        sums.total++;
        if (r.state === 'active') sums.active++;
        else if (r.state?.startsWith('idle in transaction')) sums.idleInTransaction++;
        else sums.idle++;
        if (r.wtype === 'Lock') sums.lockWait++;
        if (r.state !== 'idle') {
          const key = `${r.state}: ${r.wtype ? `${r.wtype}/${r.wevent}` : 'on CPU'}`;
          waits.set(key, (waits.get(key) ?? 0) + 1);
        }
      }
      const left = everyMs - (performance.now() - t);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => {});
      const per = (n: number) => (samples ? n / samples : Number.NaN);
      return {
        samples,
        avg: {
          total: per(sums.total),
          active: per(sums.active),
          idleInTransaction: per(sums.idleInTransaction),
          idle: per(sums.idle),
          lockWait: per(sums.lockWait),
        },
        topWaits: [...waits]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([event, n]) => ({ event, avgConnections: per(n) })),
      };
    },
  };
}
