/**
 * Ticket codes readable on a phone: GGN-2026-0001 (gangguan, incidents) and LYN-2026-0001 (layanan,
 * requests); one sequence per kind per year. The number grows past 9999 without changing the format.
 */
import { DateTime } from 'luxon';
import type { TicketKind } from '../domain.ts';

const PREFIX: Record<TicketKind, string> = { INCIDENT: 'GGN', REQUEST: 'LYN' };
const KIND_OF: Record<string, TicketKind> = { GGN: 'INCIDENT', LYN: 'REQUEST' };

export function formatTicketCode(kind: TicketKind, year: number, n: number): string {
  return `${PREFIX[kind]}-${year}-${String(n).padStart(4, '0')}`;
}

/** The year a ticket created at `now` is numbered in, in the deployment's time zone. */
export function ticketYear(now: Date, zone: string): number {
  return DateTime.fromJSDate(now, { zone }).year;
}

const CODE_IN_TEXT = /\b(ggn|lyn)[\s\-_./]*(\d{4})[\s\-_./]*(\d{1,6})\b/i;

/**
 * Finds a ticket code in what a person typed ("status ggn 2026 12", "GGN-2026-0012", "lyn/2026/7")
 * and returns it in canonical form, or null.
 */
export function findTicketCode(
  text: string,
): { code: string; kind: TicketKind; year: number; n: number } | null {
  const m = CODE_IN_TEXT.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const kind = KIND_OF[m[1].toUpperCase()];
  const n = Number(m[3]);
  if (!kind || n < 1) return null;
  const year = Number(m[2]);
  return { code: formatTicketCode(kind, year, n), kind, year, n };
}
