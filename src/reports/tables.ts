/**
 * The evaluation report laid out as sheets of tables and texts (pure). Markdown, CSV and xlsx render
 * the same layout, so every format has the same headings and the same numbers.
 */
import { DateTime } from 'luxon';
import { zoneAbbreviation } from '../sla/calendar.ts';
import { describeDuration } from '../sla/priority.ts';
import type {
  EvaluationReport,
  EvaluationTexts,
  IncidentTally,
  SectionEvaluation,
  Tally,
} from './evaluation.ts';
import { PRIORITIES, RECURRING_MIN } from './evaluation.ts';
import { countingRules, KIND_LABELS, LABELS, LAMPIRAN, MISSED_LABELS, STATUS_LABELS } from './texts.ts';

export type Cell = string | number | null;

export interface Column {
  label: string;
  /** A heading spanning this column and its grouped neighbours (the Lampiran's "Pencapaian Target …"). */
  group?: string;
  /** Width in characters, for the spreadsheet. */
  width: number;
}

export interface Table {
  kind: 'table';
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export interface TextBlock {
  kind: 'text';
  title: string;
  items: { heading: string; lines: string[] }[];
}

export type Block = Table | TextBlock;

export interface Sheet {
  /** The spreadsheet tab (at most 31 characters). */
  name: string;
  title: string;
  blocks: Block[];
}

const col = (label: string, width = 14, group?: string): Column =>
  group ? { label, width, group } : { label, width };

/** "< 15 menit", "< 1,5 jam": as the regulation writes a target. */
function target(d: Parameters<typeof describeDuration>[0] | null): string {
  return d ? `< ${describeDuration(d)}` : '-';
}

/** One decimal with the Indonesian comma: 90 → "90", 87.5 → "87,5". */
export function formatDecimal(n: number): string {
  return String(n).replace('.', ',');
}

function formatTime(at: Date | null, zone: string): string | null {
  if (!at) return null;
  const d = DateTime.fromJSDate(at, { zone });
  return `${d.toFormat('dd-MM-yyyy HH.mm')} ${zoneAbbreviation(zone, at)}`;
}

function satisfactionCells(t: Tally): Cell[] {
  return [t.satisfaction.mean, t.satisfaction.count];
}

function summaryTable(title: string, rowLabel: string, count: string, targetGroup: string, t: Tally): Table {
  return {
    kind: 'table',
    title,
    columns: [
      col('', 22),
      col(count, 16),
      col(LAMPIRAN.met, 12, targetGroup),
      col(LAMPIRAN.notMet, 14, targetGroup),
      col(LAMPIRAN.satisfaction, 16),
      col(LABELS.ratings, 12),
    ],
    rows: [[rowLabel, t.total, t.met, t.notMet, ...satisfactionCells(t)]],
  };
}

function detailsTable(
  t: Tally & { cancelled: number; converted: number; rejected: number },
  extra: Cell[][],
): Table {
  return {
    kind: 'table',
    title: LABELS.details,
    columns: [col(LABELS.detail, 60), col(LABELS.count, 10)],
    rows: [
      [LABELS.openLine, t.open],
      [LABELS.notMeasuredLine, t.notMeasured],
      [LABELS.autoClosedLine, t.autoClosed],
      [LABELS.cancelledLine, t.cancelled],
      [LABELS.convertedLine, t.converted],
      ...extra,
    ],
  };
}

/** Columns after the row's own label for a request tally. */
function requestColumns(): Column[] {
  return [
    col(LAMPIRAN.aCount, 16),
    col(LAMPIRAN.met, 12, LAMPIRAN.aTarget),
    col(LAMPIRAN.notMet, 14, LAMPIRAN.aTarget),
    col(LABELS.notMeasured, 12),
    col(LABELS.open, 12),
    col(LABELS.metPercent, 12),
    col(LAMPIRAN.satisfaction, 16),
    col(LABELS.ratings, 12),
  ];
}

function requestCells(t: Tally, metPercent: number | null): Cell[] {
  return [t.total, t.met, t.notMet, t.notMeasured, t.open, metPercent, ...satisfactionCells(t)];
}

function incidentColumns(): Column[] {
  return [
    col(LAMPIRAN.bCount, 12),
    col(LAMPIRAN.met, 12, LAMPIRAN.bTarget),
    col(LAMPIRAN.notMet, 14, LAMPIRAN.bTarget),
    col(LAMPIRAN.met, 12, LAMPIRAN.responseTarget),
    col(LAMPIRAN.notMet, 14, LAMPIRAN.responseTarget),
    col(LAMPIRAN.met, 12, LAMPIRAN.resolutionTarget),
    col(LAMPIRAN.notMet, 14, LAMPIRAN.resolutionTarget),
    col(LABELS.notMeasured, 12),
    col(LABELS.open, 12),
    col(LAMPIRAN.satisfaction, 16),
    col(LABELS.ratings, 12),
  ];
}

function incidentCells(t: IncidentTally): Cell[] {
  return [
    t.total,
    t.met,
    t.notMet,
    t.response.met,
    t.response.notMet,
    t.resolution.met,
    t.resolution.notMet,
    t.notMeasured,
    t.open,
    ...satisfactionCells(t),
  ];
}

function evaluationBlocks(
  e: SectionEvaluation,
  words: { succeeded: string; failed: string; obstacles: string; improvements: string },
): Block[] {
  const summary = (lines: SectionEvaluation['succeeded']) =>
    lines.length
      ? lines.map((l) => LABELS.summaryLine(l.service.name, l.met, l.measured, formatDecimal(l.metPercent)))
      : [LABELS.none];
  const written = (pick: (t: EvaluationTexts) => string) => [
    e.texts && pick(e.texts).trim() ? pick(e.texts).trim() : LABELS.notFilled,
  ];
  return [
    {
      kind: 'text',
      title: LAMPIRAN.evaluation,
      items: [
        { heading: words.succeeded, lines: summary(e.succeeded) },
        { heading: words.failed, lines: summary(e.failed) },
        { heading: words.obstacles, lines: written((t) => t.obstacles) },
        { heading: words.improvements, lines: written((t) => t.improvements) },
      ],
    },
    { kind: 'text', title: LAMPIRAN.followUp, items: [{ heading: '', lines: written((t) => t.followUp) }] },
  ];
}

/** The report as sheets: A, Formulir B, B, per service, recurring, exceptions, notes. */
export function reportSheets(r: EvaluationReport): Sheet[] {
  const zone = r.period.zone;
  const requests = r.byService.filter((s) => s.kind === 'REQUEST');
  const incidents = r.byService.filter((s) => s.kind === 'INCIDENT');
  const priorityRows: Cell[][] = PRIORITIES.map((p) => [p, ...incidentCells(r.incidents.byPriority[p])]);
  if (r.incidents.unprioritised.total)
    priorityRows.push([LABELS.noPriority, ...incidentCells(r.incidents.unprioritised)]);
  return [
    {
      name: 'A',
      title: LAMPIRAN.a,
      blocks: [
        summaryTable(LAMPIRAN.a, LAMPIRAN.aRow, LAMPIRAN.aCount, LAMPIRAN.aTarget, r.requests),
        detailsTable(r.requests, [[LABELS.rejectedLine, r.requests.rejected]]),
        {
          kind: 'table',
          title: LABELS.byGroup,
          columns: [col(LABELS.group, 28), col(LABELS.fulfilmentTarget, 14), ...requestColumns()],
          rows: r.byGroup.map((g) => [
            g.group?.name ?? LABELS.noGroup,
            target(g.target),
            ...requestCells(g, g.metPercent),
          ]),
        },
        ...evaluationBlocks(r.evaluation.requests, {
          succeeded: LAMPIRAN.aSucceeded,
          failed: LAMPIRAN.aFailed,
          obstacles: LAMPIRAN.aObstacles,
          improvements: LAMPIRAN.aImprovements,
        }),
      ],
    },
    {
      name: 'Formulir B',
      title: LAMPIRAN.formB,
      blocks: [
        {
          kind: 'table',
          title: LAMPIRAN.formB,
          columns: [
            col(LAMPIRAN.formBPriority, 30),
            col(LAMPIRAN.responseTarget, 22),
            col(LAMPIRAN.resolutionTarget, 26),
          ],
          rows: r.priorityTargets.map((p) => [p.priority, target(p.response), target(p.resolution)]),
        },
      ],
    },
    {
      name: 'B',
      title: LAMPIRAN.b,
      blocks: [
        summaryTable(LAMPIRAN.b, LAMPIRAN.bRow, LAMPIRAN.bCount, LAMPIRAN.bTarget, r.incidents),
        detailsTable(r.incidents, [[LABELS.unprioritisedLine, r.incidents.unprioritised.total]]),
        {
          kind: 'table',
          title: LABELS.byPriority,
          columns: [col(LABELS.priority, 16), ...incidentColumns()],
          rows: priorityRows,
        },
        ...evaluationBlocks(r.evaluation.incidents, {
          succeeded: LAMPIRAN.bSucceeded,
          failed: LAMPIRAN.bFailed,
          obstacles: LAMPIRAN.bObstacles,
          improvements: LAMPIRAN.bImprovements,
        }),
      ],
    },
    {
      name: LABELS.byServiceSheet,
      title: LABELS.byServiceSheet,
      blocks: [
        {
          kind: 'table',
          title: LABELS.byServiceRequests,
          columns: [col(LABELS.service, 30), col(LABELS.group, 24), ...requestColumns()],
          rows: requests.map((s) => [
            s.service.name,
            s.group?.name ?? LABELS.noGroup,
            ...requestCells(s, s.metPercent),
          ]),
        },
        {
          kind: 'table',
          title: LABELS.byServiceIncidents,
          columns: [col(LABELS.service, 30), ...incidentColumns()],
          rows: incidents.map((s) => [s.service.name, ...incidentCells(s)]),
        },
      ],
    },
    {
      name: LABELS.recurringSheet,
      title: LABELS.recurring,
      blocks: [
        {
          kind: 'table',
          title: LABELS.recurring,
          columns: [
            col(LABELS.service, 30),
            col(LABELS.category, 22),
            col(LABELS.cause, 36),
            col(LABELS.occurrences, 12),
            col(LABELS.tickets, 40),
          ],
          rows: r.recurring.map((x) => [
            x.service.name,
            x.category ?? LABELS.noCategory,
            x.cause ?? LABELS.noCause,
            x.count,
            x.codes.join(', '),
          ]),
        },
      ],
    },
    {
      name: LABELS.exceptionsSheet,
      title: LABELS.exceptions,
      blocks: [
        {
          kind: 'table',
          title: LABELS.exceptions,
          columns: [
            col(LABELS.code, 16),
            col(LABELS.kind, 18),
            col(LABELS.service, 28),
            col(LABELS.priority, 10),
            col(LABELS.missedTarget, 20),
            col(LABELS.due, 22),
            col(LABELS.actual, 22),
            col(LABELS.breach, 22),
            col(LABELS.assignee, 22),
            col(LABELS.status, 26),
          ],
          rows: r.exceptions.map((x) => [
            x.code,
            KIND_LABELS[x.kind],
            x.service.name,
            x.priority ?? '-',
            MISSED_LABELS[x.target],
            formatTime(x.dueAt, zone) ?? '-',
            formatTime(x.actualAt, zone) ?? LABELS.notYet,
            formatTime(x.breachAt, zone) ?? '-',
            x.assignee ?? '-',
            STATUS_LABELS[x.status],
          ]),
        },
      ],
    },
    {
      name: LABELS.notesSheet,
      title: LABELS.notes,
      blocks: [
        {
          kind: 'text',
          title: LABELS.notes,
          items: [
            {
              heading: LABELS.title,
              lines: [
                LABELS.periodLine(
                  r.period.label,
                  r.period.from,
                  r.period.to,
                  zoneAbbreviation(zone, r.generatedAt),
                ),
                LABELS.generatedLine(formatTime(r.generatedAt, zone) ?? ''),
              ],
            },
            { heading: LABELS.rules, lines: countingRules(formatDecimal(r.threshold * 100), RECURRING_MIN) },
          ],
        },
      ],
    },
  ];
}
