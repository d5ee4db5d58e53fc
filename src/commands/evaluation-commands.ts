/**
 * The evaluation by chat, for coordinators: /rekap (the period's figures on a phone screen), /laporan
 * (the whole report as a file, through a signed link that expires), /evaluasi (the coordinator's
 * Hambatan, Peluang penyempurnaan and Tindak Lanjut texts the report prints, 002:725-760).
 */
import type { Priority } from '../domain.ts';
import type { EvaluationReport, Satisfaction, Tally } from '../reports/evaluation.ts';
import { loadEvaluationReport } from '../reports/load.ts';
import { type NoteSection, setEvaluationNote } from '../reports/notes.ts';
import { periodFromWords, type ReportPeriod } from '../reports/period.ts';
import { signedQuery } from '../signed-link.ts';
import type { GeneralCommand, StaffCtx, Standing } from './context.ts';

/** How long a /laporan link works. */
export const REPORT_LINK_MS = 24 * 3_600_000;
export const REPORT_FORMATS = ['xlsx', 'md', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const evaluationText = {
  notCoordinator: 'Maaf, rekap dan laporan evaluasi hanya untuk Koordinator Layanan.',
  noLinks:
    'Unduhan laporan belum diaktifkan di helpdesk ini (MEDIA_LINK_SECRET belum diatur). Di server: npx helpdesk report --period <periode> --format xlsx --out laporan.xlsx',
  link: (label: string, format: string, url: string) =>
    `📎 Laporan evaluasi ${label} (${format}):\n${url}\n\nTautan berlaku 24 jam. Isi: Lampiran A, Formulir B, B, per layanan, gangguan berulang dan pengecualian.`,
  evaluasiUsage:
    'Pemakaian: /evaluasi <periode> <permintaan|gangguan>\nhambatan: …\npeluang: …\ntindak lanjut: …\n(satu baris per bagian; bagian yang tidak ditulis tetap seperti sebelumnya)',
  evaluasiSaved: (label: string, section: string) =>
    `✅ Catatan evaluasi ${section} periode ${label} tersimpan dan akan tercetak di laporan. Lihat: /laporan ${label}`,
};

const refuseUnlessCoordinator = (who: Standing) => (who.coordinator ? null : evaluationText.notCoordinator);

function satisfaction(s: Satisfaction): string {
  return s.mean === null
    ? 'belum ada penilaian'
    : `kepuasan ${String(s.mean).replace('.', ',')} (${s.count} penilaian)`;
}

function tallyLine(title: string, t: Tally & { cancelled: number }): string {
  const parts = [`terpenuhi ${t.met}`, `tidak ${t.notMet}`];
  if (t.notMeasured) parts.push(`tak terukur ${t.notMeasured}`);
  if (t.open) parts.push(`berjalan ${t.open}`);
  return `*${title}: ${t.total}* — ${parts.join(' · ')}\n   ${satisfaction(t.satisfaction)}`;
}

/** The period's figures in a few lines (pure). */
export function rekapText(r: EvaluationReport): string {
  const lines = [`📊 *Rekap ${r.period.label}* (${r.period.from} s.d. ${r.period.to})`, ''];
  lines.push(tallyLine('Permintaan layanan', r.requests));
  lines.push(tallyLine('Gangguan', r.incidents));
  const priorities = (Object.keys(r.incidents.byPriority) as Priority[])
    .map((p) => ({ p, t: r.incidents.byPriority[p] }))
    .filter(({ t }) => t.total > 0)
    .map(({ p, t }) => `${p} ${t.met}/${t.met + t.notMet}`);
  if (priorities.length) lines.push(`   per prioritas (terpenuhi/terukur): ${priorities.join(', ')}`);
  const apart = [
    ['dibatalkan', r.requests.cancelled + r.incidents.cancelled],
    ['dialihkan jenis', r.requests.converted + r.incidents.converted],
    ['ditolak', r.requests.rejected + r.incidents.rejected],
    ['tutup otomatis', r.requests.autoClosed + r.incidents.autoClosed],
  ].filter(([, n]) => Number(n) > 0);
  if (apart.length) lines.push('', `Dihitung terpisah: ${apart.map(([w, n]) => `${w} ${n}`).join(', ')}`);
  const failed = [...r.evaluation.requests.failed, ...r.evaluation.incidents.failed].slice(0, 5);
  if (failed.length)
    lines.push(
      '',
      `Di bawah target: ${failed.map((f) => `${f.service.name} (${String(f.metPercent).replace('.', ',')}%)`).join(', ')}`,
    );
  if (r.exceptions.length) lines.push(`Tiket melewati target: ${r.exceptions.length}`);
  lines.push('', `Laporan lengkap: /laporan ${r.period.label}`);
  return lines.join('\n');
}

function readPeriod(ctx: StaffCtx, text: string): ReportPeriod | string {
  const p = periodFromWords(text, ctx.now, ctx.deps.calendar.zone);
  return p.ok ? p.period : p.message;
}

/** The path and query of a report link, to put after the helpdesk's address. */
export function reportLink(period: ReportPeriod, format: ReportFormat, secret: string, now: Date): string {
  const subject = `report:${period.from}:${period.to}:${format}`;
  const query = signedQuery(subject, secret, new Date(now.getTime() + REPORT_LINK_MS));
  return `/laporan/laporan-${encodeURIComponent(period.label.replace('..', '_'))}.${format}?from=${period.from}&to=${period.to}&${query}`;
}

const SECTION_WORDS: Record<string, NoteSection> = {
  permintaan: 'requests',
  'permintaan-layanan': 'requests',
  layanan: 'requests',
  gangguan: 'incidents',
  'penanganan-gangguan': 'incidents',
  insiden: 'incidents',
};

/** "hambatan: …", "peluang: …", "tindak lanjut: …" lines; a line without a label continues the last one. */
function readNoteTexts(lines: string[]): { obstacles?: string; improvements?: string; followUp?: string } {
  const out: Record<string, string> = {};
  let last: string | null = null;
  for (const line of lines) {
    const m = /^\s*(hambatan|peluang(?:\s+penyempurnaan)?|tindak\s*lanjut)\s*:\s*(.*)$/i.exec(line);
    if (m?.[1] !== undefined) {
      const label = m[1].toLowerCase();
      last = label.startsWith('hambatan')
        ? 'obstacles'
        : label.startsWith('peluang')
          ? 'improvements'
          : 'followUp';
      out[last] = (m[2] ?? '').trim();
    } else if (last && line.trim()) out[last] = `${out[last] ?? ''}\n${line.trim()}`.trim();
  }
  return out;
}

export const EVALUATION_COMMANDS: Record<string, GeneralCommand> = {
  rekap: {
    refuse: refuseUnlessCoordinator,
    async run(ctx) {
      const period = readPeriod(ctx, ctx.rest);
      if (typeof period === 'string') return [period];
      const report = await loadEvaluationReport(ctx.tx, {
        period,
        zone: ctx.deps.calendar.zone,
        now: ctx.now,
      });
      return [rekapText(report)];
    },
  },
  laporan: {
    refuse: refuseUnlessCoordinator,
    async run(ctx) {
      const words = ctx.rest.trim().split(/\s+/).filter(Boolean);
      const format = (REPORT_FORMATS as readonly string[]).includes(words.at(-1)?.toLowerCase() ?? '')
        ? (words.pop()?.toLowerCase() as ReportFormat)
        : 'xlsx';
      const period = readPeriod(ctx, words.join(' ') || 'semester');
      if (typeof period === 'string') return [period];
      const links = ctx.deps.media?.links;
      if (!links) return [evaluationText.noLinks];
      return [
        evaluationText.link(
          period.label,
          format,
          `${links.baseUrl()}${reportLink(period, format, links.secret, ctx.now)}`,
        ),
      ];
    },
  },
  evaluasi: {
    refuse: refuseUnlessCoordinator,
    async run(ctx) {
      const [head = '', ...rest] = ctx.rest.split('\n');
      const words = head.trim().split(/\s+/).filter(Boolean);
      const section = SECTION_WORDS[(words.pop() ?? '').toLowerCase()];
      const texts = readNoteTexts(rest);
      if (!section || words.length === 0 || Object.keys(texts).length === 0)
        return [evaluationText.evaluasiUsage];
      const period = readPeriod(ctx, words.join(' '));
      if (typeof period === 'string') return [period];
      await setEvaluationNote(ctx.tx, { period: period.label, section, updatedBy: ctx.staffName, ...texts });
      return [
        evaluationText.evaluasiSaved(
          period.label,
          section === 'requests' ? 'permintaan layanan' : 'penanganan gangguan',
        ),
      ];
    },
  },
};
