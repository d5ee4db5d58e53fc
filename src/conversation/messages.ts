/**
 * Every sentence the bot says to reporters, in one place so it can be reviewed and translated.
 * WhatsApp-style markup: *bold*, _italic_; numbered choices are rendered by each adapter.
 */
import { type AttachmentKind, type Choice, INBOUND_LIMITS } from '../channel.ts';
import type { Impact, Priority, TargetDuration, TicketStatus } from '../domain.ts';
import { describeDuration } from '../sla/priority.ts';
import { STATUS_LABELS } from '../tickets/lifecycle.ts';
import type { Requester } from '../understand/requester.ts';

export const MENU_CHOICES: Choice[] = [
  { id: 'menu:1', label: 'Tanya jawab (FAQ)' },
  { id: 'menu:2', label: 'Ajukan permintaan layanan' },
  { id: 'menu:3', label: 'Laporkan gangguan' },
  { id: 'menu:4', label: 'Cek status tiket' },
  { id: 'menu:5', label: 'Bicara dengan petugas' },
];

export const YES_NO: Choice[] = [
  { id: 'yes', label: 'Ya' },
  { id: 'no', label: 'Tidak' },
];

export const SOLVED_CHOICES: Choice[] = [
  { id: 'solved', label: 'Ya, sudah selesai' },
  { id: 'unsolved', label: 'Belum' },
];

export const IMPACT_CHOICES: Choice[] = [
  { id: 'impact:MAJOR', label: 'Semua / banyak pengguna tidak bisa memakai layanan' },
  { id: 'impact:MINOR', label: 'Hanya saya atau beberapa orang' },
];

export const REQUEST_CONFIRM_CHOICES: Choice[] = [
  { id: 'submit', label: 'Kirim permintaan' },
  { id: 'cancel', label: 'Batal' },
];

export const INCIDENT_CONFIRM_CHOICES: Choice[] = [
  { id: 'submit', label: 'Kirim laporan' },
  { id: 'cancel', label: 'Batal' },
];

export const DRAFT_CHOICES: Choice[] = [
  { id: 'draft:resume', label: 'Lanjutkan' },
  { id: 'draft:restart', label: 'Mulai baru' },
];

/** The last item of a shortened service list: shows them all. */
export const MORE_SERVICES: Choice = { id: 'svc:*', label: 'Lainnya' };

const IMPACT_WORDS: Record<Impact, string> = {
  MAJOR: 'semua/banyak pengguna terdampak',
  MINOR: 'hanya saya atau beberapa orang',
};

/** What the helpdesk is for, said when something is outside it. */
const SCOPE =
  'Helpdesk SPBE melayani layanan TIK pemerintah daerah: aplikasi (SIMPEG, e-Kinerja, SRIKANDI, SIPD, LPSE…), e-mail dinas, jaringan internet kantor, server, perangkat kantor, dan video conference.';

export const RATING_CHOICES: Choice[] = [
  { id: 'rate:1', label: '1 Tidak puas' },
  { id: 'rate:2', label: '2 Kurang puas' },
  { id: 'rate:3', label: '3 Cukup' },
  { id: 'rate:4', label: '4 Puas' },
  { id: 'rate:5', label: '5 Memuaskan' },
];

const ATTACHMENT_WORDS: Record<AttachmentKind, string> = {
  image: 'foto',
  audio: 'pesan suara',
  video: 'video',
  document: 'dokumen',
  sticker: 'stiker',
  location: 'lokasi',
};

/** "\n• Pemohon: Budi Santoso, Dinas Kesehatan", or nothing when the reporter told nothing. */
function whoLine(label: string, who: Requester | null): string {
  const parts = [who?.name, who?.opd].filter((x): x is string => !!x);
  return parts.length ? `\n• ${label}: ${parts.join(', ')}` : '';
}

export const text = {
  greeting: 'Halo! 👋 Saya asisten Helpdesk SPBE. Silakan pilih layanan dengan membalas angkanya:',
  menu: 'Silakan pilih dengan membalas angkanya:',
  menuHint: 'Ketik *menu* kapan saja untuk kembali ke pilihan utama.',
  askFaq: 'Silakan ketik pertanyaan Anda.',
  faqFollowUp: 'Ada lagi? Ketik pertanyaan lain, atau *menu* untuk pilihan utama.',
  faqWithActions: 'Pilih di bawah, atau ketik pertanyaan lain.',
  notUnderstood: `Maaf, saya belum mengerti maksud Anda. ${SCOPE} Coba tulis dengan kata lain, atau pilih dari menu:`,
  outOfScope: (where: string) =>
    `${where ? `${where}\n\n` : 'Maaf, hal itu di luar layanan kami. '}${SCOPE} Pengaduan pelayanan publik lainnya dapat disampaikan lewat *SP4N-LAPOR!* (lapor.go.id). Ada yang bisa kami bantu?`,
  notUnderstoodTwice:
    'Maaf, saya masih belum mengerti. Anda bisa memilih dari menu, atau balas *5* untuk bicara dengan petugas.',
  cancelled: 'Baik, dibatalkan.',
  emptyMessage: 'Pesan Anda kosong. Ketik pertanyaan Anda, atau *menu* untuk melihat pilihan.',
  noTextContent:
    'Maaf, saya hanya bisa membaca teks. Mohon tuliskan pertanyaan atau keluhan Anda dengan kata-kata.',
  tooLong: `Pesan Anda terlalu panjang; hanya ${INBOUND_LIMITS.text.toLocaleString('id-ID')} karakter pertama yang kami terima.`,
  askRequestService: 'Layanan apa yang Anda butuhkan? Balas dengan angka, atau ketik nama layanannya:',
  askIncidentService: 'Layanan atau aplikasi apa yang bermasalah? Balas dengan angka, atau ketik namanya:',
  serviceNotFound:
    'Maaf, layanan itu tidak saya temukan. Balas dengan angka dari daftar, atau ketik nama lain:',
  serviceAmbiguous: 'Maksud Anda yang mana?',
  askRequestDescription: (service: string) =>
    `Anda memilih *${service}*. Jelaskan kebutuhan Anda (misalnya nama, unit kerja, dan apa yang diminta):`,
  askIncidentDescription: (service: string) =>
    `Gangguan pada *${service}*. Apa yang terjadi? Ceritakan gejalanya (pesan error, apa yang tidak bisa dilakukan):`,
  askSince: 'Sejak kapan gangguan ini terjadi? (misalnya: "tadi pagi jam 9", "sejak kemarin")',
  askImpact: 'Seberapa luas dampaknya?',
  describeTooShort: 'Mohon jelaskan sedikit lebih rinci (minimal beberapa kata).',
  askSubmitAgain: 'Mohon balas *1* untuk mengirim atau *2* untuk membatalkan.',
  askIdentity:
    'Boleh tahu nama lengkap dan instansi/OPD Anda? Contoh: _Budi Santoso, Dinas Kesehatan_. NIP boleh ditambahkan (tidak wajib). Warga cukup tulis nama.',
  /** `target` already in words ({@link describeTarget}). */
  confirmRequest: (service: string, description: string, target: string | null, who: Requester | null) =>
    `Mohon periksa permintaan Anda:${whoLine('Pemohon', who)}\n• Layanan: *${service}*\n• Keperluan: ${description}${
      target ? `\n• Target pemenuhan: ${target}` : ''
    }\n\nKirim permintaan ini?`,
  confirmIncident: (
    service: string,
    description: string,
    since: string,
    impact: Impact,
    who: Requester | null,
  ) =>
    `Mohon periksa laporan Anda:${whoLine('Pelapor', who)}\n• Layanan: *${service}*\n• Gejala: ${description}\n• Sejak: ${since}\n• Dampak: ${IMPACT_WORDS[impact]}\n\nKirim laporan ini?`,
  askSubmitIncidentAgain: 'Mohon balas *1* untuk mengirim laporan atau *2* untuk membatalkan.',
  noted: (service: string) => `Baik, gangguan pada *${service}* saya catat.`,
  requestNoted: (service: string) => `Baik, permintaan *${service}* saya catat.`,
  moreServices: 'Berikut semua layanan. Balas dengan angka, atau ketik namanya:',
  draftKept: (until: string) =>
    `Laporan Anda belum selesai, jadi kami simpan sampai ${until}. Balas *lanjut* untuk melanjutkan, atau langsung jawab pertanyaan terakhir.`,
  draftOffer: (what: string) => `Laporan Anda tentang *${what}* belum selesai. Mau dilanjutkan?`,
  draftResumed: 'Baik, kita lanjutkan.',
  followupPick: 'Pesan ini tentang tiket yang mana?',
  knownOutage: (code: string, service: string) =>
    `Gangguan pada *${service}* sudah kami terima sebelumnya (tiket *${code}*) dan sedang ditangani tim teknis. Anda tidak perlu melapor ulang; kami akan mengabari Anda setiap ada perkembangan.`,
  askStatusCode: 'Ketik kode tiket Anda (contoh: GGN-2026-0001 atau LYN-2026-0001):',
  noOpenTickets: 'Anda tidak memiliki tiket yang sedang berjalan.',
  askCancelPick: 'Tiket mana yang ingin dibatalkan?',
  confirmCancel: (code: string) => `Yakin membatalkan tiket *${code}*?`,
  keepTicket: (code: string) => `Baik, tiket *${code}* tidak dibatalkan.`,
  askHumanPick: 'Apakah ini terkait tiket Anda yang sedang berjalan?',
  askHumanNote: 'Silakan tulis singkat apa yang ingin Anda sampaikan kepada petugas:',
  otherMatter: 'Hal lain',
  askSolved: (code: string, resolution: string, closesAt: string | null) =>
    `Tim teknis menyatakan tiket *${code}* sudah selesai.${resolution ? `\nSolusi: ${resolution}` : ''}\n\nApakah masalah sudah selesai?${
      closesAt ? ` Tanpa jawaban, tiket ditutup otomatis pada ${closesAt}.` : ''
    }`,
  confirmReminder: (code: string, closes: boolean) =>
    `Pengingat: mohon konfirmasi apakah masalah pada tiket *${code}* sudah selesai.${closes ? ' Tanpa jawaban, tiket akan ditutup otomatis.' : ''}`,
  askSolvedAgain: 'Mohon balas *1* jika sudah selesai, atau *2* jika belum.',
  askReopenReason:
    'Maaf masalahnya belum selesai. Apa yang masih bermasalah? Tim teknis akan menindaklanjuti.',
  askRating:
    'Terima kasih atas konfirmasinya. Seberapa puas Anda dengan penanganan ini? Balas angka *1* (tidak puas) sampai *5* (memuaskan).',
  ratingInvalid:
    'Mohon balas dengan satu angka dari *1* sampai *5* (1 = tidak puas, 5 = memuaskan), atau ketik *menu* untuk keperluan lain.',
  askFeedback:
    'Terima kasih atas penilaiannya! Ada saran atau masukan untuk kami? Tulis di sini, atau ketik *lewati*.',
  feedbackThanks: 'Terima kasih, masukan Anda sudah kami catat. 🙏',
  feedbackSkipped: 'Terima kasih! Tiket sudah ditutup.',
  attachmentReceived: (kinds: AttachmentKind[], inFlow: boolean) =>
    `Terima kasih, ${[...new Set(kinds)].map((k) => ATTACHMENT_WORDS[k]).join(' dan ')} Anda sudah kami simpan sebagai lampiran.${
      inFlow
        ? ''
        : ' Mohon jelaskan juga dengan teks singkat apa yang ingin Anda sampaikan, atau ketik *menu*.'
    }`,
  backToQuestion: 'Kembali ke pertanyaan sebelumnya:',
  resumeForm: 'Kita lanjutkan laporan Anda yang tadi.',
  question: (code: string, question: string) =>
    `Tim teknis bertanya tentang tiket *${code}*:\n${question}\n\nSilakan balas di sini dengan jawaban Anda.`,
  askRatingAfterClose:
    'Seberapa puas Anda dengan penanganan tiket ini? Balas angka *1* (tidak puas) sampai *5* (memuaskan), atau ketik *menu*.',
  internalError:
    'Maaf, pesan Anda belum dapat kami proses karena gangguan sistem. Pesan sudah tercatat dan akan diperiksa petugas; silakan coba lagi beberapa saat lagi.',
} as const;

/**
 * A target in plain words: "3 jam kerja", "1 hari kerja" when the clock counts office hours only, so
 * "30 menit" reported at 01.28 does not read as "by 02.00".
 */
export function describeTarget(target: TargetDuration, workingHours: boolean): string {
  const plain = describeDuration(target);
  if (!workingHours) return plain;
  return target.unit === 'minutes' && target.value < 60 ? `${plain} pada jam kerja` : `${plain} kerja`;
}

export const ticketText = {
  requestOpened: (
    code: string,
    service: string,
    target: TargetDuration | null,
    due: string | null,
    workingHours: boolean,
  ) =>
    `Permintaan Anda sudah kami terima dengan nomor tiket *${code}* (${service}).${
      target && due
        ? `\nTarget pemenuhan: ${describeTarget(target, workingHours)}, paling lambat *${due}*.`
        : ''
    }\nKami akan mengabari setiap perkembangannya di sini. Cek status kapan saja: ketik *status ${code}*.`,
  incidentOpened: (
    code: string,
    service: string,
    priority: Priority,
    response: TargetDuration,
    responseDue: string,
    resolution: TargetDuration,
    resolutionDue: string,
    workingHours: boolean,
  ) =>
    `Laporan gangguan Anda sudah kami terima dengan nomor tiket *${code}* (${service}), prioritas *${priority}*.\n` +
    `• Petugas menanggapi dalam ${describeTarget(response, workingHours)}, paling lambat ${responseDue}\n` +
    `• Target penyelesaian ${describeTarget(resolution, workingHours)}, paling lambat ${resolutionDue}\n` +
    `Laporan sudah diteruskan ke tim teknis. Cek status kapan saja: ketik *status ${code}*.`,
  alreadyReported: (code: string) =>
    `Anda sudah melaporkan gangguan ini dengan tiket *${code}*; tim teknis sedang menanganinya.`,
  status: (
    code: string,
    service: string,
    status: TicketStatus,
    lastUpdate: string,
    due: string | null,
    closing: { resolution: string | null; rating: number | null } = { resolution: null, rating: null },
  ) =>
    `Tiket *${code}* (${service})\n• Status: *${STATUS_LABELS[status]}*\n• Pembaruan terakhir: ${lastUpdate}${
      due ? `\n• Target selesai: ${due}` : ''
    }${closing.resolution ? `\n• Solusi: ${closing.resolution}` : ''}${
      closing.rating ? `\n• Penilaian Anda: ${closing.rating}/5` : ''
    }`,
  commentAdded: (code: string, status: TicketStatus) =>
    `Pesan Anda sudah kami teruskan ke tim teknis untuk tiket *${code}* (status: ${STATUS_LABELS[status]}). Kami kabari lagi di sini.`,
  statusList: (lines: string[]) =>
    `Tiket Anda:\n${lines.join('\n')}\n\nKetik *status <kode tiket>* untuk rinciannya.`,
  statusLine: (code: string, service: string, status: TicketStatus) =>
    `• *${code}* ${service}: ${STATUS_LABELS[status]}`,
  notFound: (code: string) => `Tiket *${code}* tidak ditemukan, atau bukan tiket Anda. Periksa lagi kodenya.`,
  cancelledOk: (code: string) => `Tiket *${code}* sudah dibatalkan. Terima kasih.`,
  cannotCancel: (code: string, reason: string) => `Tiket *${code}* tidak dapat dibatalkan. ${reason}`,
  humanRequested: (code: string, when: string) =>
    `Permintaan Anda untuk bicara dengan petugas sudah dicatat (tiket *${code}*). ${when}`,
  humanDuringHours: (hours: string) =>
    `Petugas akan membalas di chat ini secepatnya (jam layanan: ${hours}).`,
  humanOutsideHours: (hours: string, next: string) =>
    `Saat ini di luar jam layanan (${hours}); petugas akan membalas mulai *${next}*.`,
  closedConfirmed: (code: string) => `Tiket *${code}* ditutup. Terima kasih atas konfirmasinya.`,
  reopened: (code: string) => `Tiket *${code}* dibuka kembali dan diteruskan lagi ke tim teknis.`,
  reopenNoted: (code: string) => `Keterangan Anda sudah diteruskan ke tim teknis untuk tiket *${code}*.`,
  ratingSaved: (code: string, rating: number) =>
    `Penilaian ${rating} untuk tiket *${code}* sudah kami catat.`,
  notAwaitingConfirmation: (code: string) =>
    `Tiket *${code}* saat ini tidak sedang menunggu konfirmasi Anda.`,
  attachmentsAdded: (code: string) => `Lampiran ditambahkan ke tiket *${code}*.`,
} as const;

/** About the files a reporter sends (src/media/). */
export const mediaText = {
  tooLarge: (kinds: AttachmentKind[], limitMb: number) =>
    `Maaf, ${[...new Set(kinds)].map((k) => ATTACHMENT_WORDS[k]).join(' dan ')} Anda lebih dari ${limitMb.toLocaleString('id-ID')} MB sehingga tidak bisa kami simpan. Bila petugas perlu melihatnya, kirim versi yang lebih kecil.`,
};
