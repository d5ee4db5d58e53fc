/** The evaluation report as JSON: the report object (times as ISO instants) plus the counting rules. */
import { type EvaluationReport, RECURRING_MIN } from './evaluation.ts';
import { formatDecimal } from './tables.ts';
import { countingRules } from './texts.ts';

export function renderJson(report: EvaluationReport): string {
  const rules = countingRules(formatDecimal(report.threshold * 100), RECURRING_MIN);
  return `${JSON.stringify({ ...report, rules }, null, 2)}\n`;
}
