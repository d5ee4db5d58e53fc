/**
 * Channel status: what /healthz reports for each running chat channel, in words; and where each service's
 * tickets go (its team group, the helpdesk group), as configured by files and /daftar-grup. Koordinator
 * Layanan and admins change a service's group here (routing.ts). Admins see the WhatsApp link code
 * (QR) of the channel this process drives, through the Channel port's link(), refreshed while it waits.
 */
import QRCode from 'qrcode';
import type { ChannelLink } from '../../channel.ts';
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

/** While a channel waits to be linked the page reloads this often: WhatsApp rotates its QR code every ~20 s. */
const LINK_REFRESH_S = 5;

/** The link code of a channel that waits for one, drawn here; its text is in no log and no attribute. */
async function linkSection(name: string, link: ChannelLink): Promise<string> {
  const waiting = link.state === 'waiting_for_link';
  const parts = [
    `<p>Keadaan ${e(name)}: <strong class="link-state">${e(STATE_WORDS[link.state] ?? link.state)}</strong></p>`,
  ];
  if (waiting && link.qr) {
    const svg = await QRCode.toString(link.qr, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    parts.push(`<div class="qr" role="img" aria-label="Kode QR untuk menautkan ${e(name)}">${svg}</div>
<ol><li>Buka WhatsApp di ponsel nomor helpdesk.</li><li>Ketuk ⋮ atau Pengaturan → Perangkat tertaut → Tautkan perangkat.</li>
<li>Arahkan kamera ke kode ini. Kode berganti tiap beberapa detik; halaman ini ikut memperbarui diri.</li></ol>`);
  }
  if (waiting && link.pairingCode)
    parts.push(
      `<p>Atau tautkan dengan nomor telepon, kode: <strong class="pairing">${e(link.pairingCode)}</strong></p>`,
    );
  if (waiting && !link.qr && !link.pairingCode)
    parts.push('<p>Kode sedang disiapkan; halaman ini memperbarui diri.</p>');
  return `<section class="card link"><h2>Menautkan ${e(name)}</h2>${parts.join('\n')}</section>`;
}

export async function channelsPage(c: PageCtx, flash: string | null): Promise<string> {
  const cal = c.deps.conversation.calendar;
  const rows = Object.entries(c.deps.channels()).map(([name, s]) => [
    e(name),
    e(STATE_WORDS[s.state] ?? s.state),
    e(s.owner === undefined ? '-' : s.owner ? 'ya' : 'tidak (proses lain)'),
    e(s.lastEventAt ? when(s.lastEventAt, cal) : '-'),
    e(s.lastError ?? '-'),
  ]);
  // Whoever scans the code owns the number: admins only.
  const links = c.who.roles.has('ADMIN') ? Object.entries(c.deps.links()) : [];
  const linkSections = (await Promise.all(links.map(([name, l]) => linkSection(name, l)))).join('');
  const link =
    linkSections ||
    (c.deps.linkPage
      ? '<p>Menautkan WhatsApp (kode QR): buka <a href="/whatsapp">halaman tautan WhatsApp</a> dengan token admin.</p>'
      : '');
  const refresh = links.some(([, l]) => l.state !== 'connected') ? { refreshSeconds: LINK_REFRESH_S } : {};
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
    ...refresh,
    body: `${table(['Kanal', 'Keadaan', 'Dijalankan proses ini', 'Kejadian terakhir', 'Galat terakhir'], rows, 'Tidak ada kanal yang berjalan.')}${link}
<h2>Rute layanan ke grup tim</h2>${helpdesk}${table(['Layanan', 'Kode', 'Pengelola Teknis', 'Grup'], routes, 'Katalog kosong.')}`,
  });
}
