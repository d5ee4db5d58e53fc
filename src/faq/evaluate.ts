/**
 * Quality measurement of the FAQ matcher against a labelled query set (`test/faq/queries.yaml`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ContentError } from '../errors.ts';
import type { FaqMatcher } from './matcher.ts';

/** One labelled query: `expected` is a topic id, or null when the bot must decline. */
export interface FaqCase {
  query: string;
  expected: string | null;
}

/** A query the matcher got wrong. */
export interface FaqEvalMiss {
  query: string;
  expected: string | null;
  got: string | null;
  score: number;
}

/** Shares of right answers; `share` is 0..1 (1 when the group is empty). */
export interface FaqEvaluation {
  inScope: { total: number; correct: number; share: number };
  outOfScope: { total: number; declined: number; share: number };
  misses: FaqEvalMiss[];
}

/** Runs every case through `matcher` and counts right topics and correct refusals. */
export function evaluateFaq(matcher: FaqMatcher, cases: readonly FaqCase[]): FaqEvaluation {
  let inTotal = 0;
  let correct = 0;
  let outTotal = 0;
  let declined = 0;
  const misses: FaqEvalMiss[] = [];
  for (const { query, expected } of cases) {
    const result = matcher.match(query);
    const ok = result.id === expected;
    if (expected === null) {
      outTotal++;
      if (ok) declined++;
    } else {
      inTotal++;
      if (ok) correct++;
    }
    if (!ok) misses.push({ query, expected, got: result.id, score: result.score });
  }
  return {
    inScope: { total: inTotal, correct, share: inTotal === 0 ? 1 : correct / inTotal },
    outOfScope: { total: outTotal, declined, share: outTotal === 0 ? 1 : declined / outTotal },
    misses,
  };
}

/**
 * Parses a query set: `in_scope` maps topic ids to lists of queries, `out_of_scope` lists queries the
 * bot must decline. `knownIds`, when given, rejects labels that name no topic.
 * @throws ContentError naming the file and the entry.
 */
export function parseFaqCases(file: string, text: string, knownIds?: ReadonlySet<string>): FaqCase[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ContentError(file, 'yaml', `YAML tidak valid: ${reason}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ContentError(file, 'yaml', 'harus berisi in_scope dan out_of_scope');
  }
  const { in_scope: inScope, out_of_scope: outOfScope } = data as Record<string, unknown>;
  if (inScope === null || typeof inScope !== 'object' || Array.isArray(inScope)) {
    throw new ContentError(file, 'in_scope', 'harus berupa peta id topik → daftar pertanyaan');
  }
  if (!Array.isArray(outOfScope)) throw new ContentError(file, 'out_of_scope', 'harus berupa daftar');

  const queries = (value: unknown, entry: string): string[] => {
    if (!Array.isArray(value)) throw new ContentError(file, entry, 'harus berupa daftar');
    return value.map((item, i) => {
      if (typeof item !== 'string' && typeof item !== 'number') {
        throw new ContentError(file, `${entry}[${i + 1}]`, 'harus berupa teks');
      }
      return String(item);
    });
  };
  const cases: FaqCase[] = [];
  for (const [id, list] of Object.entries(inScope as Record<string, unknown>)) {
    if (knownIds !== undefined && !knownIds.has(id)) {
      throw new ContentError(file, `in_scope.${id}`, 'tidak ada topik FAQ dengan id ini');
    }
    for (const query of queries(list, `in_scope.${id}`)) cases.push({ query, expected: id });
  }
  for (const query of queries(outOfScope, 'out_of_scope')) cases.push({ query, expected: null });
  return cases;
}

/** Reads and parses a query-set file; see {@link parseFaqCases}. */
export function loadFaqCases(file: string, knownIds?: ReadonlySet<string>): FaqCase[] {
  return parseFaqCases(file, readFileSync(file, 'utf8'), knownIds);
}
