/**
 * `helpdesk faq …`: ask the FAQ matcher from the shell and measure its quality.
 *
 *   faq ask [--json] [--dir <faq dir>] [--catalogue <file>] [--threshold <0..1>] [teks…]
 *       (no text: one query per stdin line)
 *   faq eval [--json] [--dir <faq dir>] [--catalogue <file>] [--cases <queries.yaml>] [--threshold <0..1>]
 *
 * The answers are rendered against the catalogue (default prisma/seed/catalogue.yaml), as the running
 * helpdesk renders them against its services.
 */
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../catalogue/load.ts';
import { HelpdeskError } from '../errors.ts';
import { evaluateFaq, loadFaqCases } from '../faq/evaluate.ts';
import { createFaqMatcher, type FaqMatch, type FaqMatcher } from '../faq/matcher.ts';
import { FAQ_FALLBACK_MESSAGE } from '../faq/messages.ts';
import { loadRenderedFaq } from '../faq-content.ts';

/** The streams the CLI talks to; `process` fits. */
export interface FaqCliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

// Resolved from this file, not the cwd, so `npx helpdesk faq` works from any directory.
const DEFAULT_FAQ_DIR = fileURLToPath(new URL('../../faq/', import.meta.url));
const DEFAULT_CASES_FILE = fileURLToPath(new URL('../../test/faq/queries.yaml', import.meta.url));
const DEFAULT_CATALOGUE_FILE = fileURLToPath(new URL('../../prisma/seed/catalogue.yaml', import.meta.url));

const USAGE = `Pemakaian:
  helpdesk faq ask [--json] [--dir <folder faq>] [--catalogue <file>] [--threshold <0..1>] "pertanyaan"
      Menjawab satu pertanyaan. Tanpa teks: membaca satu pertanyaan per baris dari stdin.
  helpdesk faq eval [--json] [--dir <folder faq>] [--catalogue <file>] [--cases <queries.yaml>] [--threshold <0..1>]
      Mengukur ketepatan pencocokan dengan kumpulan pertanyaan uji.

  --catalogue: katalog layanan untuk {layanan:…} dan actions (bawaan: prisma/seed/catalogue.yaml).
`;

class UsageError extends Error {}

interface ParsedArgs {
  command: string | undefined;
  json: boolean;
  dir: string;
  catalogue: string;
  cases: string;
  threshold: number | undefined;
  text: string[];
}

function parseArgs(args: readonly string[]): ParsedArgs {
  const rest = args[0] === 'faq' ? args.slice(1) : [...args];
  const parsed: ParsedArgs = {
    command: undefined,
    json: false,
    dir: DEFAULT_FAQ_DIR,
    catalogue: DEFAULT_CATALOGUE_FILE,
    cases: DEFAULT_CASES_FILE,
    threshold: undefined,
    text: [],
  };
  const value = (i: number, flag: string): string => {
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} membutuhkan nilai`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--') {
      parsed.text.push(...rest.slice(i + 1));
      break;
    } else if (arg === '--json') parsed.json = true;
    else if (arg === '--dir') parsed.dir = value(i++, arg);
    else if (arg === '--cases') parsed.cases = value(i++, arg);
    else if (arg === '--catalogue') parsed.catalogue = value(i++, arg);
    else if (arg === '--threshold') {
      const n = Number(value(i++, arg));
      if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError('--threshold harus angka 0..1');
      parsed.threshold = n;
    } else if (arg === '--help' || arg === '-h') parsed.command = 'help';
    else if (arg.startsWith('--')) throw new UsageError(`opsi tidak dikenal: ${arg}`);
    else if (parsed.command === undefined) parsed.command = arg;
    else parsed.text.push(arg);
  }
  return parsed;
}

function buildMatcher(parsed: ParsedArgs): FaqMatcher {
  const topics = loadRenderedFaq(parsed.dir, loadCatalogue(parsed.catalogue).services);
  return createFaqMatcher(topics, parsed.threshold === undefined ? {} : { threshold: parsed.threshold });
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

function formatAnswer(query: string, result: FaqMatch, json: boolean): string {
  if (json) {
    const answer = result.id === null ? null : result.answer;
    return `${JSON.stringify({ query, id: result.id, score: round(result.score), answer })}\n`;
  }
  return `${result.id === null ? FAQ_FALLBACK_MESSAGE : result.answer}\n`;
}

async function ask(parsed: ParsedArgs, io: FaqCliIo): Promise<number> {
  const matcher = buildMatcher(parsed);
  const text = parsed.text.join(' ').trim();
  if (text !== '') {
    io.stdout.write(formatAnswer(text, matcher.match(text), parsed.json));
    return 0;
  }
  // One process, many queries: the index is built once.
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let first = true;
  for await (const line of lines) {
    const query = line.trim();
    if (query === '') continue;
    if (!parsed.json && !first) io.stdout.write('\n');
    io.stdout.write(formatAnswer(query, matcher.match(query), parsed.json));
    first = false;
  }
  return 0;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1).replace('.', ',')} %`;
}

function evaluate(parsed: ParsedArgs, io: FaqCliIo): number {
  const matcher = buildMatcher(parsed);
  const cases = loadFaqCases(parsed.cases, new Set(matcher.topics.map((t) => t.id)));
  const result = evaluateFaq(matcher, cases);
  if (parsed.json) {
    io.stdout.write(`${JSON.stringify({ threshold: matcher.threshold, ...result })}\n`);
    return 0;
  }
  const { inScope, outOfScope, misses } = result;
  const out = [
    `Dalam cakupan   : ${inScope.correct}/${inScope.total} topik benar (${percent(inScope.share)})`,
    `Di luar cakupan : ${outOfScope.declined}/${outOfScope.total} ditolak (${percent(outOfScope.share)})`,
    `Ambang keyakinan: ${matcher.threshold}`,
  ];
  if (misses.length > 0) {
    out.push('', 'Meleset:');
    for (const miss of misses) {
      out.push(
        `  - "${miss.query}" → diharapkan ${miss.expected ?? '(ditolak)'}, didapat ${miss.got ?? '(ditolak)'} (skor ${round(miss.score)})`,
      );
    }
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/**
 * Runs `faq ask|eval …` with `args` (a leading "faq" is accepted and skipped) and returns the exit
 * code: 0 done, 1 content error (malformed FAQ or query file), 2 usage error.
 */
export async function runFaqCli(args: string[], io: FaqCliIo): Promise<number> {
  try {
    const parsed = parseArgs(args);
    switch (parsed.command) {
      case 'ask':
        return await ask(parsed, io);
      case 'eval':
        if (parsed.text.length > 0) throw new UsageError('eval tidak menerima teks');
        return evaluate(parsed, io);
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(
          parsed.command === undefined
            ? 'perintah belum diberikan'
            : `perintah tidak dikenal: ${parsed.command}`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`faq: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof HelpdeskError) {
      io.stderr.write(`faq: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      io.stderr.write(`faq: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
