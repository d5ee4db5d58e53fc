/**
 * /bantuan for staff: the commands of the roles they hold, in the order they are used, from the usage
 * lines in COMMAND_USAGE. A command not placed in a section is listed under "Lainnya".
 */
import type { StaffRole } from '../domain.ts';
import { COMMAND_USAGE } from '../escalation/messages.ts';

interface Section {
  title: string;
  /** Shown to holders of any of these roles; ADMIN sees every section. */
  roles: StaffRole[];
  names: string[];
}

const SECTIONS: Section[] = [
  {
    title: 'Pemantauan',
    roles: ['KOORDINATOR', 'PENGELOLA_LAYANAN', 'PENGELOLA_TEKNIS', 'PENYEDIA'],
    names: ['status', 'antrian', 'sla', 'cari', 'rekap', 'laporan', 'evaluasi'],
  },
  {
    title: 'Penanganan tiket',
    roles: ['KOORDINATOR', 'PENGELOLA_LAYANAN', 'PENGELOLA_TEKNIS'],
    names: [
      'ambil',
      'estimasi',
      'update',
      'umumkan',
      'prioritas',
      'tanya',
      'selesai',
      'alihkan',
      'teruskan',
      'jadikan-gangguan',
      'jadikan-permintaan',
    ],
  },
  { title: 'Pendaftaran', roles: [], names: ['daftar-staf', 'daftar-grup', 'setujui-staf', 'bantuan'] },
];

const placed = new Set(SECTIONS.flatMap((s) => s.names));

/** The help text for someone holding `roles` (empty: not staff yet). */
export function helpFor(roles: ReadonlySet<StaffRole>): string {
  const admin = roles.has('ADMIN');
  const usage = (name: string) => COMMAND_USAGE[name];
  const parts: string[] = [];
  for (const s of SECTIONS) {
    const shown = admin || s.roles.length === 0 || s.roles.some((r) => roles.has(r));
    const lines = s.names.map(usage).filter((u): u is string => !!u);
    if (shown && lines.length > 0) parts.push(`*${s.title}*\n${lines.map((u) => `• ${u}`).join('\n')}`);
  }
  const others = Object.keys(COMMAND_USAGE).filter((n) => !placed.has(n));
  if (roles.size > 0 && others.length > 0)
    parts.push(`*Lainnya*\n${others.map((n) => `• ${COMMAND_USAGE[n]}`).join('\n')}`);
  const head =
    roles.size > 0
      ? 'Perintah untuk Anda (kode tiket boleh diganti dengan membalas pesan eskalasinya):'
      : 'Perintah ini untuk staf helpdesk. Untuk mendaftar: /daftar-staf <peran>.';
  return `${head}\n\n${parts.join('\n\n')}`;
}
