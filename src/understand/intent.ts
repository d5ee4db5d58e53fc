/**
 * What a message wants, from the cues of vocabulary/intents.yaml and what else the message holds (a ticket
 * code, a named service, an FAQ match). Rules first for the unmistakable cases, then the weighed cues.
 */
import { cueScore, hasPhrase, phrasesIn, type Vocabulary, withoutNya } from './vocabulary.ts';

export const INTENTS = [
  'incident',
  'request',
  'question',
  'status',
  'followup',
  'human',
  'greeting',
  'thanks',
  'cancel',
  'out_of_scope',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentInput {
  /** Normalised words of the message. */
  words: string;
  raw: string;
  hasCode: boolean;
  /** The named service takes requests / incidents (null: none named). */
  named: { requestable: boolean; reportable: boolean } | null;
  outOfScope: boolean;
  /** The out-of-scope topic wins over a named service. */
  outOfScopeStrong: boolean;
  faqHit: boolean;
}

/** The message without the greeting and address words it opens with ("pagi min, simpeg error" → "simpeg error"). */
export function stripOpening(words: string, vocab: Vocabulary['intents']): string {
  let rest = words;
  for (;;) {
    const phrase = vocab.greeting.find((g) => rest === g || rest.startsWith(`${g} `));
    const word = rest.split(' ')[0] ?? '';
    if (phrase) rest = rest.slice(phrase.length).trim();
    else if (word !== '' && vocab.address.has(word)) rest = rest.slice(word.length).trim();
    else return rest;
  }
}

/** Per vocabulary: every word of its greetings and thanks, and its forms of address. */
const courtesyWords = new WeakMap<Vocabulary['intents'], ReadonlySet<string>>();

function mayBeCourtesy(word: string, vocab: Vocabulary['intents']): boolean {
  let known = courtesyWords.get(vocab);
  if (!known) {
    known = new Set(
      [...vocab.greeting, ...vocab.thanks].flatMap((p) => p.split(' ')).concat([...vocab.address]),
    );
    courtesyWords.set(vocab, known);
  }
  return word === '' || known.has(word);
}

/** Only greetings and address words (and, `withThanks`, thanks) once those phrases are taken out. */
function onlyCourtesy(words: string, vocab: Vocabulary['intents'], withThanks: boolean): boolean {
  // A word of no greeting, thanks or address stays whatever is taken out: most messages end here.
  if (!words.split(/\s+/).every((w) => mayBeCourtesy(w, vocab))) return false;
  let rest = ` ${words} `;
  for (const p of [...vocab.greeting, ...(withThanks ? vocab.thanks : [])])
    rest = rest.split(` ${p} `).join('  ');
  return rest
    .trim()
    .split(/\s+/)
    .every((w) => w === '' || vocab.address.has(w));
}

export function decideIntent(input: IntentInput, vocab: Vocabulary['intents']): Intent {
  const words = withoutNya(input.words);
  const body = stripOpening(words, vocab);
  if (body === '' || onlyCourtesy(words, vocab, false)) return 'greeting';
  if (phrasesIn(words, vocab.thanks).length > 0 && onlyCourtesy(words, vocab, true)) return 'thanks';

  const incident =
    cueScore(withoutWorries(words, vocab), vocab.incident) +
    (input.named && !input.named.requestable ? 1 : 0);
  const request = cueScore(words, vocab.request) + (input.named && !input.named.reportable ? 1 : 0);
  const opener = vocab.questionOpeners.some((o) => body === o || body.startsWith(`${o} `));
  const question =
    cueScore(words, vocab.question) + (opener ? 2 : 0) + (/\?\s*$/.test(input.raw.trim()) ? 1 : 0);
  const followup = cueScore(words, vocab.followup);
  const refersBack = phrasesIn(words, vocab.followupRefs).length > 0;
  const status = phrasesIn(words, vocab.status).length > 0;

  // "kalau tiket dibatalkan bisa dibuka lagi?" asks about cancelling; it does not cancel.
  if (phrasesIn(words, vocab.cancel).length > 0 && question < 3) return 'cancel';
  if (phrasesIn(words, vocab.human).length > 0) return 'human';
  if (input.hasCode) return followup > 0 || incident > 0 ? 'followup' : 'status';
  if (input.outOfScope && (input.named === null || input.outOfScopeStrong)) return 'out_of_scope';
  if (refersBack && (followup > 0 || (incident > 0 && !status))) return 'followup';
  if (status && followup === 0 && question < 3) return 'status';
  if (followup >= 3 && incident > 0 && input.named === null) return 'followup';
  if (question >= 3 && question >= request && question >= incident) return 'question';
  if (incident > 0 && incident >= request) return 'incident';
  if (request > 0) return 'request';
  if (input.faqHit || question > 0) return 'question';
  if (input.named) return input.named.reportable ? 'incident' : 'request';
  return 'out_of_scope';
}

/** The words after a worry ("takut kena hack lagi") are not an event. */
function withoutWorries(words: string, vocab: Vocabulary['intents']): string {
  let out = ` ${words} `;
  for (const w of vocab.hypothetical) out = out.replace(new RegExp(` ${w}( \\S+){1,3}`, 'g'), ' ');
  return out.trim();
}

export { hasPhrase };
