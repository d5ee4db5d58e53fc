/**
 * The ticket list's filters, pure: the query string in, a Prisma where (before the viewer's scope), the
 * values to show back in the form, and an Indonesian line for each value that could not be read (that
 * filter is left out, never guessed).
 */

import { DateTime } from 'luxon';
import type { ChannelName, Priority, ReportingMethod, TicketKind, TicketStatus } from '../domain.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { ticketSearchWhere } from '../tickets/search.ts';

export const PAGE_SIZE = 25;

export const STATUSES: readonly TicketStatus[] = [
  'OPEN',
  'ASSIGNED',
  'IN_PROGRESS',
  'WAITING_REPORTER',
  'RESOLVED',
  'CLOSED',
  'CANCELLED',
  'CONVERTED',
];
export const KINDS: readonly TicketKind[] = ['INCIDENT', 'REQUEST'];
export const PRIORITY_VALUES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
export const METHODS: readonly ReportingMethod[] = [
  'WHATSAPP',
  'TELEGRAM',
  'SLACK',
  'SIMULATOR',
  'TELEPON',
  'SURAT',
  'EMAIL',
  'DATANG_LANGSUNG',
];
const CHAT_METHODS = new Set<ReportingMethod>(['WHATSAPP', 'TELEGRAM', 'SLACK', 'SIMULATOR']);

/** What the form sends; every field optional; `status=terbuka` means every open status. */
export interface ListQuery {
  status?: string;
  kind?: string;
  priority?: string;
  service?: string;
  opd?: string;
  channel?: string;
  from?: string;
  to?: string;
  breached?: string;
  q?: string;
  page?: string;
}

export interface ListFilter {
  /** The values kept (trimmed, valid ones only), to fill the form and build page links. */
  values: Partial<Record<keyof ListQuery, string>>;
  where: Prisma.TicketWhereInput;
  errors: string[];
  page: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim().slice(0, 100) : '');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of `query` at `now`, dates read as days in `zone`. */
export function listFilter(query: ListQuery, now: Date, zone: string): ListFilter {
  const errors: string[] = [];
  const values: Partial<Record<keyof ListQuery, string>> = {};
  const and: Prisma.TicketWhereInput[] = [];
  const pick = <T extends string>(key: keyof ListQuery, allowed: readonly T[], label: string): T | null => {
    const v = str(query[key]).toUpperCase();
    if (!v) return null;
    if ((allowed as readonly string[]).includes(v)) {
      values[key] = v;
      return v as T;
    }
    errors.push(`${label} "${str(query[key])}" tidak dikenal; filter itu diabaikan.`);
    return null;
  };

  const statusText = str(query.status).toLowerCase();
  if (statusText === 'terbuka') {
    values.status = 'terbuka';
    and.push({ status: { in: OPEN_STATUSES } });
  } else {
    const status = pick('status', STATUSES, 'Status');
    if (status) and.push({ status });
  }
  const kind = pick('kind', KINDS, 'Jenis');
  if (kind) and.push({ kind });
  const priority = pick('priority', PRIORITY_VALUES, 'Prioritas');
  if (priority) and.push({ priority });
  const method = pick('channel', METHODS, 'Kanal');
  if (method)
    and.push(
      CHAT_METHODS.has(method)
        ? {
            OR: [
              { reportingMethod: method },
              {
                reportingMethod: null,
                channel: method.toLowerCase() as ChannelName,
              },
            ],
          }
        : { reportingMethod: method },
    );
  const service = str(query.service).toLowerCase();
  if (service) {
    values.service = service;
    and.push({ service: { code: service } });
  }
  const opd = str(query.opd);
  if (opd) {
    values.opd = opd;
    const like = { contains: opd, mode: 'insensitive' as const };
    and.push({ OR: [{ requesterOpd: like }, { requesterOpd: null, reporter: { opd: like } }] });
  }
  const day = (key: 'from' | 'to', label: string): DateTime | null => {
    const v = str(query[key]);
    if (!v) return null;
    const d = DATE.test(v) ? DateTime.fromISO(v, { zone }) : null;
    if (!d?.isValid) {
      errors.push(`${label} "${v}" tidak valid; tulis TTTT-BB-HH, mis. 2026-07-01.`);
      return null;
    }
    values[key] = v;
    return d.startOf('day');
  };
  const from = day('from', 'Tanggal mulai');
  const to = day('to', 'Tanggal akhir');
  if (from && to && to < from) {
    errors.push('Tanggal akhir sebelum tanggal mulai; periode diabaikan.');
    delete values.from;
    delete values.to;
  } else {
    if (from) and.push({ createdAt: { gte: from.toJSDate() } });
    if (to) and.push({ createdAt: { lt: to.plus({ days: 1 }).toJSDate() } });
  }
  const breached = str(query.breached).toLowerCase();
  if (breached === 'ya') {
    values.breached = 'ya';
    and.push(breachedWhere(now));
  } else if (breached) errors.push(`Pilihan "terlewat" "${breached}" tidak dikenal; filter itu diabaikan.`);
  const q = str(query.q);
  if (q) {
    values.q = q;
    and.push(ticketSearchWhere(q));
  }
  const pageText = str(query.page);
  const page = /^\d{1,5}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
  return { values, where: and.length ? { AND: and } : {}, errors, page };
}

/**
 * A target missed: recorded as missed, or still open past a due time (a ticket waiting on the reporter
 * has its clock stopped: only a recorded miss counts for it).
 */
export function breachedWhere(now: Date): Prisma.TicketWhereInput {
  const openRunning = { status: { in: OPEN_STATUSES }, pausedAt: null };
  return {
    OR: [
      { responseMet: false },
      { resolutionMet: false },
      { ...openRunning, resolutionDueAt: { lte: now } },
      { ...openRunning, firstResponseAt: null, responseDueAt: { lte: now } },
    ],
  };
}

/** The query string of these values with `page` (for the pager's links). */
export function listQueryString(values: Partial<Record<keyof ListQuery, string>>, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== 'page') p.set(k, v);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}
