/** The SLA board: open tickets past or near a target (sla/standing.ts), with the time left, by team. */
import { oversightScope } from '../../commands/oversight-scope.ts';
import { humanAge } from '../../commands/ticket-line.ts';
import { targetCalendar } from '../../sla/clock.ts';
import { targetStanding } from '../../sla/standing.ts';
import { OPEN_STATUSES } from '../../tickets/lifecycle.ts';
import { STATUS_WORDS } from '../../tickets/record.ts';
import type { PageCtx } from '../context.ts';
import { BASE, e, page, table } from '../layout.ts';
import { ticketsText } from './tickets.ts';
import { when } from './when.ts';

const LIMIT = 1000;

export async function slaPage(c: PageCtx, flash: string | null): Promise<string> {
  const scope = oversightScope(c.who);
  const base = { title: 'Papan SLA', viewer: c.viewer, flash, active: '/sla' };
  if (!scope) return page({ ...base, body: `<p>${e(ticketsText.noScope)}</p>` });
  const cal = c.deps.conversation.calendar;
  const rows = await c.db.ticket.findMany({
    where: { AND: [scope, { status: { in: OPEN_STATUSES } }] },
    include: {
      service: { include: { teamGroup: true } },
      assignee: { select: { contact: { select: { name: true } } } },
    },
    take: LIMIT,
  });
  const standing = rows
    .map((t) => ({ t, s: targetStanding(t, c.now, targetCalendar(cal, t)) }))
    .filter((x): x is { t: (typeof rows)[number]; s: NonNullable<typeof x.s> } => x.s !== null)
    .sort(
      (a, b) =>
        Number(b.s.state === 'breached') - Number(a.s.state === 'breached') || +a.s.dueAt - +b.s.dueAt,
    );
  const teams = new Map<string, typeof standing>();
  for (const x of standing) {
    const team = x.t.service.teamGroup?.name ?? x.t.service.technicalTeamName;
    teams.set(team, [...(teams.get(team) ?? []), x]);
  }
  const breached = standing.filter((x) => x.s.state === 'breached').length;
  const summary = `<p>${breached} tiket melewati target, ${standing.length - breached} hampir lewat (sisa ≤ 25% waktunya).</p>`;
  const sections = [...teams.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'id'))
    .map(([team, list]) => {
      const body = list.map(({ t, s }) => [
        `<a href="${BASE}/tiket/${e(t.code)}">${e(t.code)}</a>`,
        e(t.service.name),
        e(t.priority ?? '-'),
        e(STATUS_WORDS[t.status]),
        e(s.target === 'response' ? 'tanggap' : 'penyelesaian'),
        `<span class="badge ${s.state}">${
          s.state === 'breached'
            ? `lewat ${e(humanAge(c.now.getTime() - s.dueAt.getTime()))}`
            : `sisa ${e(humanAge(s.dueAt.getTime() - c.now.getTime()))}`
        }</span>`,
        e(when(s.dueAt, cal)),
        e(t.assignee?.contact.name ?? 'belum diambil'),
      ]);
      return `<h2>${e(team)}</h2>${table(['Kode', 'Layanan', 'Prioritas', 'Status', 'Target', 'Waktu', 'Batas', 'Petugas'], body)}`;
    });
  return page({
    ...base,
    body: standing.length
      ? `${summary}${sections.join('\n')}`
      : '<p class="empty">Tidak ada tiket yang melewati atau mendekati batas target. 👍</p>',
  });
}
