/**
 * The evaluation report of a period on screen (the same sheets as the xlsx, reports/tables.ts), the
 * coordinator's Evaluasi texts editable (reports/notes.ts), and the exports served to the session.
 * Coordinators only, as /rekap and /laporan in chat.
 */
import type { FastifyReply } from 'fastify';
import { evaluationText } from '../../commands/evaluation-commands.ts';
import { sendFile } from '../../http/download.ts';
import { flatHeading } from '../../reports/headers.ts';
import { loadEvaluationReport } from '../../reports/load.ts';
import { NOTE_SECTIONS, type NoteSection, setEvaluationNote } from '../../reports/notes.ts';
import { periodFromWords } from '../../reports/period.ts';
import { isReportFileFormat, renderReportFile } from '../../reports/render-file.ts';
import { type Block, type Cell, formatDecimal, reportSheets } from '../../reports/tables.ts';
import type { PageCtx } from '../context.ts';
import { BASE, csrfField, e, page } from '../layout.ts';

/** The files the dashboard offers (json is for the CLI and the signed links). */
const EXPORTS = new Set(['xlsx', 'csv', 'md']);

const SECTION_WORDS: Record<NoteSection, string> = {
  requests: 'Permintaan Layanan (Lampiran A)',
  incidents: 'Penanganan Gangguan (Lampiran B)',
};
const FIELDS = [
  ['obstacles', 'Hambatan'],
  ['improvements', 'Peluang penyempurnaan'],
  ['followUp', 'Tindak lanjut'],
] as const;

export const reportText = {
  saved: (section: string, label: string) => `✅ Catatan evaluasi ${section} periode ${label} tersimpan.`,
  badSection: 'Bagian laporan tidak dikenal.',
};

function cell(c: Cell): string {
  return c === null ? '-' : typeof c === 'number' ? formatDecimal(c) : e(c);
}

function blockHtml(b: Block, sheetTitle: string): string {
  const title = b.title !== sheetTitle ? `<h3>${e(b.title)}</h3>` : '';
  if (b.kind === 'text')
    return `${title}${b.items
      .map(
        (i) =>
          `${i.heading ? `<h4>${e(i.heading)}</h4>` : ''}<ul>${i.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`,
      )
      .join('')}`;
  if (!b.rows.length) return `${title}<p class="empty">Tidak ada.</p>`;
  const numeric = (i: number) => b.rows.every((r) => r[i] === null || typeof r[i] === 'number');
  return `${title}<div class="scroll"><table><thead><tr>${b.columns
    .map((c, i) => `<th${numeric(i) ? ' class="num"' : ''}>${e(flatHeading(c))}</th>`)
    .join('')}</tr></thead><tbody>${b.rows
    .map(
      (r) => `<tr>${r.map((x, i) => `<td${numeric(i) ? ' class="num"' : ''}>${cell(x)}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table></div>`;
}

function readPeriod(c: PageCtx, text: string | undefined) {
  return periodFromWords(text ?? '', c.now, c.deps.conversation.calendar.zone);
}

export async function reportPage(c: PageCtx, query: Record<string, string>, flash: string | null) {
  const base = { title: 'Laporan evaluasi', viewer: c.viewer, flash, active: '/laporan' };
  if (!c.who.coordinator) return page({ ...base, body: `<p>${e(evaluationText.notCoordinator)}</p>` });
  const typed = (query.period ?? '').trim() || 'semester';
  const period = readPeriod(c, typed);
  const form = `<form method="get" action="${BASE}/laporan" class="filters"><label>Periode<input name="period" value="${e(typed)}" placeholder="2026-S1, 2026-07, 2026, semester, bulan"></label><button type="submit">Tampilkan</button></form>`;
  if (!period.ok) return page({ ...base, body: `${form}<p class="error">${e(period.message)}</p>` });
  const report = await loadEvaluationReport(c.db, {
    period: period.period,
    zone: c.deps.conversation.calendar.zone,
    now: c.now,
  });
  const label = period.period.label;
  const q = `period=${encodeURIComponent(label)}`;
  const exports = `<p>Unduh: <a href="${BASE}/laporan/unduh.xlsx?${e(q)}" download>xlsx</a> · <a href="${BASE}/laporan/unduh.csv?${e(q)}" download>csv</a> · <a href="${BASE}/laporan/unduh.md?${e(q)}" download>md</a></p>`;
  const notes = NOTE_SECTIONS.map((section) => {
    const texts = report.evaluation[section].texts;
    return `<form method="post" action="${BASE}/laporan/evaluasi" class="notes">${csrfField(c.viewer.csrf)}
<input type="hidden" name="period" value="${e(label)}"><input type="hidden" name="section" value="${section}">
<strong>Evaluasi ${e(SECTION_WORDS[section])}</strong>
${FIELDS.map(([k, l]) => `<label>${l}<textarea name="${k}">${e(texts?.[k] ?? '')}</textarea></label>`).join('\n')}
<button type="submit">Simpan evaluasi</button></form>`;
  }).join('\n');
  const sheets = reportSheets(report)
    .map((s) => `<h2>${e(s.title)}</h2>${s.blocks.map((b) => blockHtml(b, s.title)).join('\n')}`)
    .join('\n');
  return page({
    ...base,
    title: `Laporan evaluasi ${label}`,
    body: `${form}${exports}<h2>Teks evaluasi koordinator</h2><div class="cards">${notes}</div>${sheets}`,
  });
}

/** Saves one section's texts; null when the viewer may not (the page answers 404). */
export async function saveReportNotes(c: PageCtx, body: Record<string, string | undefined>) {
  if (!c.who.coordinator) return null;
  const period = readPeriod(c, body.period);
  const label = period.ok ? period.period.label : (body.period ?? '');
  if (!period.ok) return { period: label, flash: period.message };
  const section = NOTE_SECTIONS.find((s) => s === body.section);
  if (!section) return { period: label, flash: reportText.badSection };
  const texts = Object.fromEntries(FIELDS.map(([k]) => [k, (body[k] ?? '').slice(0, 4000)]));
  await setEvaluationNote(c.db, {
    period: label,
    section,
    updatedBy: `dashboard:${c.session.account.username}`,
    ...texts,
  });
  return { period: label, flash: reportText.saved(SECTION_WORDS[section], label) };
}

/** The report as a file for this session; null when the viewer may not or the format is unknown. */
export async function reportExport(
  c: PageCtx,
  format: string,
  query: Record<string, string>,
  reply: FastifyReply,
) {
  if (!c.who.coordinator || !EXPORTS.has(format) || !isReportFileFormat(format)) return null;
  const period = readPeriod(c, query.period);
  if (!period.ok) return reply.code(400).type('text/plain; charset=utf-8').send(period.message);
  const report = await loadEvaluationReport(c.db, {
    period: period.period,
    zone: c.deps.conversation.calendar.zone,
    now: c.now,
  });
  const file = await renderReportFile(report, format);
  return sendFile(reply, { type: file.type, name: file.filename, body: file.body });
}
