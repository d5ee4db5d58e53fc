/**
 * One ticket as a line of a list a coordinator reads on a phone: what, how old, who has it, and how
 * its targets stand. Pure.
 */
import type { Priority, TicketKind, TicketStatus } from '../domain.ts';
import { STATUS_LABELS } from '../tickets/lifecycle.ts';

export interface TicketSummary {
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  priority: Priority | null;
  serviceName: string;
  createdAt: Date;
  assigneeName: string | null;
}

const PRIORITY_MARK: Record<Priority, string> = {
  P1: '🔴',
  P2: '🟠',
  P3: '🟡',
  P4: '🟢',
  P5: '🔵',
  P6: '⚪',
};

/** "35 mnt", "3 jam 5 mnt", "2 hari 4 jam": plain elapsed time, rounded down to the minute. */
export function humanAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} mnt`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} jam ${minutes % 60} mnt` : `${hours} jam`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} hari ${hours % 24} jam` : `${days} hari`;
}

/** "🔴 P1 GGN-2026-0007 · SIMPEG · 2 jam 10 mnt · Ditangani petugas (Teknisi 1)". */
export function ticketLine(t: TicketSummary, now: Date): string {
  const mark = t.priority ? `${PRIORITY_MARK[t.priority]} ${t.priority} ` : '📝 ';
  const who = t.assigneeName ? ` (${t.assigneeName})` : '';
  return `${mark}*${t.code}* · ${t.serviceName} · ${humanAge(now.getTime() - t.createdAt.getTime())} · ${STATUS_LABELS[t.status]}${who}`;
}

/** Open tickets in the order a queue is worked: priority first (requests after P6), then the oldest. */
export function queueOrder(a: TicketSummary, b: TicketSummary): number {
  const rank = (t: TicketSummary) => (t.priority ? Number(t.priority.slice(1)) : 7);
  return rank(a) - rank(b) || a.createdAt.getTime() - b.createdAt.getTime() || a.code.localeCompare(b.code);
}
