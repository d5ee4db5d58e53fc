/**
 * The SPBE evaluation report (Lampiran A, Formulir B and B of Perbup Serang 49/2024, 002:725-760), pure:
 * ticket rows in, report object out. The rules the regulation leaves open are decided here and printed
 * in the report's notes (texts.ts NOTES):
 * - a ticket belongs to the period it was submitted in (createdAt);
 * - a request is met when its fulfilment target was (resolutionMet); an incident when both its response
 *   and resolution targets were (responseMet && resolutionMet); one missed target is enough to miss;
 * - cancelled, converted (counted in their new ticket) and rejected change requests are left out of the
 *   totals and counted apart;
 * - total = met + not met + not measured + open: a closed ticket without a met flag is "tidak terukur",
 *   never met; a ticket not yet closed (RESOLVED but unconfirmed included) is still open;
 * - auto-closed tickets count by their flags and are also shown apart;
 * - satisfaction = mean rating of the counted tickets, one decimal, with the number of ratings.
 */
import type { ApprovalStatus, Priority, TargetDuration, TicketKind, TicketStatus } from '../domain.ts';
import { PRIORITY_TARGETS } from '../sla/priority.ts';
import type { ReportPeriod } from './period.ts';

/** One ticket as the report needs it (load.ts builds these from the database). */
export interface ReportTicket {
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  priority: Priority | null;
  createdAt: Date;
  service: { code: string; name: string };
  /** The service's group (Tabel 4.2) with its fulfilment target; null for services outside any group. */
  group: { code: string; name: string; target: TargetDuration } | null;
  responseMet: boolean | null;
  resolutionMet: boolean | null;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  reporterConfirmedAt: Date | null;
  closedWithoutConfirm: boolean;
  approval: ApprovalStatus | null;
  rating: number | null;
  /** Kategori of the incident (the ticket's, else its service's default). */
  category: string | null;
  /** Penyebab as the technical team recorded it. */
  cause: string | null;
  /** The assignee's name, as staff know them. */
  assignee: string | null;
  /** When the SLA worker recorded each breach (sla_*_breach events). */
  responseBreachAt: Date | null;
  resolutionBreachAt: Date | null;
}

/** The coordinator's texts for one section (EvaluationNote). */
export interface EvaluationTexts {
  obstacles: string;
  improvements: string;
  followUp: string;
}

export interface ReportInput {
  period: ReportPeriod;
  zone: string;
  tickets: readonly ReportTicket[];
  notes: { requests: EvaluationTexts | null; incidents: EvaluationTexts | null };
  /** Share of measured tickets (0..1) a service must meet to count as succeeding; default 0.9. */
  threshold?: number;
  generatedAt: Date;
}

export interface Satisfaction {
  /** Mean rating, one decimal; null without ratings. */
  mean: number | null;
  count: number;
}

export interface Tally {
  total: number;
  met: number;
  notMet: number;
  notMeasured: number;
  open: number;
  autoClosed: number;
  satisfaction: Satisfaction;
}

/** An incident tally also counts its two targets apart (over the closed tickets that have the flag). */
export interface IncidentTally extends Tally {
  response: { met: number; notMet: number };
  resolution: { met: number; notMet: number };
}

export interface LeftOut {
  cancelled: number;
  converted: number;
  rejected: number;
}

export interface ServiceRow extends IncidentTally {
  kind: TicketKind;
  service: { code: string; name: string };
  group: { code: string; name: string } | null;
  /** met / (met + notMet) in percent, one decimal; null when nothing was measured. */
  metPercent: number | null;
}

export interface GroupRow extends Tally {
  group: { code: string; name: string } | null;
  target: TargetDuration | null;
  metPercent: number | null;
}

export interface RecurringRow {
  service: { code: string; name: string };
  category: string | null;
  cause: string | null;
  count: number;
  codes: string[];
}

export type MissedTarget = 'response' | 'resolution' | 'fulfilment';

export interface ExceptionRow {
  code: string;
  kind: TicketKind;
  service: { code: string; name: string };
  priority: Priority | null;
  target: MissedTarget;
  dueAt: Date | null;
  /** First human response (response) or the confirmation / resolution (resolution, fulfilment). */
  actualAt: Date | null;
  breachAt: Date | null;
  assignee: string | null;
  status: TicketStatus;
}

export interface SummaryLine {
  service: { code: string; name: string };
  met: number;
  measured: number;
  metPercent: number;
}

export interface SectionEvaluation {
  succeeded: SummaryLine[];
  failed: SummaryLine[];
  texts: EvaluationTexts | null;
}

export interface EvaluationReport {
  period: ReportPeriod & { zone: string };
  generatedAt: Date;
  threshold: number;
  requests: Tally & LeftOut;
  incidents: IncidentTally &
    LeftOut & { byPriority: Record<Priority, IncidentTally>; unprioritised: IncidentTally };
  byGroup: GroupRow[];
  byService: ServiceRow[];
  priorityTargets: { priority: Priority; response: TargetDuration; resolution: TargetDuration }[];
  evaluation: { requests: SectionEvaluation; incidents: SectionEvaluation };
  recurring: RecurringRow[];
  exceptions: ExceptionRow[];
}

export const DEFAULT_THRESHOLD = 0.9;
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
const OPEN: readonly TicketStatus[] = ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER', 'RESOLVED'];
/** A recurring incident happened at least this often in the period (002:492-496). */
export const RECURRING_MIN = 2;

type Outcome = 'met' | 'notMet' | 'notMeasured' | 'open' | keyof LeftOut;

/** Where one ticket lands in the report. */
export function outcomeOf(t: ReportTicket): Outcome {
  if (t.status === 'CONVERTED') return 'converted';
  if (t.approval === 'REJECTED') return 'rejected';
  if (t.status === 'CANCELLED') return 'cancelled';
  if (OPEN.includes(t.status)) return 'open';
  const flags = t.kind === 'INCIDENT' ? [t.responseMet, t.resolutionMet] : [t.resolutionMet];
  if (flags.includes(false)) return 'notMet';
  return flags.every((f) => f === true) ? 'met' : 'notMeasured';
}

function emptyTally(): IncidentTally {
  return {
    total: 0,
    met: 0,
    notMet: 0,
    notMeasured: 0,
    open: 0,
    autoClosed: 0,
    satisfaction: { mean: null, count: 0 },
    response: { met: 0, notMet: 0 },
    resolution: { met: 0, notMet: 0 },
  };
}

/** Folds the counted tickets (not left out) into a tally. */
function tally(tickets: readonly ReportTicket[]): IncidentTally {
  const t = emptyTally();
  let ratingSum = 0;
  for (const ticket of tickets) {
    const outcome = outcomeOf(ticket);
    if (outcome === 'cancelled' || outcome === 'converted' || outcome === 'rejected') continue;
    t.total++;
    t[outcome]++;
    if (ticket.closedWithoutConfirm && outcome !== 'open') t.autoClosed++;
    if (ticket.rating !== null) {
      ratingSum += ticket.rating;
      t.satisfaction.count++;
    }
    if (outcome !== 'open' && ticket.kind === 'INCIDENT') {
      if (ticket.responseMet !== null) t.response[ticket.responseMet ? 'met' : 'notMet']++;
      if (ticket.resolutionMet !== null) t.resolution[ticket.resolutionMet ? 'met' : 'notMet']++;
    }
  }
  if (t.satisfaction.count) t.satisfaction.mean = round1(ratingSum / t.satisfaction.count);
  return t;
}

function leftOut(tickets: readonly ReportTicket[]): LeftOut {
  const l: LeftOut = { cancelled: 0, converted: 0, rejected: 0 };
  for (const t of tickets) {
    const o = outcomeOf(t);
    if (o === 'cancelled' || o === 'converted' || o === 'rejected') l[o]++;
  }
  return l;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function metPercent(t: Tally): number | null {
  const measured = t.met + t.notMet;
  return measured ? round1((t.met / measured) * 100) : null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'id');

function serviceRows(tickets: readonly ReportTicket[]): ServiceRow[] {
  const rows: ServiceRow[] = [];
  for (const kind of ['REQUEST', 'INCIDENT'] as const) {
    const ofKind = tickets.filter((t) => t.kind === kind);
    for (const list of groupBy(ofKind, (t) => t.service.code).values()) {
      const first = list[0] as ReportTicket;
      const t = tally(list);
      // A service whose every ticket was left out has no row: it is counted in the left-out figures.
      if (!t.total) continue;
      rows.push({
        kind,
        service: first.service,
        group: first.group ? { code: first.group.code, name: first.group.name } : null,
        ...t,
        metPercent: metPercent(t),
      });
    }
  }
  return rows.sort((a, b) => a.kind.localeCompare(b.kind) || byName(a.service, b.service));
}

function groupRows(requests: readonly ReportTicket[]): GroupRow[] {
  const rows: GroupRow[] = [];
  for (const list of groupBy(requests, (t) => t.group?.code ?? '').values()) {
    const g = (list[0] as ReportTicket).group;
    const t = tally(list);
    if (!t.total) continue;
    rows.push({
      group: g ? { code: g.code, name: g.name } : null,
      target: g?.target ?? null,
      ...stripIncident(t),
      metPercent: metPercent(t),
    });
  }
  // Services outside any group come last.
  return rows.sort((a, b) => (a.group && b.group ? byName(a.group, b.group) : a.group ? -1 : 1));
}

function stripIncident({ response: _r, resolution: _s, ...t }: IncidentTally): Tally {
  return t;
}

function summarise(rows: readonly ServiceRow[], threshold: number, texts: EvaluationTexts | null) {
  const lines: (SummaryLine & { ok: boolean })[] = [];
  for (const r of rows) {
    const measured = r.met + r.notMet;
    if (!measured || r.metPercent === null) continue;
    lines.push({
      service: r.service,
      met: r.met,
      measured,
      metPercent: r.metPercent,
      ok: r.met / measured >= threshold,
    });
  }
  const strip = ({ ok: _ok, ...l }: SummaryLine & { ok: boolean }): SummaryLine => l;
  return {
    succeeded: lines
      .filter((l) => l.ok)
      .sort((a, b) => b.metPercent - a.metPercent)
      .map(strip),
    failed: lines
      .filter((l) => !l.ok)
      .sort((a, b) => a.metPercent - b.metPercent)
      .map(strip),
    texts,
  };
}

/** Same words with different case or spacing are one category or cause. */
function normalise(text: string | null): string {
  return (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

function recurring(incidents: readonly ReportTicket[]): RecurringRow[] {
  const counted = incidents.filter((t) => {
    const o = outcomeOf(t);
    return o !== 'cancelled' && o !== 'converted' && o !== 'rejected';
  });
  const groups = groupBy(counted, (t) =>
    [t.service.code, normalise(t.category), normalise(t.cause)].join('\u0000'),
  );
  const rows: RecurringRow[] = [];
  for (const list of groups.values()) {
    if (list.length < RECURRING_MIN) continue;
    const first = list[0] as ReportTicket;
    rows.push({
      service: first.service,
      category: first.category?.trim() || null,
      cause: first.cause?.trim() || null,
      count: list.length,
      codes: list.map((t) => t.code).sort(),
    });
  }
  return rows.sort(
    (a, b) =>
      b.count - a.count ||
      byName(a.service, b.service) ||
      (a.category ?? '').localeCompare(b.category ?? '', 'id') ||
      (a.cause ?? '').localeCompare(b.cause ?? '', 'id'),
  );
}

function exceptions(tickets: readonly ReportTicket[]): ExceptionRow[] {
  const rows: ExceptionRow[] = [];
  for (const t of tickets) {
    const o = outcomeOf(t);
    if (o === 'cancelled' || o === 'converted' || o === 'rejected') continue;
    const base = {
      code: t.code,
      kind: t.kind,
      service: t.service,
      priority: t.priority,
      assignee: t.assignee,
      status: t.status,
    };
    if (t.kind === 'INCIDENT' && t.responseMet === false)
      rows.push({
        ...base,
        target: 'response',
        dueAt: t.responseDueAt,
        actualAt: t.firstResponseAt,
        breachAt: t.responseBreachAt,
      });
    if (t.resolutionMet === false)
      rows.push({
        ...base,
        target: t.kind === 'INCIDENT' ? 'resolution' : 'fulfilment',
        dueAt: t.resolutionDueAt,
        actualAt: t.reporterConfirmedAt ?? t.resolvedAt,
        breachAt: t.resolutionBreachAt,
      });
  }
  return rows.sort(
    (a, b) => (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0) || a.code.localeCompare(b.code),
  );
}

/** The evaluation report of the tickets submitted in `input.period`. */
export function buildEvaluationReport(input: ReportInput): EvaluationReport {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const requests = input.tickets.filter((t) => t.kind === 'REQUEST');
  const incidents = input.tickets.filter((t) => t.kind === 'INCIDENT');
  const byService = serviceRows(input.tickets);
  const byPriority = Object.fromEntries(
    PRIORITIES.map((p) => [p, tally(incidents.filter((t) => t.priority === p))]),
  ) as Record<Priority, IncidentTally>;
  return {
    period: { ...input.period, zone: input.zone },
    generatedAt: input.generatedAt,
    threshold,
    requests: { ...stripIncident(tally(requests)), ...leftOut(requests) },
    incidents: {
      ...tally(incidents),
      ...leftOut(incidents),
      byPriority,
      unprioritised: tally(incidents.filter((t) => t.priority === null)),
    },
    byGroup: groupRows(requests),
    byService,
    priorityTargets: PRIORITIES.map((priority) => ({ priority, ...PRIORITY_TARGETS[priority] })),
    evaluation: {
      requests: summarise(
        byService.filter((r) => r.kind === 'REQUEST'),
        threshold,
        input.notes.requests,
      ),
      incidents: summarise(
        byService.filter((r) => r.kind === 'INCIDENT'),
        threshold,
        input.notes.incidents,
      ),
    },
    recurring: recurring(incidents),
    exceptions: exceptions(input.tickets),
  };
}
