/** Column headings on one line, for formats without merged header cells (Markdown, CSV). */
import type { Column } from './tables.ts';

/** "Pencapaian Target Pemenuhan Layanan: Terpenuhi" for a grouped column, else its own label. */
export function flatHeading(c: Column): string {
  return c.group ? `${c.group}: ${c.label}` : c.label;
}
