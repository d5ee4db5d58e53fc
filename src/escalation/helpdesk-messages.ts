/**
 * What the bot says about the helpdesk level (Pengelola Layanan, 002:277, 463): to the helpdesk group and
 * its officers, to the technical team a ticket is forwarded to, and to the reporter.
 */
import { COMMAND_USAGE } from './messages.ts';

/** The name a helpdesk group is registered with. */
export const HELPDESK_GROUP_NAME = 'Pengelola Layanan (Helpdesk)';

/** The commands a helpdesk officer uses, in the order /bantuan lists them. */
const OFFICER_COMMANDS = ['ambil', 'update', 'umumkan', 'tanya', 'selesai', 'teruskan', 'bantuan'];

export const helpdeskText = {
  help: `Perintah Pengelola Layanan (helpdesk). Kode tiket boleh diganti dengan membalas pesan tiketnya.\n${OFFICER_COMMANDS.map(
    (c) => `• ${COMMAND_USAGE[c]}`,
  ).join(
    '\n',
  )}\nPermintaan layanan masuk ke grup ini dulu: selesaikan yang sederhana, teruskan yang perlu tim teknis. Gangguan langsung ke tim teknis; kabari pelapornya dengan /update.`,
  groupRegistered: (previous: string | null) =>
    `Grup ini sekarang grup helpdesk (${HELPDESK_GROUP_NAME}): setiap permintaan layanan masuk ke sini dulu, dan setiap gangguan baru diberitahukan di sini.${previous ? ` Grup helpdesk sebelumnya (${previous}) tidak lagi menerimanya; petugas di sana perlu mendaftar ulang di grup ini.` : ''} Petugas mendaftar dengan /daftar-staf pengelola-layanan.`,
  alreadyRegistered: `Grup ini sudah menjadi grup helpdesk (${HELPDESK_GROUP_NAME}).`,
  registerInHelpdeskGroup:
    'Pendaftaran Pengelola Layanan diketik di grup helpdesk atau di chat pribadi dengan bot, bukan di grup tim teknis. Grup helpdesk didaftarkan admin dengan /daftar-grup helpdesk.',
  /** A Pengelola Teknis on a ticket the helpdesk has not passed on yet. */
  stillAtHelpdesk: (code: string) =>
    `Tiket ${code} masih di helpdesk (Pengelola Layanan); tunggu diteruskan ke tim Anda.`,
  /** An officer using a technical team's command on a helpdesk-level ticket. */
  teamCommand: (code: string) =>
    `Tiket ${code}: perintah ini untuk tim teknis. Teruskan dulu dengan /teruskan ${code} <catatan>.`,
  notOfficer: 'Maaf, perintah ini hanya untuk Pengelola Layanan (helpdesk).',
  wrongGroup: 'Perintah helpdesk diketik di grup helpdesk atau di chat pribadi dengan bot.',
  alreadyForwarded: (code: string, team: string) =>
    `Tiket ${code} sudah di tim teknis (${team}); tidak perlu diteruskan lagi.`,
  forwarded: (code: string, team: string) => `↪️ ${code} diteruskan ke tim teknis ${team}.`,
  /** Heads the escalation the technical team gets of a forwarded ticket. */
  forwardedBy: (who: string, note: string) =>
    `↪️ Diteruskan oleh Pengelola Layanan ${who}${note ? `: ${note}` : '.'}`,
  /** Ends the escalation the helpdesk group gets of a new request. */
  escalationHint: (code: string) =>
    `Selesaikan di sini, atau teruskan ke tim teknis dengan /teruskan ${code} <catatan>.`,
  /** The helpdesk group's one line about a new incident, which went straight to its team (002:488). */
  incidentNotice: (code: string, service: string, priority: string | null, team: string) =>
    `🚨 Gangguan baru ${code} — ${service}${priority ? ` (${priority})` : ''}, langsung ke tim ${team}. Kabari pelapor dengan /update ${code} <teks>.`,
  /** To the reporter. */
  reporterForwarded: (code: string, team: string) =>
    `Tiket *${code}* diteruskan ke tim teknis ${team} untuk ditindaklanjuti. Kabar berikutnya akan kami sampaikan di sini.`,
  reporterClaimed: (code: string) => `Tiket *${code}* sedang ditangani petugas helpdesk.`,
};
