/**
 * The evaluation report as CSV (RFC 4180: comma-separated, quoted where needed, numbers with a dot):
 * every table of every sheet in turn, each preceded by a title row and followed by a blank line. Text
 * blocks (Evaluasi, Tindak Lanjut, the notes) are rows of one cell.
 */
import type { EvaluationReport } from './evaluation.ts';
import { flatHeading } from './headers.ts';
import { type Cell, reportSheets } from './tables.ts';

function field(c: Cell): string {
  if (c === null) return '';
  const s = String(c);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(cells: Cell[]): string {
  return cells.map(field).join(',');
}

export function renderCsv(report: EvaluationReport): string {
  const chunks: string[] = [];
  for (const sheet of reportSheets(report))
    for (const b of sheet.blocks) {
      const lines = [row([b.title === sheet.title ? b.title : `${sheet.title} – ${b.title}`])];
      if (b.kind === 'table') {
        lines.push(row(b.columns.map(flatHeading)));
        for (const r of b.rows) lines.push(row(r));
      } else
        for (const item of b.items) {
          if (item.heading) lines.push(row([item.heading]));
          for (const line of item.lines) lines.push(row([line]));
        }
      chunks.push(lines.join('\r\n'));
    }
  return `${chunks.join('\r\n\r\n')}\r\n`;
}
