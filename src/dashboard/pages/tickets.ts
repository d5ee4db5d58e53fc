/** The ticket list: filters (filters.ts), search and pages, within what the viewer oversees. */
import { oversightScope } from '../../commands/oversight-scope.ts';
import { humanAge } from '../../commands/ticket-line.ts';
import { targetCalendar } from '../../sla/clock.ts';
import { targetStanding } from '../../sla/standing.ts';
import { KIND_WORDS, STATUS_WORDS } from '../../tickets/record.ts';
import { METHOD_WORDS } from '../../tickets/reporting-method.ts';
import type { PageCtx } from '../context.ts';
import {
  KINDS,
  type ListQuery,
  listFilter,
  listQueryString,
  METHODS,
  PAGE_SIZE,
  PRIORITY_VALUES,
  STATUSES,
} from '../filters.ts';
import { BASE, e, page, select, table } from '../layout.ts';
import { when } from './when.ts';

export const ticketsText = {
  noScope:
    'Akun ini belum punya peran staf, jadi tidak ada tiket yang bisa ditampilkan. Minta admin menautkan akun ke kontak staf Anda.',
  count: (n: number) => `${n} tiket`,
};

export async function ticketsPage(c: PageCtx, query: ListQuery, flash: string | null): Promise<string> {
  const scope = oversightScope(c.who);
  if (!scope)
    return page({
      title: 'Tiket',
      viewer: c.viewer,
      flash,
      active: '',
      body: `<p>${e(ticketsText.noScope)}</p>`,
    });
  const cal = c.deps.conversation.calendar;
  const f = listFilter(query, c.now, cal.zone);
  const where = { AND: [scope, f.where] };
  const [total, rows, services] = await Promise.all([
    c.db.ticket.count({ where }),
    c.db.ticket.findMany({
      where,
      include: {
        service: { select: { code: true, name: true, clock24: true } },
        reporter: { select: { name: true, opd: true } },
        assignee: { select: { contact: { select: { name: true } } } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    c.db.service.findMany({
      where: { tickets: { some: scope } },
      orderBy: { name: 'asc' },
      select: { code: true, name: true },
    }),
  ]);
  const v = f.values;
  const filters = `<form method="get" action="${BASE}" class="filters" role="search">
<label>Cari<input name="q" value="${e(v.q)}" placeholder="kode, uraian, pelapor, layanan"></label>
${select('status', 'Status', [['terbuka', 'Semua yang terbuka'], ...STATUSES.map((s) => [s, STATUS_WORDS[s]] as [string, string])], v.status)}
${select(
  'kind',
  'Jenis',
  KINDS.map((k) => [k, KIND_WORDS[k]]),
  v.kind,
)}
${select(
  'priority',
  'Prioritas',
  PRIORITY_VALUES.map((p) => [p, p]),
  v.priority,
)}
${select(
  'service',
  'Layanan',
  services.map((s) => [s.code, s.name]),
  v.service,
)}
<label>OPD<input name="opd" value="${e(v.opd)}"></label>
${select(
  'channel',
  'Kanal / metode',
  METHODS.map((m) => [m, METHOD_WORDS[m]]),
  v.channel,
)}
<label>Dari tanggal<input type="date" name="from" value="${e(v.from)}"></label>
<label>Sampai tanggal<input type="date" name="to" value="${e(v.to)}"></label>
${select('breached', 'Target terlewat', [['ya', 'hanya yang terlewat']], v.breached)}
<button type="submit">Tampilkan</button></form>`;
  const errors = f.errors.map((x) => `<p class="error">${e(x)}</p>`).join('');
  const body = rows.map((t) => {
    const s = targetStanding(t, c.now, targetCalendar(cal, { priority: t.priority, service: t.service }));
    const sla = s
      ? `<span class="badge ${s.state}">${s.state === 'breached' ? `lewat ${humanAge(c.now.getTime() - s.dueAt.getTime())}` : `sisa ${humanAge(s.dueAt.getTime() - c.now.getTime())}`}</span>`
      : t.responseMet === false || t.resolutionMet === false
        ? '<span class="badge breached">terlewat</span>'
        : '';
    return [
      `<a href="${BASE}/tiket/${e(t.code)}">${e(t.code)}</a>`,
      e(KIND_WORDS[t.kind]),
      e(t.service.name),
      e(STATUS_WORDS[t.status]),
      e(t.priority ?? '-'),
      e(
        [t.requesterName ?? t.reporter.name, t.requesterOpd ?? t.reporter.opd].filter(Boolean).join(' · ') ||
          '-',
      ),
      e(when(t.createdAt, cal)),
      e(t.assignee?.contact.name ?? '-'),
      sla,
    ];
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pager = `<div class="pager"><span>${e(ticketsText.count(total))} · halaman ${f.page} dari ${pages}</span>
${f.page > 1 ? `<a href="${BASE}${e(listQueryString(v, f.page - 1))}">← sebelumnya</a>` : ''}
${f.page < pages ? `<a href="${BASE}${e(listQueryString(v, f.page + 1))}">berikutnya →</a>` : ''}</div>`;
  return page({
    title: 'Tiket',
    viewer: c.viewer,
    flash,
    active: '',
    body: `${filters}${errors}${pager}${table(
      ['Kode', 'Jenis', 'Layanan', 'Status', 'Prioritas', 'Pelapor', 'Dicatat', 'Petugas', 'SLA'],
      body,
      'Tidak ada tiket yang cocok.',
    )}`,
  });
}
