/** Channel status: what /healthz reports for each running chat channel, in words. */
import type { PageCtx } from '../context.ts';
import { e, page, table } from '../layout.ts';
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
  return page({
    title: 'Status kanal',
    viewer: c.viewer,
    flash,
    active: '/kanal',
    body: `${table(['Kanal', 'Keadaan', 'Dijalankan proses ini', 'Kejadian terakhir', 'Galat terakhir'], rows, 'Tidak ada kanal yang berjalan.')}${link}`,
  });
}
