/**
 * Reads what the evaluation report needs for one period: the tickets submitted in it (in the
 * deployment's zone) with their service, group, assignee and SLA breach events, and the coordinator's
 * notes. buildEvaluationReport (pure) does the counting.
 */
import type { Prisma } from '../generated/prisma/client.ts';

/** A client or a transaction: the report reads inside a chat command's transaction too. */
type Db = Prisma.TransactionClient;

import { buildEvaluationReport, type EvaluationReport, type ReportTicket } from './evaluation.ts';
import { getEvaluationNotes } from './notes.ts';
import { periodBounds, type ReportPeriod } from './period.ts';

const BREACH_EVENTS = ['sla_response_breach', 'sla_resolution_breach'];

export async function loadReportTickets(db: Db, period: ReportPeriod, zone: string): Promise<ReportTicket[]> {
  const { start, end } = periodBounds(period, zone);
  const rows = await db.ticket.findMany({
    where: { createdAt: { gte: start, lt: end } },
    include: {
      service: { include: { group: true } },
      assignee: { include: { contact: true } },
      events: { where: { type: { in: BREACH_EVENTS } }, orderBy: { at: 'asc' } },
    },
    orderBy: { id: 'asc' },
  });
  return rows.map((t) => {
    const breach = (type: string) => t.events.find((e) => e.type === type)?.at ?? null;
    const g = t.service.group;
    return {
      code: t.code,
      kind: t.kind,
      status: t.status,
      priority: t.priority,
      createdAt: t.createdAt,
      service: { code: t.service.code, name: t.service.name },
      group: g
        ? {
            code: g.code,
            name: g.name,
            target: { value: g.fulfilmentValue, unit: g.fulfilmentUnit as 'minutes' | 'hours' | 'days' },
          }
        : null,
      responseMet: t.responseMet,
      resolutionMet: t.resolutionMet,
      responseDueAt: t.responseDueAt,
      resolutionDueAt: t.resolutionDueAt,
      firstResponseAt: t.firstResponseAt,
      resolvedAt: t.resolvedAt,
      reporterConfirmedAt: t.reporterConfirmedAt,
      closedWithoutConfirm: t.closedWithoutConfirm,
      approval: t.approval,
      rating: t.rating,
      category: t.category ?? t.service.category,
      cause: t.cause,
      assignee: t.assignee ? (t.assignee.contact.name ?? `staf #${t.assignee.id}`) : null,
      responseBreachAt: breach('sla_response_breach'),
      resolutionBreachAt: breach('sla_resolution_breach'),
    };
  });
}

/** The evaluation report of a period, read from the database. */
export async function loadEvaluationReport(
  db: Db,
  opts: { period: ReportPeriod; zone: string; now: Date; threshold?: number },
): Promise<EvaluationReport> {
  const [tickets, notes] = await Promise.all([
    loadReportTickets(db, opts.period, opts.zone),
    getEvaluationNotes(db, opts.period.label),
  ]);
  return buildEvaluationReport({
    period: opts.period,
    zone: opts.zone,
    tickets,
    notes,
    generatedAt: opts.now,
    ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
  });
}
