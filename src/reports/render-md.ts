/** The evaluation report as Markdown: one section per sheet, the Lampiran's headings on every table. */
import type { EvaluationReport } from './evaluation.ts';
import { flatHeading } from './headers.ts';
import { type Block, type Cell, formatDecimal, reportSheets } from './tables.ts';
import { LABELS } from './texts.ts';

function cell(c: Cell): string {
  if (c === null) return '-';
  if (typeof c === 'number') return formatDecimal(c);
  return c.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function block(b: Block, sheetTitle: string): string[] {
  const out: string[] = [];
  if (b.title !== sheetTitle) out.push(`### ${b.title}`, '');
  if (b.kind === 'table') {
    if (!b.rows.length) return [...out, `_${LABELS.none}_`, ''];
    out.push(`| ${b.columns.map((c) => cell(flatHeading(c)) || ' ').join(' | ')} |`);
    // Figures align right, words left.
    const numeric = (i: number) => b.rows.every((row) => row[i] === null || typeof row[i] === 'number');
    out.push(`|${b.columns.map((_, i) => (numeric(i) ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const row of b.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    return [...out, ''];
  }
  for (const item of b.items) {
    if (item.heading) out.push(`**${item.heading}**`, '');
    for (const line of item.lines) out.push(item.heading ? `- ${line}` : line);
    out.push('');
  }
  return out;
}

export function renderMarkdown(report: EvaluationReport): string {
  const out = [`# ${LABELS.title}: ${report.period.label}`, ''];
  for (const sheet of reportSheets(report)) {
    out.push(`## ${sheet.title}`, '');
    for (const b of sheet.blocks) out.push(...block(b, sheet.title));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
