/**
 * The /catat form: a report that came by phone, letter, e-mail or in person, typed by a helpdesk officer
 * in one message — a first line "telepon gangguan simpeg" and labelled lines ("nama: Budi Santoso").
 * Pure: reads the text, says what is missing or wrong, and holds the texts of the command.
 */
import type { Impact, ReportingMethod, TicketKind } from '../domain.ts';
import { METHOD_WORDS } from '../tickets/reporting-method.ts';

export interface CatatForm {
  method: ReportingMethod;
  kind: TicketKind;
  /** The service as typed: a catalogue code or a loose name. */
  service: string;
  name: string;
  opd: string | null;
  nip: string | null;
  /** A phone number (national form, digits only) or an e-mail address (lowercase). */
  phone: string | null;
  email: string | null;
  description: string;
  since: string | null;
  /** Incidents only. */
  impact: Impact | null;
}

export type CatatParse = { ok: true; form: CatatForm } | { ok: false; problems: string[] };

const METHODS: Record<string, ReportingMethod> = {
  telepon: 'TELEPON',
  telpon: 'TELEPON',
  telp: 'TELEPON',
  tlp: 'TELEPON',
  telefon: 'TELEPON',
  surat: 'SURAT',
  email: 'EMAIL',
  'e-mail': 'EMAIL',
  surel: 'EMAIL',
  datang: 'DATANG_LANGSUNG',
  'datang-langsung': 'DATANG_LANGSUNG',
};

const KINDS: Record<string, TicketKind> = {
  gangguan: 'INCIDENT',
  permintaan: 'REQUEST',
};

type Field = 'layanan' | 'nama' | 'opd' | 'nip' | 'kontak' | 'uraian' | 'sejak' | 'dampak';

const LABELS: Record<string, Field> = {
  layanan: 'layanan',
  nama: 'nama',
  opd: 'opd',
  instansi: 'opd',
  'unit kerja': 'opd',
  'perangkat daerah': 'opd',
  nip: 'nip',
  kontak: 'kontak',
  hp: 'kontak',
  'no hp': 'kontak',
  telepon: 'kontak',
  email: 'kontak',
  'e-mail': 'kontak',
  uraian: 'uraian',
  keterangan: 'uraian',
  keluhan: 'uraian',
  gejala: 'uraian',
  keperluan: 'uraian',
  sejak: 'sejak',
  dampak: 'dampak',
};

const IMPACTS: Record<string, Impact> = {
  besar: 'MAJOR',
  luas: 'MAJOR',
  banyak: 'MAJOR',
  kecil: 'MINOR',
  sedikit: 'MINOR',
};

const LABELLED = /^\s*([a-z][a-z -]*?)\s*:\s*([\s\S]*)$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** 0812 3456 7890, +62 812-3456-7890, (0254) 123456 → national digits; null when it is no number. */
export function normalizePhone(text: string): string | null {
  const digits = text.replace(/[\s().-]/g, '').replace(/^\+?62/, '0');
  return /^0\d{7,13}$/.test(digits) ? digits : null;
}

/** Reads the text after "/catat". */
export function parseCatat(rest: string): CatatParse {
  const [header = '', ...lines] = rest.split('\n');
  const problems: string[] = [];
  const missing: string[] = [];

  // First line: how it came, what it is, and (unless on a "layanan:" line) the service.
  const words = header.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let method: ReportingMethod | undefined;
  const first = words[0] ?? '';
  if (METHODS[first]) {
    method = METHODS[first];
    words.shift();
    if (method === 'DATANG_LANGSUNG' && words[0] === 'langsung') words.shift();
  } else if (first && !KINDS[first]) {
    problems.push(catatText.badMethod(first));
    words.shift();
  } else missing.push('cara melapor (telepon, surat, email atau datang)');
  const kind: TicketKind | undefined = KINDS[words[0] ?? ''];
  if (kind) words.shift();

  const values: Partial<Record<Field, string>> = {};
  let current: Field | null = null;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const m = LABELLED.exec(line);
    const field = m ? LABELS[(m[1] as string).toLowerCase().replace(/\s+/g, ' ')] : undefined;
    if (m && field) {
      current = field;
      values[field] = (m[2] as string).trim();
    } else if (current) {
      // A line without a known label goes on with the field before it (a long description).
      values[current] = `${values[current] ?? ''}\n${line.trim()}`.trim();
    } else problems.push(catatText.unreadLine(line.trim()));
  }

  if (!kind) missing.push('jenis (gangguan atau permintaan)');
  const service = values.layanan || words.join(' ');
  if (!service) missing.push('layanan');
  const name = values.nama ?? '';
  if (!name) missing.push('nama');
  const description = values.uraian ?? '';
  if (!description) missing.push('uraian');

  let impact: Impact | null = null;
  if (kind === 'INCIDENT') {
    const word = (values.dampak ?? '').toLowerCase().split(/\s+/)[0] ?? '';
    if (!values.dampak) missing.push('dampak (besar atau kecil)');
    else if (!IMPACTS[word]) problems.push(catatText.badImpact(values.dampak));
    else impact = IMPACTS[word] ?? null;
  }

  let nip: string | null = null;
  if (values.nip) {
    nip = values.nip.replace(/\s/g, '');
    if (!/^\d{18}$/.test(nip)) problems.push(catatText.badNip);
  }

  let phone: string | null = null;
  let email: string | null = null;
  if (values.kontak) {
    const k = values.kontak.trim();
    if (k.includes('@')) {
      email = k.toLowerCase();
      if (!EMAIL.test(email)) problems.push(catatText.badContact(k));
    } else {
      phone = normalizePhone(k);
      if (!phone) problems.push(catatText.badContact(k));
    }
  }

  if (missing.length > 0) problems.unshift(catatText.missing(missing));
  if (problems.length > 0 || !method || !kind) return { ok: false, problems };
  return {
    ok: true,
    form: {
      method,
      kind,
      service,
      name,
      opd: values.opd || null,
      nip,
      phone,
      email,
      description,
      since: values.sejak || null,
      impact,
    },
  };
}

const TEMPLATE = `/catat telepon gangguan simpeg
nama: Budi Santoso
opd: Dinas Kesehatan
nip: 198701012010011001
kontak: 0812 3456 7890
uraian: tidak bisa login sejak pagi
sejak: tadi pagi jam 8
dampak: besar`;

/** What /catat says. Person names are typed by the officer, not by the person: shown as typed. */
export const catatText = {
  template: `Contoh (nip, kontak dan sejak boleh dikosongkan; dampak hanya untuk gangguan):\n${TEMPLATE}`,
  missing: (fields: string[]) => `Masih kurang: ${fields.join(', ')}.`,
  unreadLine: (line: string) => `Baris "${line}" tidak saya pahami; awali dengan nama:, opd:, uraian:, dst.`,
  badMethod: (word: string) =>
    `Cara melapor "${word}" tidak dikenal; tulis telepon, surat, email atau datang.`,
  badImpact: (text: string) => `Dampak "${text}" tidak dikenali; tulis besar atau kecil.`,
  badNip: 'NIP harus 18 angka.',
  badContact: (text: string) => `Kontak "${text}" bukan nomor telepon atau alamat e-mail.`,
  notRecorded: (problems: string[], template: string) =>
    `Laporan belum dicatat.\n${problems.map((p) => `• ${p}`).join('\n')}\n\n${template}`,
  notHere:
    'Kirim /catat lewat chat pribadi dengan bot, supaya kabar perkembangan, konfirmasi dan penilaiannya sampai ke Anda.',
  notHelpdesk:
    'Maaf, /catat hanya untuk petugas helpdesk (Pengelola Layanan) dan koordinator. Minta didaftarkan dengan /daftar-staf pengelola-layanan.',
  noStaffRow:
    'Anda admin tetapi belum terdaftar sebagai petugas. Daftar dulu dengan /daftar-staf pengelola-layanan agar laporan tercatat atas nama Anda.',
  unknownService: (text: string, options: string[]) =>
    `Layanan "${text}" tidak ditemukan di katalog.${options.length ? ` Mungkin maksudnya: ${options.join(', ')}?` : ''} Tulis kode layanannya, mis. simpeg.`,
  wrongKind: (service: string, kind: TicketKind) =>
    kind === 'INCIDENT'
      ? `Layanan ${service} tidak menerima laporan gangguan; catat sebagai permintaan.`
      : `Layanan ${service} tidak menerima permintaan; catat sebagai gangguan.`,
  who: (name: string, method: ReportingMethod) => `${name} (lapor via ${METHOD_WORDS[method]})`,
  relay:
    'Kabar perkembangan, konfirmasi selesai dan permintaan penilaian akan datang ke chat ini; mohon sampaikan kepada pelapor.',
  incidentRecorded: (who: string, code: string, service: string, priority: string, lines: string[]) =>
    [`📝 Laporan gangguan ${who} tercatat: *${code}* — ${service}, prioritas *${priority}*.`, ...lines].join(
      '\n',
    ),
  requestRecorded: (who: string, code: string, service: string, lines: string[]) =>
    [`📝 Permintaan ${who} tercatat: *${code}* — ${service}.`, ...lines].join('\n'),
  knownOutage: (who: string, code: string, service: string) =>
    `Gangguan ${service} sudah dilaporkan sebelumnya (tiket *${code}*) dan sedang ditangani; tidak dibuat tiket baru. ${who} ikut tercatat pada gangguan itu, dan kabar perkembangannya akan datang ke chat ini.`,
  alreadyFollowing: (name: string, code: string) =>
    `${name} sudah tercatat pada gangguan *${code}*; tidak ada yang diubah.`,
};
