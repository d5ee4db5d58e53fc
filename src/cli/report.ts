/**
 * `helpdesk report …`: the SPBE evaluation report (Lampiran A, Formulir B, B) for any period, and the
 * coordinator's evaluation texts it prints.
 *
 *   report (--period <periode> | --from YYYY-MM-DD --to YYYY-MM-DD) [--format md|csv|xlsx|json] [--out FILE]
 *          [--threshold <persen>]
 *   report note --period <periode> --section requests|incidents [--obstacles …] [--improvements …]
 *          [--follow-up …] [--by <nama>]
 *
 * The database is DATABASE_URL's, or the embedded PGlite folder; the period's dates are read in the zone
 * of the deployment's calendar (CALENDAR_FILE).
 */
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { loadEvaluationReport } from '../reports/load.ts';
import { NOTE_SECTIONS, type NoteSection, setEvaluationNote } from '../reports/notes.ts';
import { type PeriodResult, parsePeriod, periodFromDates, type ReportPeriod } from '../reports/period.ts';
import { renderCsv } from '../reports/render-csv.ts';
import { renderJson } from '../reports/render-json.ts';
import { renderMarkdown } from '../reports/render-md.ts';
import { renderXlsx } from '../reports/render-xlsx.ts';
import { loadCalendar } from '../sla/calendar-file.ts';

export interface ReportCliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface ReportCliDeps {
  /** The environment the configuration is read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

const FORMATS = ['md', 'csv', 'xlsx', 'json'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Pemakaian:
  helpdesk report --period <periode> [--format md|csv|xlsx|json] [--out <berkas>] [--threshold <persen>]
  helpdesk report --from YYYY-MM-DD --to YYYY-MM-DD [--format …] [--out <berkas>]
      Laporan evaluasi (Lampiran A, Formulir B, B): tiket yang diajukan dalam periode.
      Periode: 2026-S1, 2026-S2, 2026-07, 2026, atau 2026-01-01..2026-03-31. Bawaan format: md.
      csv: tiap tabel diawali baris judul, antartabel satu baris kosong. xlsx wajib memakai --out.
      --threshold: batas "berhasil memenuhi target" pada ringkasan evaluasi (bawaan 90).
  helpdesk report note --period <periode> --section requests|incidents [--obstacles "…"]
      [--improvements "…"] [--follow-up "…"] [--by <nama>]
      Menyimpan teks evaluasi koordinator: Hambatan, Peluang penyempurnaan, Tindak Lanjut.
      requests = Lampiran A (permintaan layanan), incidents = Lampiran B (penanganan gangguan).
`;

const TEXT = {
  needValue: (flag: string) => `${flag} membutuhkan nilai`,
  unknownFlag: (flag: string) => `opsi tidak dikenal: ${flag}`,
  twice: (flag: string) => `${flag} ditulis dua kali`,
  badFormat: (f: string) => `format "${f}" tidak dikenal; pilih md, csv, xlsx atau json`,
  noPeriod: 'sebutkan --period, atau --from dan --to',
  halfRange: '--from dan --to harus ditulis berdua',
  periodMismatch: (p: ReportPeriod, q: ReportPeriod) =>
    `--period ${p.label} (${p.from} s.d. ${p.to}) tidak sama dengan --from/--to (${q.from} s.d. ${q.to})`,
  xlsxStdout: 'format xlsx berupa berkas biner dan tidak ditulis ke layar; tambahkan --out laporan.xlsx',
  badThreshold: '--threshold harus angka 1..100 (persen)',
  badSection: (s: string) =>
    `--section "${s}" tidak dikenal; pilih requests (Lampiran A) atau incidents (Lampiran B)`,
  noSection: 'sebutkan --section requests atau --section incidents',
  noText: 'tidak ada teks untuk disimpan; isi --obstacles, --improvements atau --follow-up',
  noteOnlyPeriod: 'catatan disimpan per periode: gunakan --period (mis. 2026-S1), bukan --format/--out',
  saved: (period: string, section: NoteSection) =>
    `Catatan evaluasi ${period} (${section === 'requests' ? 'Lampiran A, permintaan layanan' : 'Lampiran B, penanganan gangguan'}) disimpan.\n`,
  written: (file: string) => `Laporan disimpan di ${file}\n`,
};

class UsageError extends Error {}

type Flags = Map<string, string>;

const REPORT_FLAGS = ['--period', '--from', '--to', '--format', '--out', '--threshold'];
const NOTE_FLAGS = [
  '--period',
  '--from',
  '--to',
  '--section',
  '--obstacles',
  '--improvements',
  '--follow-up',
  '--by',
];

function parseFlags(args: readonly string[], allowed: readonly string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i] as string;
    if (!allowed.includes(flag)) throw new UsageError(TEXT.unknownFlag(flag));
    const value = args[i + 1];
    // Texts may start with anything but another flag of ours.
    if (value === undefined || allowed.includes(value)) throw new UsageError(TEXT.needValue(flag));
    if (flags.has(flag)) throw new UsageError(TEXT.twice(flag));
    flags.set(flag, value);
    i++;
  }
  return flags;
}

function ok(r: PeriodResult): ReportPeriod {
  if (!r.ok) throw new UsageError(r.message);
  return r.period;
}

function periodOf(flags: Flags): ReportPeriod {
  const named = flags.get('--period');
  const from = flags.get('--from');
  const to = flags.get('--to');
  if ((from === undefined) !== (to === undefined)) throw new UsageError(TEXT.halfRange);
  const ranged = from !== undefined && to !== undefined ? ok(periodFromDates(from, to)) : undefined;
  const period = named !== undefined ? ok(parsePeriod(named)) : undefined;
  if (period && ranged && (period.from !== ranged.from || period.to !== ranged.to))
    throw new UsageError(TEXT.periodMismatch(period, ranged));
  const chosen = period ?? ranged;
  if (!chosen) throw new UsageError(TEXT.noPeriod);
  return chosen;
}

async function withDatabase<T>(
  deps: ReportCliDeps,
  use: (db: Awaited<ReturnType<typeof openDatabase>>, zone: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig(deps.env ?? process.env);
  const zone = loadCalendar(config.calendarFile).zone;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await use(db, zone);
  } finally {
    await db.close();
  }
}

async function runReport(args: readonly string[], io: ReportCliIo, deps: ReportCliDeps): Promise<number> {
  const flags = parseFlags(args, REPORT_FLAGS);
  const period = periodOf(flags);
  const format = (flags.get('--format') ?? 'md') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(TEXT.badFormat(format));
  const out = flags.get('--out');
  if (format === 'xlsx' && out === undefined) throw new UsageError(TEXT.xlsxStdout);
  let threshold: number | undefined;
  const t = flags.get('--threshold');
  if (t !== undefined) {
    const n = Number(t.replace(',', '.').replace(/%$/, ''));
    if (!Number.isFinite(n) || n <= 0 || n > 100) throw new UsageError(TEXT.badThreshold);
    threshold = n / 100;
  }
  const now = deps.now?.() ?? new Date();
  const report = await withDatabase(deps, (db, zone) =>
    loadEvaluationReport(db.prisma, { period, zone, now, ...(threshold === undefined ? {} : { threshold }) }),
  );
  const body: string | Buffer =
    format === 'xlsx'
      ? await renderXlsx(report)
      : format === 'csv'
        ? renderCsv(report)
        : format === 'json'
          ? renderJson(report)
          : renderMarkdown(report);
  if (out === undefined) {
    io.stdout.write(body);
    return 0;
  }
  await writeFile(out, body);
  io.stdout.write(TEXT.written(out));
  return 0;
}

async function runNote(args: readonly string[], io: ReportCliIo, deps: ReportCliDeps): Promise<number> {
  if (args.includes('--format') || args.includes('--out')) throw new UsageError(TEXT.noteOnlyPeriod);
  const flags = parseFlags(args, NOTE_FLAGS);
  const period = periodOf(flags);
  const section = flags.get('--section');
  if (section === undefined) throw new UsageError(TEXT.noSection);
  if (!NOTE_SECTIONS.includes(section as NoteSection)) throw new UsageError(TEXT.badSection(section));
  const texts = {
    obstacles: flags.get('--obstacles'),
    improvements: flags.get('--improvements'),
    followUp: flags.get('--follow-up'),
  };
  if (Object.values(texts).every((v) => v === undefined)) throw new UsageError(TEXT.noText);
  const given = Object.fromEntries(Object.entries(texts).filter(([, v]) => v !== undefined));
  await withDatabase(deps, (db) =>
    setEvaluationNote(db.prisma, {
      period: period.label,
      section: section as NoteSection,
      updatedBy: `cli:${flags.get('--by') ?? 'operator'}`,
      ...given,
    }),
  );
  io.stdout.write(TEXT.saved(period.label, section as NoteSection));
  return 0;
}

export async function runReportCli(
  args: string[],
  io: ReportCliIo,
  deps: ReportCliDeps = {},
): Promise<number> {
  const rest = args[0] === 'report' ? args.slice(1) : args;
  if (rest[0] === '--help' || rest[0] === '-h' || rest[0] === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    return rest[0] === 'note' ? await runNote(rest.slice(1), io, deps) : await runReport(rest, io, deps);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${e.message}\n\n${USAGE}`);
    return 2;
  }
}
