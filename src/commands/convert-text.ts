/** What staff and reporters read about a kind change (/jadikan-gangguan, /jadikan-permintaan). */
import type { Priority } from '../domain.ts';

const KIND_WORDS = { INCIDENT: 'gangguan', REQUEST: 'permintaan layanan' } as const;

export const convertText = {
  // To staff, in the chat the command came from.
  alreadyKind: (code: string, kind: 'INCIDENT' | 'REQUEST') => `${code} sudah tiket ${KIND_WORDS[kind]}.`,
  alreadyConverted: (code: string, to: string | null) =>
    `${code} sudah dilanjutkan dengan tiket ${to ?? 'lain'}; tidak diubah lagi.`,
  finished: (code: string) =>
    `${code} sudah selesai, ditutup atau dibatalkan; jenisnya tidak dapat diubah lagi.`,
  notTaking: (service: string, kind: 'INCIDENT' | 'REQUEST', choices: string) =>
    `Layanan ${service} tidak menerima ${KIND_WORDS[kind]}. Pilih kode layanan lain, mis. ${choices}.`,
  askService: (
    code: string,
    service: string,
    kind: 'INCIDENT' | 'REQUEST',
    choices: string,
    example: string,
  ) =>
    `${code} tercatat di layanan ${service}, yang tidak menerima ${KIND_WORDS[kind]}. Sebutkan kode layanannya (mis. ${choices}). Contoh: ${example}`,
  askImpact: (example: string) =>
    `Dampaknya besar (layanan berhenti untuk banyak pengguna) atau kecil? Kirim: ${example}`,
  toIncident: (from: string, to: string, service: string, p: Priority) =>
    `🔀 ${from} dijadikan gangguan ${to} (${service}, prioritas ${p}). Pelapor sudah diberi tahu kode barunya.`,
  toKnownOutage: (from: string, to: string, service: string) =>
    `🔗 ${from} ternyata gangguan yang sudah dilaporkan: pelapornya kini ikut ${to} (${service}) dan menerima kabar perkembangannya.`,
  toRequest: (from: string, to: string, service: string, approval: boolean) =>
    `🔀 ${from} dijadikan permintaan layanan ${to} (${service}).${approval ? ' Menunggu persetujuan Penyedia Layanan.' : ''} Pelapor sudah diberi tahu kode barunya.`,
  // To the old ticket's group, when the new one went elsewhere.
  movedAway: (from: string, to: string, service: string) =>
    `↪️ ${from} dilanjutkan sebagai ${to} (${service}) dan diteruskan ke tim layanan itu.`,
  // To the known outage's group.
  joinedOutage: (from: string, to: string) =>
    `🔗 Pelapor ${from} (permintaan yang ternyata gangguan ini) kini ikut ${to}.`,

  // To the reporter (and those following the ticket).
  reporterIncident: (from: string, to: string, p: Priority, due: string, responded: boolean) =>
    `Laporan *${from}* ternyata gangguan layanan, kami lanjutkan dengan kode *${to}* (prioritas ${p}, target ${responded ? 'penyelesaian' : 'respons'} ${due}).`,
  reporterKnownOutage: (from: string, to: string, service: string) =>
    `Laporan *${from}* ternyata bagian dari gangguan *${to}* (${service}) yang sedang ditangani tim teknis. Kabar perkembangannya kami kirim ke sini.`,
  reporterRequest: (from: string, to: string, due: string | null, approval: boolean) =>
    `Laporan *${from}* ternyata permintaan layanan, kami lanjutkan dengan kode *${to}*${due ? ` (target pemenuhan ${due})` : ''}.${approval ? ' Permintaan ini perlu persetujuan Penyedia Layanan lebih dulu.' : ''}`,
  /** Before the status of the ticket an old code continues as. */
  continuedAs: (from: string, to: string) => `Tiket *${from}* dilanjutkan dengan kode *${to}*.`,
};
