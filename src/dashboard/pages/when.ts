/** Times as the dashboard shows them: the deployment's zone, Indonesian, e.g. "2 Des 2026 10.15 WIB". */

import type { BusinessCalendar } from '../../sla/calendar.ts';
import { describeDue } from '../../sla/priority.ts';

export function when(d: Date | string | null, cal: Pick<BusinessCalendar, 'zone'>): string {
  return d ? describeDue(new Date(d), cal) : '-';
}
