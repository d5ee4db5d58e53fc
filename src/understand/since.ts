/**
 * Since when a problem happens, as the reporter wrote it: "dari pagi", "sejak jam 8", "kemarin sore",
 * "2 hari ini". Returns the phrase exactly as typed (a slice of the message), or null.
 */
import { normalizeText } from '../faq/normalize.ts';
import type { Vocabulary } from './vocabulary.ts';

interface Token {
  /** Normalised word(s) ("td" → "tadi"). */
  word: string;
  start: number;
  end: number;
}

const NUMBER = /^\d{1,2}([.:]\d{2})?$/;
const NUMBER_WORDS = new Set(['satu', 'dua', 'tiga', 'empat', 'lima', 'beberapa', 'se']);

function tokenize(raw: string): Token[] {
  const out: Token[] = [];
  for (const m of raw.matchAll(/[^\s,;!?()]+/g)) {
    const text = m[0].replace(/[.]+$/, '');
    // "09.30" keeps its dot; "pagi." loses it.
    const word = NUMBER.test(text) ? text : normalizeText(text);
    if (word === '') continue;
    out.push({ word, start: m.index, end: m.index + text.length });
  }
  return out;
}

export function extractSince(raw: string, vocab: Vocabulary['since']): string | null {
  const tokens = tokenize(raw);
  const words = tokens.map((t) => t.word);
  const moments = vocab.moments.map((m) => m.split(' '));
  const spans = vocab.spans.map((m) => m.split(' '));

  /** Length (in tokens) of the multi-word phrase of `list` starting at `i`, or 0. */
  const phraseAt = (i: number, list: string[][]): number => {
    for (const p of list) if (p.every((w, k) => words[i + k] === w)) return p.length;
    return 0;
  };
  /** Length of a time expression starting at `i` (without starter), or 0. */
  const timeAt = (i: number, afterStarter: boolean): number => {
    const w = words[i];
    if (w === undefined) return 0;
    const moment = phraseAt(i, moments);
    const span = phraseAt(i, spans);
    if (moment || span) return Math.max(moment, span);
    if (afterStarter && vocab.clock.has(w) && NUMBER.test(words[i + 1] ?? '')) {
      // "jam 8", "jam 8 pagi", "jam 9 tadi"
      let n = 2;
      if (vocab.dayParts.has(words[i + n] ?? '') || words[i + n] === 'tadi') n++;
      return n;
    }
    if ((NUMBER.test(w) || NUMBER_WORDS.has(w)) && vocab.units.has(words[i + 1] ?? '')) {
      let n = 2;
      if (vocab.unitTails.has(words[i + n] ?? '')) n++;
      return n;
    }
    if (vocab.weekdays.has(w) && (afterStarter || words[i - 1] === 'hari')) {
      let n = 1;
      if (vocab.dayParts.has(words[i + 1] ?? '') || words[i + 1] === 'kemarin' || words[i + 1] === 'lalu')
        n++;
      return n;
    }
    if (afterStarter && vocab.dayParts.has(w)) return 1;
    return 0;
  };

  for (let i = 0; i < tokens.length; i++) {
    const w = words[i] as string;
    let first = i;
    let len = 0;
    const span = timeAt(i, false);
    if (span && !vocab.starters.has(w)) len = span;
    else if (vocab.starters.has(w) && phraseAt(i, spans)) len = phraseAt(i, spans);
    else if (vocab.starters.has(w)) {
      // "sejak kemarin", "dari jam 8", "dari hari senin"
      const skip = words[i + 1] === 'hari' && vocab.weekdays.has(words[i + 2] ?? '') ? 1 : 0;
      const t = timeAt(i + 1 + skip, true);
      if (t) len = 1 + skip + t;
    }
    if (len && w === 'hari' && !vocab.weekdays.has(words[i + 1] ?? '')) len = 0;
    if (!len) continue;
    // A moment right after ("kemarin sore", "pagi tadi") belongs to the phrase.
    let last = i + len - 1;
    while (last + 1 < tokens.length) {
      const next = words[last + 1] as string;
      if (next === 'tadi' || next === 'ini' || vocab.dayParts.has(next) || next === 'kemarin') last++;
      else break;
    }
    first = i;
    const a = tokens[first] as Token;
    const b = tokens[last] as Token;
    return raw.slice(a.start, b.end);
  }
  return null;
}
