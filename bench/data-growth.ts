/**
 * Cost as the data grows: the message-path phase with open and closed tickets already in the database
 * (bench/lib/seed-tickets.ts), each row compared with the row without any, so whether the cost per
 * message stays flat as tickets pile up can be read off directly.
 */
import type { Redis } from 'ioredis';
import type { DataSize } from './lib/seed-tickets.ts';
import { fmt, fmtMs, fmtPct, table } from './lib/stats.ts';
import { type PhaseResult, runPhase } from './message-path.ts';

/**
 * "open/closed" pairs, comma-separated ("0/0,1000/100000"); a bare number is open tickets with none
 * closed. Unset: `fallback`; empty or "0": no rows.
 */
export function parseDataSizes(value: string | undefined, fallback: DataSize[]): DataSize[] {
  if (value === undefined) return fallback;
  if (value.trim() === '' || value.trim() === '0') return [];
  return value.split(',').map((item) => {
    const [open = '', closed = '0'] = item.trim().split('/');
    const size = { open: Number(open), closed: Number(closed) };
    if (!Number.isInteger(size.open) || !Number.isInteger(size.closed) || size.open < 0 || size.closed < 0)
      throw new Error(`BENCH_DATA: "${item}" is not open/closed, e.g. 1000/100000`);
    return size;
  });
}

export interface DataGrowthConfig {
  sizes: DataSize[];
  chats: number;
  partitions: number;
  warmupMs: number;
  measureMs: number;
  prefix: string;
}

export async function runDataGrowth(
  cfg: DataGrowthConfig,
  monitor: Redis,
  log: (msg: string) => void,
): Promise<PhaseResult[]> {
  const rows: PhaseResult[] = [];
  for (const [i, data] of cfg.sizes.entries()) {
    log(
      `cost as the data grows: ${fmt(data.open)} open / ${fmt(data.closed)} closed tickets, ${cfg.chats} chats…`,
    );
    const r = await runPhase(
      {
        partitions: cfg.partitions,
        chats: cfg.chats,
        warmupMs: cfg.warmupMs,
        measureMs: cfg.measureMs,
        floors: null,
        prefix: `${cfg.prefix}-d${i}`,
        data,
      },
      monitor,
    );
    log(
      `  seeded in ${fmt(r.seedMs / 1000, 1)} s; ${fmt(r.perSecond, 1)} msg/s, p99 ${fmtMs(r.latency.p99)}, ` +
        `${fmt(r.perMessage.appCpuMs, 2)} ms app CPU and ${fmt(r.perMessage.dbQueries, 1)} statements per message`,
    );
    rows.push(r);
  }
  return rows;
}

/** "12.3 (1.05×)": the value and its ratio to the base row's. */
function withRatio(value: number, base: number, show: (v: number) => string): string {
  const ratio = value / base;
  return `${show(value)} (${Number.isFinite(ratio) ? `${fmt(ratio, 2)}×` : '–'})`;
}
const decimals = (n: number) => (v: number) => fmt(v, n);

export function dataGrowthMarkdown(rows: PhaseResult[], otherLoad: (p: PhaseResult) => number): string[] {
  const base = rows.find((r) => r.data.open === 0 && r.data.closed === 0) ?? rows[0];
  if (!base) return [];
  const baseName = `${fmt(base.data.open)} open / ${fmt(base.data.closed)} closed`;
  return [
    '## 3. Cost as the data grows',
    '',
    `${base.chats} chats, QUEUE_PARTITIONS=${base.partitions}, one helpdesk process; ${fmt(base.windowS, 0)} s ` +
      `measured per row. In brackets: the ratio to the ${baseName} row (1.00× = flat).`,
    '',
    table(
      [
        'open tickets',
        'closed tickets',
        'msg/s',
        'p50',
        'p99',
        'errors',
        'app CPU ms/msg',
        'PostgreSQL CPU ms/msg',
        'SQL statements/msg',
        'incidents opened / linked',
        'other load',
        'seeding',
      ],
      rows.map((r) => [
        fmt(r.data.open),
        fmt(r.data.closed),
        withRatio(r.perSecond, base.perSecond, decimals(1)),
        withRatio(r.latency.p50, base.latency.p50, fmtMs),
        withRatio(r.latency.p99, base.latency.p99, fmtMs),
        String(r.errors.total),
        withRatio(r.perMessage.appCpuMs, base.perMessage.appCpuMs, decimals(2)),
        withRatio(r.perMessage.postgresCpuMs, base.perMessage.postgresCpuMs, decimals(2)),
        withRatio(r.perMessage.dbQueries, base.perMessage.dbQueries, decimals(1)),
        fmt(r.conversations.incidentsOpenedOrLinked),
        fmtPct(otherLoad(r)),
        `${fmt(r.seedMs / 1000, 1)} s`,
      ]),
    ),
    '',
    '- Seeded into the row’s fresh database after the helpdesk started and before the reporters (not ' +
      'measured), with set-based SQL: open tickets half incidents (impact, urgency, priority from Tabel 4.4) ' +
      'and half requests over the catalogue’s services, OPEN / ASSIGNED / IN_PROGRESS, reported in the last ' +
      '14 days; closed ones (a third incidents) resolved and CLOSED in the past two years; a reporter contact ' +
      'per two tickets, the audit events of each step, codes numbered on from the yearly counters; then ' +
      'VACUUM ANALYZE. Seeded tickets have no SLA timers in Redis, so none fires during the window.',
    '- An incident reported on a service with an open incident links the reporter to it (2 messages ' +
      'instead of 5): with open incidents seeded on every service that is every incident report, while ' +
      'the 0-open row links only once its own reporters have opened one per service.',
    '- msg/s, latency and CPU as in sections 1 and 2 (CPU per message: app = the helpdesk process, ' +
      'PostgreSQL = its processes). Other load: the machine’s busy time none of ours account for; a row ' +
      'with much more of it than the base row is not a fair ratio.',
    '',
  ];
}
