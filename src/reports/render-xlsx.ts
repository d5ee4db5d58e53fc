/**
 * The evaluation report as an xlsx workbook (exceljs): one sheet per table group (A, Formulir B, B, per
 * service, recurring incidents, exceptions, notes), the Lampiran's headings with their merged "Pencapaian
 * Target …" cells, header rows bold, columns sized. Returns the file's bytes, so a chat command can send it.
 */
import type ExcelJS from 'exceljs';
import type { EvaluationReport } from './evaluation.ts';
import { type Block, reportSheets, type Table } from './tables.ts';

const BOLD = { bold: true } as const;
const TITLE = { bold: true, size: 13 } as const;
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN } as const;

/** Writes a table from row `at`; returns the next free row. */
function writeTable(ws: ExcelJS.Worksheet, t: Table, at: number): number {
  let r = at;
  ws.getCell(r, 1).value = t.title;
  ws.getCell(r, 1).font = BOLD;
  r++;
  const grouped = t.columns.some((c) => c.group);
  const header = ws.getRow(r);
  t.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.group ?? c.label;
  });
  if (grouped) {
    const sub = ws.getRow(r + 1);
    t.columns.forEach((c, i) => {
      if (c.group) sub.getCell(i + 1).value = c.label;
    });
    // A heading without a group spans both header rows; a group spans its columns.
    for (let i = 0; i < t.columns.length; i++) {
      const c = t.columns[i];
      if (!c) continue;
      if (!c.group) ws.mergeCells(r, i + 1, r + 1, i + 1);
      else if (t.columns[i - 1]?.group !== c.group) {
        let last = i;
        while (t.columns[last + 1]?.group === c.group) last++;
        if (last > i) ws.mergeCells(r, i + 1, r, last + 1);
      }
    }
  }
  const headerRows = grouped ? 2 : 1;
  for (let h = 0; h < headerRows; h++)
    for (let i = 0; i < t.columns.length; i++) {
      const cell = ws.getCell(r + h, i + 1);
      cell.font = BOLD;
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    }
  r += headerRows;
  for (const row of t.rows) {
    row.forEach((value, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = value ?? '-';
      cell.border = BORDER;
      if (typeof value === 'number' && !Number.isInteger(value)) cell.numFmt = '0.0';
    });
    r++;
  }
  return r + 1;
}

function writeBlock(ws: ExcelJS.Worksheet, b: Block, at: number): number {
  if (b.kind === 'table') return writeTable(ws, b, at);
  let r = at;
  ws.getCell(r, 1).value = b.title;
  ws.getCell(r, 1).font = BOLD;
  r++;
  for (const item of b.items) {
    if (item.heading) {
      ws.getCell(r, 1).value = item.heading;
      ws.getCell(r, 1).font = { italic: true };
      r++;
    }
    for (const line of item.lines) ws.getCell(r++, 1).value = line;
  }
  return r + 1;
}

export async function renderXlsx(report: EvaluationReport): Promise<Buffer> {
  // Loaded on the first report: it takes most of a second, and most processes never write one.
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  wb.created = report.generatedAt;
  for (const sheet of reportSheets(report)) {
    const ws = wb.addWorksheet(sheet.name);
    ws.getCell(1, 1).value = sheet.title;
    ws.getCell(1, 1).font = TITLE;
    let r = 3;
    const widths: number[] = [];
    for (const b of sheet.blocks) {
      r = writeBlock(ws, b, r);
      if (b.kind === 'table')
        b.columns.forEach((c, i) => {
          widths[i] = Math.max(widths[i] ?? 0, c.width);
        });
    }
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
