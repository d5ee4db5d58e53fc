/**
 * What the bot says to technical teams, coordinators and providers, and the progress messages to
 * reporters. Kept in one place so it can be reviewed and translated. Whatever a reporter wrote goes
 * through quote.ts here, so no caller can post it raw.
 */
import { type AttachmentKind, INBOUND_LIMITS } from '../channel.ts';
import type { Priority } from '../domain.ts';
import { CITIZEN } from '../understand/requester.ts';
import { quoteReporterInline, quoteReporterText } from './quote.ts';

// Masking lives with the quoting of reporter text; still offered here, where the other texts are.
export { maskIdentity } from './quote.ts';

export const COMMAND_USAGE: Record<string, string> = {
  ambil: '/ambil <kode> — ambil tiket (tanggapan pertama)',
  estimasi: '/estimasi <kode> <durasi> — mis. /estimasi GGN-2026-0001 2 jam',
  update: '/update <kode> <teks> — kabar perkembangan untuk pelapor tiket itu saja',
  umumkan: '/umumkan <kode> <teks> — kabar untuk pelapor dan semua pelapor lain yang ikut gangguan yang sama',
  prioritas: '/prioritas <kode> <P1..P6> <alasan> — ubah prioritas setelah analisis',
  tanya: '/tanya <kode> <pertanyaan> — bertanya ke pelapor (jam SLA berhenti sampai dijawab)',
  selesai:
    '/selesai <kode> <solusi> penyebab: <penyebab> — nyatakan selesai; pelapor diminta konfirmasi (penyebab wajib untuk gangguan)',
  penyebab: '/penyebab <kode> <penyebab> — catat atau perbaiki penyebab gangguan',
  urgensi: '/urgensi <kode> tinggi|sedang|rendah — ubah urgensi tiket',
  kategori: '/kategori <kode> <kategori> — ubah kategori gangguan, mis. /kategori GGN-2026-0001 jaringan',
  item: '/item <kode> <item konfigurasi> — ubah item konfigurasi yang terdampak (bawaan: nama layanan)',
  alihkan: '/alihkan <kode> <kode layanan> — pindahkan ke layanan/tim lain',
  'jadikan-gangguan':
    '/jadikan-gangguan <kode> [kode layanan] [besar|kecil] — permintaan yang ternyata gangguan dilanjutkan sebagai tiket gangguan',
  'jadikan-permintaan':
    '/jadikan-permintaan <kode> [kode layanan] — gangguan yang ternyata permintaan dilanjutkan sebagai permintaan layanan',
  teruskan: '/teruskan <kode> [catatan] — (helpdesk) teruskan ke tim teknis layanannya',
  catat:
    '/catat <telepon|surat|email|datang> <gangguan|permintaan> <layanan>, lalu baris nama:, opd:, nip:, kontak:, uraian:, sejak:, dampak: — catat laporan yang masuk lewat telepon, surat, e-mail atau datang langsung',
  setujui: '/setujui <kode> [catatan] — (Penyedia Layanan) setujui permintaan perubahan',
  tolak: '/tolak <kode> <alasan> — (Penyedia Layanan) tolak permintaan perubahan; tiketnya ditutup',
  bantuan: '/bantuan — daftar perintah',
  status: '/status <kode> — keadaan lengkap satu tiket',
  antrian: '/antrian [kode layanan | OPD | P1..P6] — tiket terbuka, prioritas dan umurnya',
  sla: '/sla — tiket yang melewati atau mendekati batas target',
  cari: '/cari <teks> — cari tiket (kode, uraian, nama pelapor, layanan)',
  rekap: '/rekap [hari|minggu|bulan|semester|2026-07|2026-S1] — jumlah, target terpenuhi/terlewat, kepuasan',
  laporan:
    '/laporan <periode> [xlsx|md|csv] — laporan evaluasi SPBE (Lampiran A, Formulir B, B) sebagai berkas',
  evaluasi:
    '/evaluasi <periode> <permintaan|gangguan>, lalu baris hambatan:, peluang:, tindak lanjut: — teks evaluasi koordinator di laporan',
  lanjut: '/lanjut — halaman berikutnya dari daftar terakhir (atau ketik: lanjut)',
  'daftar-grup':
    '/daftar-grup <kode layanan|helpdesk> — (admin) jadikan grup ini tim teknis layanan itu, atau grup helpdesk',
  'daftar-staf':
    '/daftar-staf <pengelola-teknis|pengelola-layanan|koordinator|penyedia <kode layanan>> — minta didaftarkan sebagai staf',
  'setujui-staf': '/setujui-staf <nomor> — (admin) setujui permintaan staf',
};

export const staffText = {
  usage: (name: string) => `Format perintah salah. Pemakaian: ${COMMAND_USAGE[name] ?? ''}`,
  unknownCommand: (name: string) => `Perintah /${name} tidak dikenal. Ketik /bantuan untuk daftar perintah.`,
  notStaff: 'Maaf, perintah ini hanya untuk staf terdaftar. Ketik /daftar-staf <peran> untuk mendaftar.',
  notAdmin: 'Maaf, perintah ini hanya untuk admin helpdesk.',
  groupNotRegistered:
    'Grup ini belum terdaftar sebagai tim teknis. Admin dapat mendaftarkannya dengan /daftar-grup <kode layanan>.',
  ticketNotFound: (code: string) => `Tiket ${code} tidak ditemukan.`,
  notThisTeam: (code: string, team: string) => `Tiket ${code} bukan tanggungan grup ini (tim: ${team}).`,
  refused: (code: string, reason: string) => `Tiket ${code}: ${reason}`,
  badPriority: 'Prioritas harus P1, P2, P3, P4, P5 atau P6.',
  badDuration: (text: string) => `Durasi "${text}" tidak dapat dibaca. Contoh: 30 menit, 2 jam, 1 hari.`,
  unknownService: (code: string) =>
    `Layanan "${code}" tidak ada di katalog. Ketik kode layanan, mis. simpeg, email-reset.`,
  claimed: (code: string, who: string, met: boolean) =>
    `✅ ${code} diambil oleh ${who}. Waktu tanggap ${met ? 'memenuhi' : 'MELEWATI'} target.`,
  estimated: (code: string, due: string) => `🕒 Estimasi ${code}: selesai ${due}.`,
  updated: (code: string, linked: number) =>
    `📨 Kabar perkembangan ${code} sudah dikirim ke pelapor.${linked ? ` ${linked} pelapor lain yang ikut gangguan ini tidak menerimanya; pakai /umumkan ${code} <teks> untuk semua.` : ''}`,
  announced: (code: string, linked: number) =>
    `📣 Kabar perkembangan ${code} sudah dikirim ke pelapor${linked ? ` dan ${linked} pelapor lain yang ikut gangguan ini` : ''}.`,
  reprioritised: (code: string, p: Priority, response: string | null, resolution: string) =>
    `⚠️ Prioritas ${code} menjadi ${p}.${response ? ` Batas tanggap: ${response}.` : ''} Batas penyelesaian: ${resolution}.`,
  asked: (code: string) =>
    `❓ Pertanyaan untuk ${code} sudah dikirim ke pelapor. Jam SLA berhenti sampai pelapor menjawab.`,
  answered: (code: string, text: string) =>
    `💬 Jawaban pelapor ${code}:\n${quoteReporterText(text)}\nJam SLA berjalan lagi.`,
  resolvedAsk: (code: string) => `🏁 ${code} dinyatakan selesai. Menunggu konfirmasi pelapor.`,
  moved: (code: string, service: string) => `↪️ ${code} dialihkan ke layanan ${service}.`,
  movedIn: (code: string) => `↪️ ${code} dialihkan ke grup ini.`,
  groupRegistered: (service: string) => `Grup ini sekarang menerima tiket layanan ${service}.`,
  staffRequested: (id: number) => `Permintaan Anda tercatat (nomor ${id}) dan menunggu persetujuan admin.`,
  groupPostRejected: (group: string, channel: string, code: string | null) =>
    `⚠️ Pesan${code ? ` tiket ${code}` : ''} ke grup ${group} (${channel}) tidak dapat dikirim: bot sudah dikeluarkan atau grupnya tidak ada lagi. Periksa grupnya, atau daftarkan grup lain dengan /daftar-grup <kode layanan>.`,
  staffRequestPending: (id: number) =>
    `Permintaan Anda (nomor ${id}) sudah tercatat dan masih menunggu persetujuan admin. Tidak perlu dikirim ulang.`,
  staffRequestToAdmin: (id: number, who: string, role: string, where: string) =>
    `Permintaan staf #${id}: ${quoteReporterInline(who)} sebagai ${role}${where}. Setujui dengan /setujui-staf ${id}`,
  staffApproved: (id: number) => `Permintaan staf #${id} disetujui.`,
  staffApprovedToRequester: (role: string) => `Anda sekarang terdaftar sebagai ${role} di helpdesk.`,
  staffRequestNotFound: (id: string) => `Permintaan staf #${id} tidak ditemukan atau sudah disetujui.`,
  badRole: 'Peran harus salah satu dari: pengelola-teknis, pengelola-layanan, koordinator, penyedia.',
  reporterNote: (code: string, text: string) => `💬 Catatan pelapor ${code}:\n${quoteReporterText(text)}`,
  attachmentsAdded: (code: string, lines: string) => `📎 Pelapor ${code} menambahkan lampiran.\n${lines}`,
  reopened: (code: string) => `🔁 Pelapor menyatakan ${code} BELUM selesai; tiket dibuka kembali.`,
  cancelledByReporter: (code: string) => `✖️ ${code} dibatalkan oleh pelapor.`,
  closedConfirmed: (code: string, met: boolean | null) =>
    `🎉 ${code} dikonfirmasi selesai oleh pelapor${met === null ? '' : met ? ' (target terpenuhi)' : ' (target terlewati)'}.`,
  demoGroupWelcome: (service: string) =>
    `Grup demo tim teknis ${service}. Anggota: teknisi1 dan teknisi2 (kirim sebagai mereka di simulator). Tiket layanan ini akan muncul di sini; ketik /bantuan untuk daftar perintah.`,
  humanRequested: (code: string, note: string) =>
    `🙋 Pelapor ${code} minta bicara dengan petugas:\n${quoteReporterText(note)}\nBalas melalui /update ${code} <pesan>.`,
  tooLong: `Pesan terlalu panjang; hanya ${INBOUND_LIMITS.text.toLocaleString('id-ID')} karakter pertama yang diterima.`,
};

export const escalationText = (t: {
  code: string;
  kind: 'INCIDENT' | 'REQUEST';
  service: string;
  priority: Priority | null;
  responseDue: string | null;
  resolutionDue: string | null;
  /** Written by the reporter, like since and opd: quoted. */
  description: string;
  since: string | null;
  /** The reporter's masked identity. */
  reporter: string;
  /** The name they told (pemohon / identitas pelapor), quoted. */
  requesterName?: string | null;
  opd: string | null;
  urgency?: string | null;
  /** How many attachments the ticket has. */
  attachments: number;
  /** The stored ones with a signed link each, when links are offered (MEDIA_LINK_SECRET). */
  files?: AttachmentLink[];
  /** Until when the links work. */
  linksUntil?: string;
  /** The ticket this one continues after a kind change (002:465). */
  convertedFrom?: string | null;
  /** Set while the ticket may not be worked on yet (a change waiting for approval): said instead of /ambil. */
  hold?: string | null;
}) =>
  [
    t.kind === 'INCIDENT'
      ? `🚨 *Gangguan baru ${t.code}* — ${t.service}`
      : `📥 *Permintaan layanan ${t.code}* — ${t.service}`,
    t.convertedFrom
      ? `Lanjutan dari ${t.convertedFrom} (${t.kind === 'INCIDENT' ? 'permintaan layanan yang ternyata gangguan' : 'laporan gangguan yang ternyata permintaan layanan'}).`
      : null,
    t.priority ? `Prioritas: *${t.priority}*` : null,
    t.urgency ? `Urgensi: ${t.urgency.toLowerCase()}` : null,
    t.responseDue ? `Batas tanggap: ${t.responseDue}` : null,
    t.resolutionDue
      ? `${t.kind === 'INCIDENT' ? 'Batas penyelesaian' : 'Target pemenuhan'}: ${t.resolutionDue}`
      : null,
    `${t.kind === 'INCIDENT' ? 'Gejala' : 'Keperluan'} (tulisan pelapor):`,
    quoteReporterText(t.description),
    t.since ? `Sejak (tulisan pelapor):\n${quoteReporterText(t.since)}` : null,
    `Pelapor: ${t.reporter}${t.requesterName ? ` (${quoteReporterInline(t.requesterName)})` : ''}${
      t.opd ? (t.opd === CITIZEN ? ', masyarakat umum' : `, OPD ${quoteReporterInline(t.opd)}`) : ''
    }`,
    attachmentLines(t.code, t.attachments, t.files ?? [], t.linksUntil),
    t.hold ?? `Ambil dengan /ambil ${t.code} (atau balas pesan ini dengan /ambil).`,
  ]
    .filter(Boolean)
    .join('\n');

export const progressText = {
  claimed: (code: string, team: string) => `Tiket *${code}* sedang ditangani oleh tim ${team}.`,
  estimate: (code: string, due: string) => `Estimasi penyelesaian tiket *${code}*: ${due}.`,
  update: (code: string, text: string) => `Perkembangan tiket *${code}*:\n${text}`,
  priority: (code: string, p: Priority, due: string) =>
    `Prioritas tiket *${code}* disesuaikan menjadi *${p}*; target penyelesaian ${due}.`,
  resolvedFollower: (code: string, resolution: string) =>
    `Gangguan *${code}* sudah ditangani. Solusi: ${resolution}`,
  moved: (code: string, service: string) =>
    `Tiket *${code}* dialihkan ke layanan ${service} dan diteruskan ke tim terkait.`,
  autoClosed: (code: string) => `Tiket *${code}* ditutup karena tidak ada konfirmasi.`,
  answerRelayed: (code: string) =>
    `Terima kasih, jawaban Anda sudah diteruskan ke tim teknis (tiket *${code}*).`,
  cancelledForFollower: (code: string) =>
    `Laporan gangguan *${code}* yang Anda ikuti dibatalkan oleh pelapor pertamanya. Jika gangguan masih terjadi, laporkan lagi lewat *menu* → *3 Laporkan gangguan*.`,
  closedForFollower: (code: string) => `Gangguan *${code}* sudah dinyatakan selesai dan ditutup.`,
};

export const slaText = {
  responseReminder: (code: string, p: string, due: string) =>
    `⏰ ${code} (${p}) belum diambil. Batas tanggap ${due}. Ambil dengan /ambil ${code}.`,
  responseBreach: (code: string, p: string, service: string) =>
    `🔴 Target tanggap ${code} (${p}, ${service}) TERLEWATI: belum ada petugas yang mengambil.`,
  resolutionWarning: (code: string, p: string, due: string) =>
    `⚠️ ${code} (${p}): 75% waktu penyelesaian terpakai. Batas ${due}.`,
  resolutionBreach: (code: string, p: string, service: string) =>
    `🔴 Target penyelesaian ${code} (${p}, ${service}) TERLEWATI.`,
  questionUnanswered: (code: string) =>
    `⏳ Pelapor ${code} belum menjawab pertanyaan tim sejak sehari kerja; pertanyaan dikirim ulang.`,
  estimateExceeded: (code: string, service: string, team: string) =>
    `📣 Estimasi penanganan ${code} (${service}) terlampaui. Tim ${team} diminta melaporkan perkembangannya kepada Penyedia Layanan.`,
  merged: (count: number, lines: string[]) =>
    `Ada ${count} peringatan:\n${lines.map((l) => `• ${l}`).join('\n')}`,
};

/** A stored attachment as a staff post shows it. */
export interface AttachmentLink {
  kind: AttachmentKind;
  /** As the reporter sent it (quoted here). */
  name: string | null;
  size: number;
  url: string;
}

const KIND_WORDS: Record<AttachmentKind, string> = {
  image: 'Foto',
  audio: 'Pesan suara',
  video: 'Video',
  document: 'Dokumen',
  sticker: 'Stiker',
  location: 'Lokasi',
};

/** "120 KB", "2,4 MB". */
export function describeSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(Math.round((bytes / (1024 * 1024)) * 10) / 10).toLocaleString('id-ID')} MB`;
}

/**
 * The attachments of a ticket in a staff post: each stored file with its link, and how many others
 * there are; without links, how many there are and that they are on the ticket.
 */
export function attachmentLines(
  code: string,
  count: number,
  files: readonly AttachmentLink[],
  until?: string,
): string | null {
  if (count === 0) return null;
  if (files.length === 0) return `Lampiran: ${count} berkas, tercatat di tiket ${code}.`;
  const others = count - files.length;
  return [
    `Lampiran${until ? ` (tautan berlaku sampai ${until})` : ''}:`,
    ...files.map(
      (f) =>
        `• ${KIND_WORDS[f.kind]}${f.name ? ` ${quoteReporterInline(f.name)}` : ''} (${describeSize(f.size)}): ${f.url}`,
    ),
    ...(others > 0 ? [`• ${others} lampiran lain tercatat di tiket ${code}.`] : []),
  ].join('\n');
}
