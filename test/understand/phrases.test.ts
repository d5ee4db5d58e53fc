/**
 * Finding a vocabulary's phrases in a message by the message's words (the phrases indexed by their
 * first word) finds exactly what checking every phrase of the vocabulary finds, for every phrase list
 * and cue map of the shipped vocabulary and every message of the labelled set.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normalizeText } from '../../src/faq/normalize.ts';
import { type Cues, cueScore, hasPhrase, phrasesIn, withoutNya } from '../../src/understand/vocabulary.ts';
import { VOCABULARY } from '../support/content.ts';

/** Every phrase list and cue map in the vocabulary, by where it is. */
function listsOf(value: unknown, where: string, out: [string, readonly string[] | Cues][] = []) {
  if (value instanceof Map) out.push([where, value as Cues]);
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out.push([where, value]);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) listsOf(v, `${where}[${i}]`, out);
  else if (value && typeof value === 'object' && !(value instanceof Set))
    for (const [k, v] of Object.entries(value)) listsOf(v, `${where}.${k}`, out);
  return out;
}

const isCues = (l: readonly string[] | Cues): l is Cues => l instanceof Map;

function naiveScore(words: string, cues: Cues): number {
  const hits = [...cues.keys()].filter((p) => hasPhrase(words, p)).sort((a, b) => b.length - a.length);
  const kept: string[] = [];
  for (const p of hits) if (!kept.some((k) => hasPhrase(k, p))) kept.push(p);
  return kept.reduce((sum, p) => sum + (cues.get(p) ?? 0), 0);
}

const messages = (
  parse(readFileSync(new URL('./messages.yaml', import.meta.url), 'utf8')) as { text: string }[]
).map((m) => m.text);

describe('phrases found by the words of a message', () => {
  const lists = listsOf(VOCABULARY, 'vocabulary');

  it('covers the vocabulary', () => {
    expect(lists.filter(([, l]) => isCues(l)).length).toBeGreaterThan(3);
    expect(lists.filter(([, l]) => !isCues(l)).length).toBeGreaterThan(10);
    expect(messages.length).toBeGreaterThan(100);
  });

  it('are the phrases checking every one of them finds, in the same order, with the same cue scores', () => {
    const differences: string[] = [];
    let hits = 0;
    for (const text of messages)
      for (const words of [normalizeText(text), withoutNya(normalizeText(text))])
        for (const [where, list] of lists) {
          if (isCues(list)) {
            const [got, want] = [cueScore(words, list), naiveScore(words, list)];
            if (got !== want) differences.push(`${where} "${words}": ${got} ≠ ${want}`);
            hits += want;
          } else {
            const [got, want] = [phrasesIn(words, list), list.filter((p) => hasPhrase(words, p))];
            if (got.join('|') !== want.join('|')) differences.push(`${where} "${words}": ${got} ≠ ${want}`);
            hits += want.length;
          }
        }
    expect(differences).toEqual([]);
    expect(hits).toBeGreaterThan(100);
  });
});
