/** The evaluation report as a downloadable file: its bytes, content type and file name. */
import type { EvaluationReport } from './evaluation.ts';
import { renderCsv } from './render-csv.ts';
import { renderJson } from './render-json.ts';
import { renderMarkdown } from './render-md.ts';
import { renderXlsx } from './render-xlsx.ts';

export const REPORT_FILE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;
export type ReportFileFormat = keyof typeof REPORT_FILE_TYPES;

export function isReportFileFormat(f: string): f is ReportFileFormat {
  return Object.hasOwn(REPORT_FILE_TYPES, f);
}

export async function renderReportFile(
  report: EvaluationReport,
  format: ReportFileFormat,
): Promise<{ body: Buffer | string; type: string; filename: string }> {
  const body =
    format === 'xlsx'
      ? await renderXlsx(report)
      : format === 'md'
        ? renderMarkdown(report)
        : format === 'csv'
          ? renderCsv(report)
          : renderJson(report);
  const filename = `laporan-evaluasi-${report.period.label.replace('..', '_')}.${format}`;
  return { body, type: REPORT_FILE_TYPES[format], filename };
}
