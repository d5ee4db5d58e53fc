/**
 * FAQ matcher: finds the topic a chat message asks about, or declines.
 *
 * Each question and each title is a document; keywords and the other questions of the same topic form
 * the topic's "bag". IDF is computed over topics, so a word repeated in many questions of one topic
 * still counts as specific. The score of a topic is the best score of its documents:
 *
 *   score = coverage × (λ + (1 − λ) × specificity)
 *
 * - coverage: share of the query's weight (IDF², words unknown to the index included) found in the
 *   document, with words found only elsewhere in the topic's bag counting `bagWeight`;
 * - specificity: share of the document's weight the query hits (a one-word question fully hit
 *   outranks a long one hit by one generic word).
 *
 * Both parts lie in 0..1, so the score does too and one threshold works across queries. Unknown query
 * words pull the coverage down, which is what makes small talk and other government matters fall
 * below the threshold. A word that is neither indexed nor in the Indonesian dictionary is treated as a
 * typo and mapped to the closest indexed word (edit distance 1, or 2 from 8 letters) when there is one.
 */
import type { FaqAction, FaqTopic } from './load.ts';
import { type AnalyzedToken, analyzeTokens, isDictionaryWord, STOPWORDS } from './normalize.ts';

/** Default confidence threshold: below it `match` answers `{ id: null }`. */
export const DEFAULT_FAQ_THRESHOLD = 0.28;

/** Tuning knobs of {@link createFaqMatcher}; the defaults are what `faq eval` was measured with. */
export interface FaqMatcherOptions {
  /** Minimum score (0..1) to answer; default {@link DEFAULT_FAQ_THRESHOLD}. */
  threshold?: number;
  /** Map unknown words to a vocabulary word at edit distance 1 (2 for words of 8+ letters); default true. */
  typoTolerance?: boolean;
  /** Weight (0..1) of a query word found in the topic's bag but not in the document itself; default 0.8. */
  bagWeight?: number;
  /** λ: how much of the score does not depend on specificity; default 0.3. */
  coverageFloor?: number;
  /** Weight of an unknown query word, as a multiple of the largest IDF; default 1.4. */
  unknownWeight?: number;
  /** Weight multiplier of a typo-corrected word; default 0.85. */
  correctedWeight?: number;
}

/** A confident answer. */
export interface FaqHit {
  id: string;
  score: number;
  answer: string;
  title: string;
  /** The topic's actions: what the reporter can do next, offered as choices under the answer. */
  actions: FaqAction[];
}

/** Not confident enough: hand over to the menu or a human. `score` is the best score seen. */
export interface FaqMiss {
  id: null;
  score: number;
}

/** Result of {@link FaqMatcher.match}. */
export type FaqMatch = FaqHit | FaqMiss;

/** A topic with its score, from {@link FaqMatcher.rank}. */
export interface FaqCandidate {
  id: string;
  score: number;
}

/** Built once from the topics; `match` is synchronous, so one matcher serves every conversation. */
export interface FaqMatcher {
  /** Best topic for `text`, or `{ id: null }` below the threshold. */
  match(text: string): FaqMatch;
  /** The `limit` best-scoring topics for `text` (score > 0), best first, ignoring the threshold. */
  rank(text: string, limit?: number): FaqCandidate[];
  readonly topics: readonly FaqTopic[];
  readonly threshold: number;
}

// Long messages are detailed complaints, not FAQ questions; their head says enough.
const MAX_QUERY_CHARS = 1_000;
const MAX_QUERY_TERMS = 32;
const MIN_TYPO_LENGTH = 4;
/** Words outside the index whose correction is remembered, per matcher; past it, it starts again. */
const MAX_CORRECTIONS_REMEMBERED = 10_000;

/** Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions), capped. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] as number;
}

function maxTypoDistance(length: number): number {
  if (length >= 8) return 2;
  if (length >= MIN_TYPO_LENGTH) return 1;
  return 0;
}

function deletions(word: string, depth: number, into: Set<string>): void {
  if (depth === 0 || word.length <= 1) return;
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(shorter)) {
      into.add(shorter);
      deletions(shorter, depth - 1, into);
    }
  }
}

/** What a vocabulary spelling stands for: an indexed term, or a stopword (to drop). */
type Resolution = { term: number } | { stopword: true };

/**
 * Symmetric-delete index (as in SymSpell): every spelling is stored under its deletions, so the
 * candidates for a misspelt word are found by looking up the word's own deletions — no scan of the
 * vocabulary per query.
 */
class TypoIndex {
  private readonly byDeletion = new Map<string, string[]>();
  private readonly resolutions = new Map<string, Resolution>();

  add(spelling: string, resolution: Resolution): void {
    if (spelling.length < MIN_TYPO_LENGTH || this.resolutions.has(spelling)) return;
    this.resolutions.set(spelling, resolution);
    const keys = new Set<string>([spelling]);
    deletions(spelling, spelling.length >= 6 ? 2 : 1, keys);
    for (const key of keys) {
      const list = this.byDeletion.get(key);
      if (list === undefined) this.byDeletion.set(key, [spelling]);
      else list.push(spelling);
    }
  }

  /** Closest spelling within the allowed distance; ties go to the same first letter, then `rank`. */
  lookup(word: string, rank: (r: Resolution) => number): Resolution | undefined {
    const max = maxTypoDistance(word.length);
    if (max === 0) return undefined;
    const keys = new Set<string>([word]);
    deletions(word, max, keys);
    let best: { spelling: string; distance: number; score: number } | undefined;
    const seen = new Set<string>();
    for (const key of keys) {
      for (const spelling of this.byDeletion.get(key) ?? []) {
        if (seen.has(spelling)) continue;
        seen.add(spelling);
        const distance = editDistance(word, spelling, max);
        if (distance > max) continue;
        const resolution = this.resolutions.get(spelling) as Resolution;
        const score = (spelling[0] === word[0] ? 1_000_000 : 0) + rank(resolution);
        if (
          best === undefined ||
          distance < best.distance ||
          (distance === best.distance &&
            (score > best.score || (score === best.score && spelling < best.spelling)))
        ) {
          best = { spelling, distance, score };
        }
      }
    }
    if (best === undefined) return undefined;
    const resolution = this.resolutions.get(best.spelling) as Resolution;
    // Only a long word one edit from a stopword is a misspelt stopword; "bakar" is not "bakal".
    if ('stopword' in resolution && (best.distance > 1 || word.length < 6)) return undefined;
    return resolution;
  }
}

interface QueryTerm {
  term: number;
  weight2: number;
}

/**
 * Builds the index over `topics` (once; ~0.3 s for 1,000 topics) and returns the matcher.
 */
export function createFaqMatcher(topics: readonly FaqTopic[], options: FaqMatcherOptions = {}): FaqMatcher {
  const threshold = options.threshold ?? DEFAULT_FAQ_THRESHOLD;
  const typoTolerance = options.typoTolerance ?? true;
  const bagWeight = options.bagWeight ?? 0.8;
  const coverageFloor = options.coverageFloor ?? 0.3;
  const unknownShare = options.unknownWeight ?? 1.4;
  const correctedWeight = options.correctedWeight ?? 0.85;

  const termIds = new Map<string, number>();
  const surfaceTerms = new Map<string, number>();
  const termOf = (token: AnalyzedToken): number => {
    let id = termIds.get(token.stem);
    if (id === undefined) {
      id = termIds.size;
      termIds.set(token.stem, id);
    }
    if (!surfaceTerms.has(token.surface)) surfaceTerms.set(token.surface, id);
    return id;
  };

  // Documents: every question and the title. Bags: everything in the topic, keywords included.
  const docTerms: number[][] = [];
  const topicFirstDoc: number[] = [];
  const topicBags: Set<number>[] = [];
  for (const topic of topics) {
    topicFirstDoc.push(docTerms.length);
    const bag = new Set<number>();
    for (const text of [topic.title, ...topic.questions]) {
      const terms = [...new Set(analyzeTokens(text).map(termOf))];
      if (terms.length === 0) continue;
      for (const id of terms) bag.add(id);
      docTerms.push(terms);
    }
    for (const keyword of topic.keywords) for (const token of analyzeTokens(keyword)) bag.add(termOf(token));
    topicBags.push(bag);
  }
  topicFirstDoc.push(docTerms.length);

  const termCount = termIds.size;
  const topicFrequency = new Float64Array(termCount);
  for (const bag of topicBags) for (const id of bag) topicFrequency[id] = (topicFrequency[id] as number) + 1;
  const idf = new Float64Array(termCount);
  for (let id = 0; id < termCount; id++)
    idf[id] = Math.log(1 + topics.length / (topicFrequency[id] as number));
  const maxIdf = Math.log(1 + Math.max(topics.length, 1));
  const unknownWeight2 = (unknownShare * maxIdf) ** 2;

  const docNorm2 = docTerms.map((terms) => terms.reduce((sum, id) => sum + (idf[id] as number) ** 2, 0));
  const postingLists = (sets: Iterable<number>[]): Int32Array[] => {
    const lists: number[][] = Array.from({ length: termCount }, () => []);
    let i = 0;
    for (const set of sets) {
      for (const id of set) lists[id]?.push(i);
      i++;
    }
    return lists.map((list) => Int32Array.from(list));
  };
  const docPostings = postingLists(docTerms);
  const topicPostings = postingLists(topicBags);

  const typos = new TypoIndex();
  if (typoTolerance) {
    // Indexed spellings first so a stopword never shadows a vocabulary word of the same spelling.
    for (const [surface, id] of surfaceTerms) typos.add(surface, { term: id });
    for (const [stem, id] of termIds) typos.add(stem, { term: id });
    // A misspelt stopword ("bagaimna", "tidka") must be dropped, not counted as unknown content.
    for (const word of STOPWORDS) typos.add(word, { stopword: true });
  }
  // At equal distance prefer a vocabulary word, and among those the more widely used one.
  const typoRank = (r: Resolution): number => ('term' in r ? 1 + (topicFrequency[r.term] as number) : 0);
  // The same misspellings come again and again ("gabisa", "pasword"): each is looked up once.
  const corrected = new Map<string, Resolution | undefined>();
  const correction = (surface: string): Resolution | undefined => {
    if (corrected.has(surface)) return corrected.get(surface);
    const resolution = typos.lookup(surface, typoRank);
    if (corrected.size >= MAX_CORRECTIONS_REMEMBERED) corrected.clear();
    corrected.set(surface, resolution);
    return resolution;
  };

  function queryTerms(text: string): { terms: QueryTerm[]; total2: number } {
    const weights = new Map<number, number>();
    let unknown2 = 0;
    const seenUnknown = new Set<string>();
    for (const token of analyzeTokens(text.slice(0, MAX_QUERY_CHARS))) {
      if (weights.size + seenUnknown.size >= MAX_QUERY_TERMS) break;
      let id = termIds.get(token.stem) ?? surfaceTerms.get(token.surface);
      let factor = 1;
      // Only words outside the dictionary are typos: "uang" must stay unknown, not become "hang".
      if (
        id === undefined &&
        typoTolerance &&
        !/\p{N}/u.test(token.surface) &&
        !isDictionaryWord(token.surface)
      ) {
        const resolution = correction(token.surface);
        if (resolution !== undefined && 'stopword' in resolution) continue;
        if (resolution !== undefined) {
          id = resolution.term;
          factor = correctedWeight;
        }
      }
      if (id === undefined) {
        if (!seenUnknown.has(token.stem)) {
          seenUnknown.add(token.stem);
          unknown2 += unknownWeight2;
        }
        continue;
      }
      const weight2 = ((idf[id] as number) * factor) ** 2;
      weights.set(id, Math.max(weights.get(id) ?? 0, weight2));
    }
    const terms = [...weights].map(([term, weight2]) => ({ term, weight2 }));
    const total2 = terms.reduce((sum, q) => sum + q.weight2, 0) + unknown2;
    return { terms, total2 };
  }

  // Scratch accumulators reused across calls (match is synchronous, so no interleaving).
  const docHit = new Float64Array(docTerms.length);
  const topicHit = new Float64Array(topics.length);
  const touchedDocs: number[] = [];
  const touchedTopics: number[] = [];

  function scoreTopics(text: string): Array<{ topic: number; score: number }> {
    const { terms, total2 } = queryTerms(text);
    if (terms.length === 0 || total2 === 0) return [];
    for (const { term, weight2 } of terms) {
      for (const doc of docPostings[term] as Int32Array) {
        if (docHit[doc] === 0) touchedDocs.push(doc);
        docHit[doc] = (docHit[doc] as number) + weight2;
      }
      for (const topic of topicPostings[term] as Int32Array) {
        if (topicHit[topic] === 0) touchedTopics.push(topic);
        topicHit[topic] = (topicHit[topic] as number) + weight2;
      }
    }
    const results: Array<{ topic: number; score: number }> = [];
    for (const topic of touchedTopics) {
      const bagHit = topicHit[topic] as number;
      let best = bagWeight * (bagHit / total2) * coverageFloor;
      for (let doc = topicFirstDoc[topic] as number; doc < (topicFirstDoc[topic + 1] as number); doc++) {
        const hit = docHit[doc] as number;
        if (hit === 0) continue;
        const coverage = (hit + bagWeight * (bagHit - hit)) / total2;
        const specificity = Math.min(1, hit / (docNorm2[doc] as number));
        const score = coverage * (coverageFloor + (1 - coverageFloor) * specificity);
        if (score > best) best = score;
      }
      results.push({ topic, score: best });
    }
    for (const doc of touchedDocs) docHit[doc] = 0;
    for (const topic of touchedTopics) topicHit[topic] = 0;
    touchedDocs.length = 0;
    touchedTopics.length = 0;
    return results;
  }

  function rank(text: string, limit = 5): FaqCandidate[] {
    return scoreTopics(text)
      .sort((a, b) => b.score - a.score || a.topic - b.topic)
      .slice(0, limit)
      .map(({ topic, score }) => ({ id: (topics[topic] as FaqTopic).id, score }));
  }

  function match(text: string): FaqMatch {
    let best: { topic: number; score: number } | undefined;
    for (const candidate of scoreTopics(text)) {
      if (
        best === undefined ||
        candidate.score > best.score ||
        (candidate.score === best.score && candidate.topic < best.topic)
      ) {
        best = candidate;
      }
    }
    if (best === undefined) return { id: null, score: 0 };
    if (best.score < threshold) return { id: null, score: best.score };
    const topic = topics[best.topic] as FaqTopic;
    return {
      id: topic.id,
      score: best.score,
      answer: topic.answer,
      title: topic.title,
      actions: topic.actions,
    };
  }

  return { match, rank, topics, threshold };
}
