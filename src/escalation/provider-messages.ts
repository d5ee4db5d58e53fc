/**
 * What the bot says about the Penyedia Layanan's part: asking for approval of a change and the
 * decision (002:275, 465, 475), the reminder to give an estimate and the progress that goes up to the
 * Penyedia once it is exceeded (002:489-490). Whatever a reporter wrote goes through quote.ts.
 */
import type { ProviderAudience } from '../staff/providers.ts';
import { quoteReporterInline, quoteReporterText } from './quote.ts';

/** Why a coordinator or an admin reads what was meant for the service's Penyedia Layanan. */
function fallbackNote(audience: ProviderAudience, provider: string): string | null {
  if (audience === 'provider') return null;
  const to = audience === 'coordinator' ? 'Koordinator Layanan' : 'admin helpdesk';
  return `(Penyedia Layanan ${provider} belum terdaftar di helpdesk, jadi pesan ini dikirim ke ${to}.)`;
}

export const approvalText = {
  askProvider: (t: {
    code: string;
    service: string;
    provider: string;
    /** The requester's name as given (quoted) and their masked identity. */
    requester: string | null;
    identity: string;
    opd: string | null;
    description: string;
    audience: ProviderAudience;
  }) =>
    [
      `🔐 *Mohon persetujuan: ${t.code}* — ${t.service}`,
      fallbackNote(t.audience, t.provider),
      `Pemohon: ${t.requester ? `${quoteReporterInline(t.requester)} (${t.identity})` : t.identity}${
        t.opd ? `, OPD ${quoteReporterInline(t.opd)}` : ''
      }`,
      'Keperluan (tulisan pemohon):',
      quoteReporterText(t.description),
      `Setujui: /setujui ${t.code} [catatan]`,
      `Tolak: /tolak ${t.code} <alasan>`,
      'Atau balas pesan ini dengan /setujui atau /tolak <alasan>.',
    ]
      .filter(Boolean)
      .join('\n'),
  /** A line of the team group's escalation of a change that waits for approval. */
  teamWaits: (provider: string) =>
    `⏳ Menunggu persetujuan Penyedia Layanan (${provider}). Jangan dikerjakan dulu; grup ini dikabari setelah diputuskan.`,
  reporterWaits:
    'Permintaan ini memerlukan persetujuan Penyedia Layanan lebih dulu. Kami kabari di sini setelah ada keputusan.',
  approvedReporter: (code: string) => `Permintaan *${code}* sudah disetujui, sedang kami proses.`,
  approvedTeam: (code: string, who: string, note: string) =>
    `✅ ${code} disetujui oleh ${who}${note ? ` (catatan: ${note})` : ''}. Silakan dikerjakan: /ambil ${code}`,
  approvedReply: (code: string) => `Persetujuan ${code} tercatat. Pemohon dan tim teknis sudah diberi tahu.`,
  rejectedReporter: (code: string, reason: string) =>
    `Mohon maaf, permintaan *${code}* tidak disetujui oleh Penyedia Layanan.\nAlasan: ${reason}\nPermintaan ini kami tutup. Jika ada keperluan lain, ketik *menu*.`,
  rejectedTeam: (code: string, who: string, reason: string) =>
    `✖️ ${code} tidak disetujui oleh ${who}. Alasan: ${reason}\nTiket ditutup; tidak perlu dikerjakan.`,
  rejectedReply: (code: string) =>
    `Penolakan ${code} tercatat dan tiketnya ditutup. Pemohon dan tim teknis sudah diberi tahu alasannya.`,
  /** Why a work command is refused on a change that is not approved yet. */
  waiting: 'menunggu persetujuan Penyedia Layanan. Grup ini dikabari setelah diputuskan.',
  rejected: 'permintaan ini tidak disetujui Penyedia Layanan dan sudah ditutup.',
  notNeeded: (code: string) => `Tiket ${code} tidak memerlukan persetujuan Penyedia Layanan.`,
  alreadyDecided: (code: string, approved: boolean, when: string) =>
    `Tiket ${code} sudah ${approved ? 'disetujui' : 'ditolak'} pada ${when}; keputusan itu tidak dapat diubah.`,
  notOpen: (code: string) => `Tiket ${code} sudah ditutup atau dibatalkan; tidak ada yang perlu diputuskan.`,
  notProvider:
    'Maaf, persetujuan hanya dapat diberikan oleh Penyedia Layanan dari layanan tiket ini atau oleh Koordinator Layanan.',
};

export const providerText = {
  estimateReminder: (code: string) =>
    `⏰ ${code} belum ada estimasi waktu penanganan. Kirim /estimasi ${code} 2 jam`,
  estimateExceeded: (t: {
    code: string;
    service: string;
    provider: string;
    team: string;
    audience: ProviderAudience;
  }) =>
    [
      `📣 Untuk Penyedia Layanan: estimasi penanganan ${t.code} (${t.service}) terlampaui. Tim ${t.team} masih menanganinya; setiap perkembangan berikutnya diteruskan ke sini.`,
      fallbackNote(t.audience, t.provider),
    ]
      .filter(Boolean)
      .join('\n'),
  /** One later change on a ticket whose estimate was exceeded. */
  forwarded: (code: string, service: string, what: string) => `ℹ️ ${code} (${service}): ${what}`,
  update: (text: string) => `kabar perkembangan — ${text}`,
  priority: (p: string, reason: string) => `prioritas menjadi ${p}${reason ? ` (${reason})` : ''}`,
  estimate: (due: string) => `estimasi baru: selesai ${due}`,
  resolved: (solution: string) =>
    `dinyatakan selesai oleh tim teknis — ${solution}. Menunggu konfirmasi pelapor.`,
};

export const providerSetupText = {
  needService:
    'Sebutkan salah satu layanan yang Anda pimpin, mis. /daftar-staf penyedia simpeg. Anda akan menjadi Penyedia Layanan untuk semua layanan dengan penyedia yang sama.',
};
