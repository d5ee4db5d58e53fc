/**
 * /status <kode>: the whole state of one ticket for the people who oversee it (oversight-scope.ts):
 * status, assignee, reporter, due times and how they stand, the last events. Anyone else hears the same
 * words whether the code exists or not.
 */
import { DateTime } from 'luxon';
import { maskIdentity } from '../escalation/messages.ts';
import { describeDue } from '../sla/priority.ts';
import { eventLabel } from '../tickets/event-labels.ts';
import { STATUS_LABELS } from '../tickets/lifecycle.ts';
import type { Ctx, Standing, TicketCommand, TicketWithService } from './context.ts';
import { oversees } from './oversight-scope.ts';
import { humanAge } from './ticket-line.ts';

/** How many of the latest events /status shows. */
const LAST_EVENTS = 5;

export const statusText = {
  /** Said for an unknown code and for a ticket the asker may not see alike. */
  notVisible: (code: string) =>
    `Maaf, tiket ${code} tidak dapat ditampilkan untuk Anda. Periksa kodenya, atau hubungi Koordinator Layanan.`,
  kind: { REQUEST: 'Permintaan Layanan', INCIDENT: 'Gangguan' } as const,
};

/** "14.05" today, "1 Des 14.05" otherwise, in the deployment's zone. */
function shortTime(at: Date, zone: string, now: Date): string {
  const local = DateTime.fromJSDate(at, { zone });
  const today = DateTime.fromJSDate(now, { zone }).hasSame(local, 'day');
  return local.setLocale('id').toFormat(today ? 'HH.mm' : 'd LLL HH.mm');
}

function mark(met: boolean | null, due: Date | null, now: Date, done: boolean): string {
  if (met === true) return '✅ terpenuhi';
  if (met === false) return '⛔ terlewat';
  if (!due || done) return '';
  return now.getTime() >= due.getTime() ? '⛔ terlewat' : '⏳ berjalan';
}

async function run(ctx: Ctx): Promise<string[]> {
  const { tx, now } = ctx;
  const cal = ctx.deps.calendar;
  const t = await tx.ticket.findUniqueOrThrow({
    where: { id: ctx.ticket.id },
    include: {
      service: true,
      reporter: { include: { identities: { take: 1 } } },
      assignee: { include: { contact: true } },
      events: { orderBy: { id: 'desc' }, take: LAST_EVENTS },
      convertedTo: { select: { code: true } },
      convertedFrom: { select: { code: true } },
    },
  });
  const reporterId = t.reporter.identities[0]?.externalId;
  const reporter = [
    t.requesterName ?? t.reporter.name ?? (reporterId ? maskIdentity(reporterId) : 'pelapor'),
    (t.requesterOpd ?? t.reporter.opd) ? `(${t.requesterOpd ?? t.reporter.opd})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const done = ['RESOLVED', 'CLOSED', 'CANCELLED', 'CONVERTED'].includes(t.status);
  const lines = [
    `📄 *${t.code}* · ${statusText.kind[t.kind]} · ${t.service.name}`,
    `• Status: *${STATUS_LABELS[t.status]}*${t.assignee ? ` — ${t.assignee.contact.name ?? 'petugas'}` : ''}`,
  ];
  if (t.priority)
    lines.push(
      `• Prioritas: ${t.priority}${t.impact ? ` (dampak ${t.impact === 'MAJOR' ? 'mayor' : 'minor'})` : ''}`,
    );
  lines.push(`• Pelapor: ${reporter}`);
  lines.push(
    `• Dilaporkan: ${describeDue(t.createdAt, cal)} (${humanAge(now.getTime() - t.createdAt.getTime())} lalu)`,
  );
  if (t.responseDueAt)
    lines.push(
      `• Batas tanggap: ${describeDue(t.responseDueAt, cal)} ${mark(t.responseMet, t.firstResponseAt ? null : t.responseDueAt, now, done)}`.trimEnd(),
    );
  if (t.resolutionDueAt)
    lines.push(
      `• Batas ${t.kind === 'INCIDENT' ? 'penyelesaian' : 'pemenuhan'}: ${describeDue(t.resolutionDueAt, cal)} ${mark(t.resolutionMet, t.resolutionDueAt, now, done)}`.trimEnd(),
    );
  if (t.estimateDueAt)
    lines.push(`• Estimasi: ${describeDue(t.estimateDueAt, cal)}${t.estimateExceeded ? ' ⛔ terlewat' : ''}`);
  if (t.convertedTo) lines.push(`• Dilanjutkan dengan tiket ${t.convertedTo.code}`);
  if (t.convertedFrom) lines.push(`• Berasal dari tiket ${t.convertedFrom.code}`);
  if (t.events.length > 0) {
    lines.push('', 'Riwayat terakhir:');
    for (const e of [...t.events].reverse()) {
      const said = (e.data as { text?: unknown }).text;
      const note = typeof said === 'string' ? `: ${said.length > 60 ? `${said.slice(0, 57)}…` : said}` : '';
      lines.push(`• ${shortTime(e.at, cal.zone, now)} ${eventLabel(e.type)}${note}`);
    }
  }
  return [lines.join('\n')];
}

export const STATUS_COMMAND: TicketCommand = {
  run,
  notFound: (code) => statusText.notVisible(code),
  refuse: (who: Standing, ticket: TicketWithService) =>
    oversees(who, ticket) ? null : statusText.notVisible(ticket.code),
};
