/**
 * FAQ matcher speed: index build time, queries per second and per-query latency, with the shipped
 * topics and with 1,000 topics (the shipped ones plus deterministic synthetic ones, the generator of
 * test/faq/matcher.test.ts). Queries: the labelled informal queries of test/faq/queries.yaml (in and
 * out of scope), the topics' own questions, typo'd variants, and a few long messages.
 */
import path from 'node:path';
import { loadCatalogue } from '../src/catalogue/load.ts';
import { ROOT_DIR } from '../src/db/paths.ts';
import { loadFaqCases } from '../src/faq/evaluate.ts';
import type { FaqTopic } from '../src/faq/load.ts';
import { createFaqMatcher } from '../src/faq/matcher.ts';
import { loadRenderedFaq } from '../src/faq-content.ts';
import { type Summary, seededRandom, summarize } from './lib/stats.ts';

/** The shipped topics plus synthetic ones up to `count`, the same every run. */
export function syntheticTopics(shipped: readonly FaqTopic[], count: number): FaqTopic[] {
  const random = seededRandom(7);
  const syllables = ['ka', 'ri', 'mu', 'sa', 'lo', 'ne', 'tu', 'pa', 'di', 'ge', 'ban', 'tor', 'lan', 'sik'];
  const word = (): string =>
    Array.from(
      { length: 2 + Math.floor(random() * 3) },
      () => syllables[Math.floor(random() * syllables.length)],
    ).join('');
  const sentence = (n: number): string => Array.from({ length: n }, word).join(' ');
  const topics: FaqTopic[] = [...shipped];
  for (let i = topics.length; i < count; i++) {
    topics.push({
      id: `sintetis-${i}`,
      title: sentence(3),
      questions: Array.from({ length: 8 }, () => sentence(6)),
      keywords: Array.from({ length: 10 }, word),
      answer: 'Jawaban.',
      actions: [],
      file: `sintetis-${i}.md`,
    });
  }
  return topics;
}

/** Swaps two adjacent letters in one word of 5+ letters: the commonest typing slip. */
function typo(text: string, random: () => number): string {
  const words = text.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 5);
  const chosen = long[Math.floor(random() * long.length)];
  if (!chosen) return text;
  const [w, i] = chosen;
  const at = 1 + Math.floor(random() * (w.length - 2));
  words[i] = w.slice(0, at) + (w[at + 1] ?? '') + (w[at] ?? '') + w.slice(at + 2);
  return words.join(' ');
}

export function benchQueries(topics: readonly FaqTopic[]): string[] {
  const random = seededRandom(42);
  const cases = loadFaqCases(path.join(ROOT_DIR, 'test/faq/queries.yaml')).map((c) => c.query);
  const questions = topics.flatMap((t) => t.questions);
  // At most 400 topic questions (evenly spread), so a big index does not only test its own phrasing.
  const stride = Math.max(1, Math.floor(questions.length / 400));
  const sampled = questions.filter((_, i) => i % stride === 0);
  const long = [
    `tolong ${'aplikasi sipd error tidak bisa login sejak pagi '.repeat(20)}`,
    'selamat pagi pak, saya dari bagian umum mau tanya kalau printer di ruang rapat rusak dan tidak bisa mencetak sama sekali padahal sudah dicoba restart berkali-kali, apakah bisa diganti atau harus lapor ke mana ya, terima kasih banyak',
  ];
  return [...cases, ...sampled, ...sampled.slice(0, 200).map((q) => typo(q, random)), ...long];
}

export interface FaqResult {
  label: string;
  topics: number;
  queries: number;
  buildMs: number;
  perSecond: number;
  latency: Summary;
}

function measure(label: string, topics: FaqTopic[], minMs: number): FaqResult {
  // Build: median of a few builds (the first also warms the code).
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    createFaqMatcher(topics);
    builds.push(performance.now() - t0);
  }
  const matcher = createFaqMatcher(topics);
  const queries = benchQueries(topics);
  for (const q of queries) matcher.match(q); // warm-up
  const latencies: number[] = [];
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < minMs) {
    for (const q of queries) {
      const s = performance.now();
      matcher.match(q);
      latencies.push(performance.now() - s);
      n++;
    }
  }
  const elapsed = performance.now() - t0;
  return {
    label,
    topics: topics.length,
    queries: queries.length,
    buildMs: summarize(builds).p50,
    perSecond: n / (elapsed / 1000),
    latency: summarize(latencies),
  };
}

export function runFaqBench(minMs = 2_000): FaqResult[] {
  const catalogue = loadCatalogue(path.join(ROOT_DIR, 'prisma/seed/catalogue.yaml'));
  const shipped = loadRenderedFaq(path.join(ROOT_DIR, 'faq'), catalogue.services);
  return [
    measure('shipped topics', shipped, minMs),
    measure('1,000 topics', syntheticTopics(shipped, 1000), minMs),
  ];
}
