/**
 * `helpdesk understand …`: the understanding module from the shell, for operators and evaluation.
 *
 *   understand [--json]        one message per stdin line → intent, service, topic, code, since, impact
 *   understand eval [--json] [--cases <file>]   scores a labelled set (default test/understand/messages.yaml)
 *
 * Content comes from the default folders (faq/, vocabulary/, prisma/seed/catalogue.yaml), each
 * overridable: --faq <dir>, --vocabulary <dir>, --catalogue <file>.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { catalogueDirectory } from '../catalogue/directory.ts';
import { loadCatalogue } from '../catalogue/load.ts';
import { HelpdeskError } from '../errors.ts';
import { createFaqMatcher } from '../faq/matcher.ts';
import { loadRenderedFaq } from '../faq-content.ts';
import { evaluateUnderstanding, parseUnderstandCases, type Score } from '../understand/evaluate.ts';
import { loadVocabulary } from '../understand/load.ts';
import { createUnderstander, type Understander, type Understanding } from '../understand/understand.ts';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const here = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

const USAGE = `Pemakaian:
  helpdesk understand [--json]
      Membaca satu pesan per baris dari stdin dan menulis maksudnya (intent), layanan, topik FAQ,
      kode tiket, sejak kapan, dan dampaknya. Dengan --json: satu objek JSON per baris.
  helpdesk understand eval [--json] [--cases <file.yaml>]
      Mengukur ketepatan pada kumpulan pesan berlabel (bawaan: test/understand/messages.yaml).
  Opsi isi: --faq <folder>, --vocabulary <folder>, --catalogue <file>
`;

class UsageError extends Error {}

interface Args {
  command: 'read' | 'eval' | 'help';
  json: boolean;
  cases: string;
  faq: string;
  vocabulary: string;
  catalogue: string;
}

function parseArgs(args: readonly string[]): Args {
  const rest = args[0] === 'understand' ? args.slice(1) : [...args];
  const out: Args = {
    command: 'read',
    json: false,
    cases: here('test/understand/messages.yaml'),
    faq: here('faq'),
    vocabulary: here('vocabulary'),
    catalogue: here('prisma/seed/catalogue.yaml'),
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} membutuhkan nilai`);
      return v;
    };
    if (arg === '--json') out.json = true;
    else if (arg === '--cases') out.cases = value();
    else if (arg === '--faq') out.faq = value();
    else if (arg === '--vocabulary') out.vocabulary = value();
    else if (arg === '--catalogue') out.catalogue = value();
    else if (arg === '--help' || arg === '-h' || arg === 'help') out.command = 'help';
    else if (arg === 'eval') out.command = 'eval';
    else throw new UsageError(`argumen tidak dikenal: ${arg}`);
  }
  return out;
}

/** The understander over the content files, as the helpdesk builds it (without a database). */
export function offlineUnderstander(a: Pick<Args, 'faq' | 'vocabulary' | 'catalogue'>): Understander {
  const catalogue = loadCatalogue(a.catalogue);
  const directory = catalogueDirectory(catalogue);
  return createUnderstander({
    vocabulary: loadVocabulary(a.vocabulary),
    services: catalogue.services,
    rankServices: directory.rank,
    faq: createFaqMatcher(loadRenderedFaq(a.faq, catalogue.services)),
  });
}

/** The JSON line of one message: the fields the issue names, in that order. */
export function understandingJson(u: Understanding): string {
  const { text, intent, service, serviceName, topic, code, since, impact } = u;
  return JSON.stringify({ text, intent, service, serviceName, topic, code, since, impact });
}

function human(u: Understanding): string {
  const parts = [`maksud: ${u.intent}`];
  if (u.service) parts.push(`layanan: ${u.serviceName} (${u.service})`);
  else if (u.candidates.length) parts.push(`layanan: ? (${u.candidates.join(', ')})`);
  if (u.topic) parts.push(`topik: ${u.topic}`);
  if (u.code) parts.push(`tiket: ${u.code}`);
  if (u.since) parts.push(`sejak: "${u.since}"`);
  if (u.impact) parts.push(`dampak: ${u.impact}`);
  return `${u.text}\n  → ${parts.join(' · ')}\n`;
}

async function read(a: Args, io: CliIo): Promise<number> {
  const understander = offlineUnderstander(a);
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const text = line.trim();
    if (text === '') continue;
    const u = understander.understand(text);
    io.stdout.write(a.json ? `${understandingJson(u)}\n` : human(u));
  }
  return 0;
}

const pct = (s: Score) => `${s.correct}/${s.total} (${(s.share * 100).toFixed(1).replace('.', ',')} %)`;

function evaluate(a: Args, io: CliIo): number {
  const understander = offlineUnderstander(a);
  const catalogue = loadCatalogue(a.catalogue);
  const cases = parseUnderstandCases(
    a.cases,
    parse(readFileSync(a.cases, 'utf8')),
    new Set(catalogue.services.map((s) => s.code)),
  );
  const report = evaluateUnderstanding(understander, cases);
  if (a.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const out = [
    `Kasus        : ${report.cases}`,
    `Maksud benar : ${pct(report.intent)}`,
    `Layanan benar: ${pct(report.service)}  (laporan gangguan dan permintaan)`,
    `Sejak kapan  : ${pct(report.since)}  (laporan gangguan)`,
    `Dampak       : ${pct(report.impact)}  (laporan gangguan)`,
    `Kode tiket   : ${pct(report.code)}`,
    '',
    'Per maksud:',
    ...Object.entries(report.byIntent).map(([k, s]) => `  ${k.padEnd(13)} ${pct(s)}`),
  ];
  if (report.misses.length) {
    out.push('', 'Meleset:');
    for (const m of report.misses)
      out.push(
        `  - [${m.field}] "${m.text}" → diharapkan ${m.expected ?? '(kosong)'}, didapat ${m.got ?? '(kosong)'}`,
      );
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export async function runUnderstandCli(args: string[], io: CliIo): Promise<number> {
  try {
    const a = parseArgs(args);
    if (a.command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    return a.command === 'eval' ? evaluate(a, io) : await read(a, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`understand: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (
      error instanceof HelpdeskError ||
      (error instanceof Error && 'code' in error && error.code === 'ENOENT')
    ) {
      io.stderr.write(`understand: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
