/**
 * Channel status: what /healthz reports for each running chat channel, in words; and where each service's
 * tickets go (its team group, the helpdesk group), as configured by files and /daftar-grup. Koordinator
 * Layanan and admins change a service's group here (routing.ts).
 */
import type { PageCtx } from '../context.ts';
import { BASE, csrfField, e, page, table } from '../layout.ts';
import { routableGroups, routingText } from '../routing.ts';
import { when } from './when.ts';

const STATE_WORDS: Record<string, string> = {
  starting: 'sedang dimulai',
  waiting_for_link: 'menunggu ditautkan (pindai kode QR)',
  connected: 'tersambung',
  reconnecting: 'menyambung ulang',
  disconnected: 'terputus',
  logged_out: 'keluar — perlu ditautkan lagi',
};

export async function channelsPage(c: PageCtx, flash: string | null): Promise<string> {
  const cal = c.deps.conversation.calendar;
  const rows = Object.entries(c.deps.channels()).map(([name, s]) => [
    e(name),
    e(STATE_WORDS[s.state] ?? s.state),
    e(s.owner === undefined ? '-' : s.owner ? 'ya' : 'tidak (proses lain)'),
    e(s.lastEventAt ? when(s.lastEventAt, cal) : '-'),
    e(s.lastError ?? '-'),
  ]);
  const link = c.deps.linkPage
    ? '<p>Menautkan WhatsApp (kode QR): buka <a href="/whatsapp">halaman tautan WhatsApp</a> dengan token admin.</p>'
    : '';
  const [services, desk, groups] = await Promise.all([
    c.db.service.findMany({
      where: { active: true },
      include: { teamGroup: true },
      orderBy: { name: 'asc' },
    }),
    c.db.teamGroup.findFirst({ where: { helpdesk: true }, orderBy: { id: 'asc' } }),
    c.who.coordinator ? routableGroups(c.db, c.deps.demo) : Promise.resolve([]),
  ]);
  const groupLabel = (g: { name: string; channel: string }) => `${g.name} (${g.channel})`;
  const routeForm = (s: { id: number; teamGroupId: number | null }) =>
    `<form method="post" action="${BASE}/kanal/rute" class="inline">${csrfField(c.viewer.csrf)}<input type="hidden" name="serviceId" value="${s.id}">
<select name="teamGroupId" aria-label="Grup tim"><option value="">${e(routingText.none)}</option>${groups
      .map(
        (g) =>
          `<option value="${g.id}"${g.id === s.teamGroupId ? ' selected' : ''}>${e(groupLabel(g))}</option>`,
      )
      .join('')}</select><button type="submit">Simpan</button></form>`;
  const routes = services.map((s) => [
    e(s.name),
    e(s.code),
    e(s.technicalTeamName),
    c.who.coordinator ? routeForm(s) : e(s.teamGroup ? groupLabel(s.teamGroup) : 'belum ada grup'),
  ]);
  const helpdesk = `<p>Grup helpdesk (Pengelola Layanan): ${e(desk ? `${desk.name} (${desk.channel})` : 'belum ada')}.</p>`;
  return page({
    title: 'Status kanal',
    viewer: c.viewer,
    flash,
    active: '/kanal',
    body: `${table(['Kanal', 'Keadaan', 'Dijalankan proses ini', 'Kejadian terakhir', 'Galat terakhir'], rows, 'Tidak ada kanal yang berjalan.')}${link}
<h2>Rute layanan ke grup tim</h2>${helpdesk}${table(['Layanan', 'Kode', 'Pengelola Teknis', 'Grup'], routes, 'Katalog kosong.')}`,
  });
}
