/**
 * Scale-out: the message-path phase with the helpdesk as one process (ROLE=all) and as one ROLE=web
 * process plus N ROLE=worker processes on the same PostgreSQL and Redis, at the same load and windows,
 * measured right after one another so the throughput the worker processes add on this machine is their
 * ratio. (Reusing section 1's one-process row would compare rows minutes apart: on a shared machine
 * the load of others moves more than that ratio.)
 */
import type { Redis } from 'ioredis';
import type { Machine } from './lib/resources.ts';
import { fmt, fmtBytes, fmtMs, fmtPct, table } from './lib/stats.ts';
import { type PhaseResult, runPhase } from './message-path.ts';

export interface ScaleOutConfig {
  /** Worker-process counts to compare with one process, e.g. [2]. */
  workers: number[];
  chats: number[];
  partitions: number;
  warmupMs: number;
  measureMs: number;
  prefix: string;
}

const processesName = (workers: number) =>
  workers === 0 ? '1 (ROLE=all)' : `${workers + 1} (ROLE=web + ${workers} × ROLE=worker)`;

export async function runScaleOut(
  cfg: ScaleOutConfig,
  monitor: Redis,
  log: (msg: string) => void,
): Promise<PhaseResult[]> {
  const rows: PhaseResult[] = [];
  for (const chats of cfg.chats) {
    for (const workers of [0, ...cfg.workers.filter((w) => w > 0)]) {
      log(`scale-out: ${processesName(workers)} processes, ${chats} chats…`);
      const r = await runPhase(
        {
          partitions: cfg.partitions,
          chats,
          warmupMs: cfg.warmupMs,
          measureMs: cfg.measureMs,
          floors: null,
          prefix: `${cfg.prefix}-w${workers}c${chats}`,
          workers,
        },
        monitor,
      );
      log(`  ${fmt(r.perSecond, 1)} msg/s, p99 ${fmtMs(r.latency.p99)}, errors ${r.errors.total}`);
      rows.push(r);
    }
  }
  return rows;
}

export function scaleOutMarkdown(
  rows: PhaseResult[],
  host: Machine,
  otherLoad: (p: PhaseResult) => number,
): string[] {
  if (!rows.length) return [];
  const first = rows[0] as PhaseResult;
  return [
    '## 4. Scale-out: worker processes',
    '',
    `QUEUE_PARTITIONS=${first.partitions}, ${fmt(first.windowS, 0)} s measured per row, all processes on ` +
      `this ${host.cores}-core machine with PostgreSQL, Redis and the load generator.`,
    '',
    table(
      [
        'chats',
        'helpdesk processes',
        'msg/s',
        'msg/s ÷ 1 process',
        'p50',
        'p99',
        'errors',
        'redelivered after 503',
        'app CPU ms/msg (all processes)',
        'PostgreSQL CPU ms/msg',
        'SQL statements/msg',
        'Redis commands/msg',
        'machine busy',
        'other load',
        'app RSS start → peak (sum)',
      ],
      rows.map((r) => {
        const single = rows.find((s) => s.chats === r.chats && s.workers === 0);
        return [
          String(r.chats),
          processesName(r.workers),
          fmt(r.perSecond, 1),
          single ? `${fmt(r.perSecond / single.perSecond, 2)}×` : '–',
          fmtMs(r.latency.p50),
          fmtMs(r.latency.p99),
          String(r.errors.total),
          fmt(r.errors.redeliveries),
          fmt(r.perMessage.appCpuMs, 2),
          fmt(r.perMessage.postgresCpuMs, 2),
          fmt(r.perMessage.dbQueries, 1),
          fmt(r.perMessage.redisCommands, 1),
          `${fmtPct(r.cpu.machineUtilisation)} of ${host.cores} cores`,
          fmtPct(otherLoad(r)),
          `${fmtBytes(r.rssStart)} → ${fmtBytes(r.rssPeak)}`,
        ];
      }),
    ),
    '',
    '- Each row: a fresh database; the processes are the real app (`startHelpdesk`) forked from ' +
      'bench/lib/app-child.ts with ROLE set. The web process accepts the simulator’s HTTP posts and ' +
      'queues them; the worker processes run the inbound and outbound workers and send the replies. ' +
      'CPU, statements and RSS are added up over the processes (peak RSS: the sum of each one’s peak). ' +
      'Other load: the machine’s busy time none of the app, PostgreSQL, Redis or the load generator ' +
      'account for (other programs): a pair of rows with very different other load is not a fair ratio.',
    '- Redelivered after 503: posts the HTTP process (web, or the single one) answered past its 1 s ' +
      'accept deadline, delivered again 200 ms later. Thousands mean the row tipped into overload (every redelivery is more work, so it ' +
      'stays there; the reporters still waiting when the window closes count as errors): seen at 500 chats ' +
      'with one process and with three when other programs took the cores at the row’s start. Such a ' +
      'row’s ratio says nothing about the number of processes.',
    '- More processes only help while a core is free: with PostgreSQL, Redis and the load generator on ' +
      'the same cores the ratio shows what this machine gains, not what separate machines would.',
    '',
  ];
}
