/**
 * Satisfaction (002: the reporter's 1–5 rating, Tidak Puas … Memuaskan): the mean per month and the
 * distribution of the last 12 months as charts, per service and per team, and the latest feedback texts.
 * Tickets count in the month they were submitted, as in the evaluation report.
 */
import { DateTime } from 'luxon';
import { oversightScope } from '../../commands/oversight-scope.ts';
import { barChart } from '../charts.ts';
import type { PageCtx } from '../context.ts';
import { BASE, e, page, select, table } from '../layout.ts';
import { ticketsText } from './tickets.ts';
import { when } from './when.ts';

const MONTHS = 12;
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
const RATING_WORDS = ['Tidak Puas', 'Kurang Puas', 'Cukup', 'Puas', 'Memuaskan'];

const mean = (xs: number[]) =>
  xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;
const decimal = (n: number | null) => (n === null ? '-' : String(n).replace('.', ','));

export async function satisfactionPage(c: PageCtx, query: Record<string, string>, flash: string | null) {
  const base = { title: 'Kepuasan pelapor', viewer: c.viewer, flash, active: '/kepuasan' };
  const scope = oversightScope(c.who);
  if (!scope) return page({ ...base, body: `<p>${e(ticketsText.noScope)}</p>` });
  const zone = c.deps.conversation.calendar.zone;
  const end = DateTime.fromJSDate(c.now, { zone });
  const start = end.startOf('month').minus({ months: MONTHS - 1 });
  const services = await c.db.service.findMany({
    where: { tickets: { some: { AND: [scope, { rating: { not: null } }] } } },
    orderBy: { name: 'asc' },
    select: { code: true, name: true },
  });
  const service = services.find((s) => s.code === (query.service ?? '').trim().toLowerCase());
  const rows = await c.db.ticket.findMany({
    where: {
      AND: [
        scope,
        { rating: { not: null }, createdAt: { gte: start.toJSDate() } },
        service ? { service: { code: service.code } } : {},
      ],
    },
    select: {
      code: true,
      rating: true,
      feedback: true,
      createdAt: true,
      updatedAt: true,
      service: { select: { name: true, technicalTeamName: true, teamGroup: { select: { name: true } } } },
    },
    orderBy: { updatedAt: 'desc' },
  });
  const ratings = rows.map((r) => r.rating as number);
  const months = Array.from({ length: MONTHS }, (_, i) => start.plus({ months: i }));
  const perMonth = months.map((m) => {
    const xs = rows
      .filter((r) => DateTime.fromJSDate(r.createdAt, { zone }).hasSame(m, 'month'))
      .map((r) => r.rating as number);
    return {
      label: MONTH_SHORT[m.month - 1] ?? '',
      value: mean(xs),
      note: xs.length ? `${xs.length}×` : '',
    };
  });
  const distribution = [1, 2, 3, 4, 5].map((n) => ({
    label: `${n} ${RATING_WORDS[n - 1]?.split(' ')[0] ?? ''}`,
    value: ratings.filter((r) => r === n).length,
  }));
  const grouped = (key: (r: (typeof rows)[number]) => string) => {
    const m = new Map<string, number[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r.rating as number]);
    return [...m.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'id'))
      .map(([name, xs]) => [e(name), `<span class="num">${e(decimal(mean(xs)))}</span>`, String(xs.length)]);
  };
  const feedback = rows
    .filter((r) => r.feedback?.trim())
    .slice(0, 20)
    .map((r) => [
      `<a href="${BASE}/tiket/${e(r.code)}">${e(r.code)}</a>`,
      e(r.service.name),
      String(r.rating),
      e(r.feedback),
      e(when(r.updatedAt, { zone })),
    ]);
  const filter = `<form method="get" action="${BASE}/kepuasan" class="filters">${select(
    'service',
    'Layanan',
    services.map((s) => [s.code, s.name]),
    service?.code,
  )}<button type="submit">Tampilkan</button></form>`;
  return page({
    ...base,
    body: `${filter}<p>${rows.length} penilaian dalam ${MONTHS} bulan terakhir${service ? ` untuk ${e(service.name)}` : ''}; rata-rata ${e(decimal(mean(ratings)))} dari 5.</p>
<div class="cards"><div class="card"><h2>Rata-rata per bulan (${e(`${MONTH_SHORT[start.month - 1]} ${start.year}`)} – ${e(`${MONTH_SHORT[end.month - 1]} ${end.year}`)})</h2>${barChart('Rata-rata kepuasan per bulan', perMonth, { max: 5, decimals: 1 })}</div>
<div class="card"><h2>Sebaran nilai 1–5</h2>${barChart('Sebaran nilai kepuasan', distribution)}</div></div>
<h2>Per layanan</h2>${table(
      ['Layanan', 'Rata-rata', 'Penilaian'],
      grouped((r) => r.service.name),
      'Belum ada penilaian.',
    )}
<h2>Per tim</h2>${table(
      ['Tim', 'Rata-rata', 'Penilaian'],
      grouped((r) => r.service.teamGroup?.name ?? r.service.technicalTeamName),
      'Belum ada penilaian.',
    )}
<h2>Masukan terbaru</h2>${table(['Tiket', 'Layanan', 'Nilai', 'Masukan', 'Waktu'], feedback, 'Belum ada masukan tertulis.')}`,
  });
}
