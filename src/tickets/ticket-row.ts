/**
 * A Ticket row on the driver (src/db/sql.ts), as the ORM would give it: the message path opens and
 * reads tickets in its transactions, where the ORM's insert costs several times the statement.
 * Every column is listed here with how it travels; a test holds the list to the table's columns, so a
 * new column cannot be forgotten (test/tickets/ticket-row.test.ts).
 */
import type { Prisma } from '../generated/prisma/client.ts';

/** How a column's value travels: an enum is read back as text, JSON is sent as its text. */
type Kind = 'value' | 'enum' | 'json';

export const TICKET_COLUMNS = {
  id: 'value',
  code: 'value',
  kind: 'enum',
  status: 'enum',
  serviceId: 'value',
  reporterId: 'value',
  channel: 'enum',
  chatId: 'value',
  reportingMethod: 'enum',
  recordedById: 'value',
  requesterName: 'value',
  requesterOpd: 'value',
  requesterNip: 'value',
  description: 'value',
  category: 'value',
  since: 'value',
  configurationItem: 'value',
  urgency: 'value',
  classification: 'value',
  impact: 'enum',
  priority: 'enum',
  approvalRequired: 'value',
  approval: 'enum',
  approvedAt: 'value',
  approvedBy: 'value',
  approvalNote: 'value',
  atHelpdesk: 'value',
  forwardedAt: 'value',
  convertedFromId: 'value',
  assigneeId: 'value',
  responseDueAt: 'value',
  resolutionDueAt: 'value',
  firstResponseAt: 'value',
  estimateDueAt: 'value',
  pausedAt: 'value',
  pausedMinutes: 'value',
  cause: 'value',
  resolution: 'value',
  resolvedAt: 'value',
  confirmationDueAt: 'value',
  reporterConfirmedAt: 'value',
  closedAt: 'value',
  closedWithoutConfirm: 'value',
  confirmationReminded: 'value',
  estimateExceeded: 'value',
  slaFired: 'value',
  cancelledAt: 'value',
  responseMet: 'value',
  resolutionMet: 'value',
  rating: 'value',
  feedback: 'value',
  estimateRemindedAt: 'value',
  attachments: 'json',
  humanRequested: 'value',
  createdAt: 'value',
  updatedAt: 'value',
} as const satisfies Record<string, Kind>;

type Column = keyof typeof TICKET_COLUMNS;

/** Every column of ticket `alias`, enums as text: what a statement returns for a whole Ticket. */
export function ticketColumns(alias: string): string {
  return Object.entries(TICKET_COLUMNS)
    .map(([c, kind]) => (kind === 'enum' ? `${alias}."${c}"::text AS "${c}"` : `${alias}."${c}"`))
    .join(', ');
}

/**
 * The columns and values of a new ticket, parameters from `$1`; `computed`: columns whose value is an
 * SQL expression (of constant text). Fields left undefined take their default.
 */
export function ticketValues(
  data: Prisma.TicketUncheckedCreateInput & { updatedAt: Date },
  computed: Partial<Record<Column, string>> = {},
): { columns: string; params: string; values: unknown[] } {
  const columns: string[] = [];
  const params: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const kind = (TICKET_COLUMNS as Record<string, Kind>)[key];
    if (!kind) throw new Error(`"${key}" is not a Ticket column`);
    columns.push(`"${key}"`);
    values.push(kind === 'json' ? JSON.stringify(value) : value);
    params.push(`$${values.length}`);
  }
  for (const [key, sql] of Object.entries(computed)) {
    if (columns.includes(`"${key}"`)) throw new Error(`"${key}" is given and computed`);
    columns.push(`"${key}"`);
    params.push(`(${sql})`);
  }
  return { columns: columns.join(', '), params: params.join(', '), values };
}
