import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildEvaluationReport, type ReportTicket } from '../../src/reports/evaluation.ts';
import { renderCsv } from '../../src/reports/render-csv.ts';
import { renderMarkdown } from '../../src/reports/render-md.ts';
import { renderXlsx } from '../../src/reports/render-xlsx.ts';

const period = { label: '2026-S1', from: '2026-01-01', to: '2026-06-30' };
const generatedAt = new Date('2026-07-01T02:00:00Z');

function ticket(over: Partial<ReportTicket>): ReportTicket {
  return {
    code: 'LYN-2026-0001',
    kind: 'REQUEST',
    status: 'CLOSED',
    priority: null,
    createdAt: new Date('2026-02-01T03:00:00Z'),
    service: { code: 'akun', name: 'Pembuatan Akun E-Mail' },
    group: null,
    responseMet: null,
    resolutionMet: true,
    responseDueAt: null,
    resolutionDueAt: null,
    firstResponseAt: null,
    resolvedAt: null,
    reporterConfirmedAt: null,
    closedWithoutConfirm: false,
    approval: null,
    rating: null,
    category: null,
    cause: null,
    assignee: null,
    responseBreachAt: null,
    resolutionBreachAt: null,
    ...over,
  };
}

const build = (tickets: ReportTicket[], threshold?: number) =>
  buildEvaluationReport({
    period,
    zone: 'Asia/Jakarta',
    tickets,
    notes: { requests: null, incidents: null },
    generatedAt,
    ...(threshold === undefined ? {} : { threshold }),
  });

describe('evaluation rules the regulation leaves open (spec §6)', () => {
  it('never counts a closed incident without both flags as met, and a rejected cancelled request as rejected', () => {
    const r = build([
      ticket({ kind: 'INCIDENT', code: 'GGN-1', responseMet: null, resolutionMet: true }),
      ticket({ kind: 'INCIDENT', code: 'GGN-2', responseMet: null, resolutionMet: false }),
      ticket({ kind: 'INCIDENT', code: 'GGN-3', status: 'RESOLVED', responseMet: true, resolutionMet: true }),
      ticket({ code: 'LYN-1', status: 'CANCELLED', approval: 'REJECTED' }),
    ]);
    expect(r.incidents).toMatchObject({ total: 3, met: 0, notMet: 1, notMeasured: 1, open: 1 });
    expect(r.requests).toMatchObject({ total: 0, rejected: 1, cancelled: 0 });
  });

  it('drafts the summary from the data: a service at the threshold succeeds, one below fails', () => {
    const tickets = [
      ...Array.from({ length: 9 }, (_, i) => ticket({ code: `A-${i}` })),
      ticket({ code: 'A-9', resolutionMet: false }),
      ticket({ code: 'B-0', service: { code: 'hosting', name: 'Hosting' } }),
      ticket({ code: 'B-1', service: { code: 'hosting', name: 'Hosting' }, resolutionMet: false }),
    ];
    const r = build(tickets);
    expect(r.evaluation.requests.succeeded.map((l) => [l.service.code, l.metPercent])).toEqual([
      ['akun', 90],
    ]);
    expect(r.evaluation.requests.failed.map((l) => [l.service.code, l.metPercent])).toEqual([
      ['hosting', 50],
    ]);
    expect(build(tickets, 0.95).evaluation.requests.succeeded).toEqual([]);
  });

  it('renders an empty period in every format, saying there is nothing rather than failing', async () => {
    const r = build([]);
    expect(r.requests.satisfaction).toEqual({ mean: null, count: 0 });
    const md = renderMarkdown(r);
    expect(md).toContain('| Permintaan Layanan | 0 | 0 | 0 | - | 0 |');
    expect(md).toContain('_(tidak ada)_');
    expect(renderCsv(r)).toContain('Permintaan Layanan,0,0,0,,0');
    const wb = new ExcelJS.Workbook();
    // exceljs types its input with an older Buffer type than @types/node 20 has.
    await wb.xlsx.load((await renderXlsx(r)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets).toHaveLength(7);
  });
});
