/** How widely the problem hits users, when the message says so: "satu kantor" → MAJOR, "cuma saya" → MINOR. */
import type { Impact } from '../domain.ts';
import { hasPhrase, phrasesIn, type Vocabulary } from './vocabulary.ts';

/** `words` are normalised (normalizeText). */
export function readImpact(words: string, vocab: Vocabulary['impact']): Impact | null {
  if (phrasesIn(words, vocab.negatedMajor).length > 0) return 'MINOR';
  const major = phrasesIn(words, vocab.major);
  const minor = phrasesIn(words, vocab.minor);
  // "yang lain bisa, cuma saya": a minor phrase that contains a major word is the more specific one.
  if (minor.length > 0 && (major.length === 0 || minor.some((m) => major.some((x) => hasPhrase(m, x)))))
    return 'MINOR';
  if (onlyMe(words, vocab)) return 'MINOR';
  if (major.length > 0 || manyPeople(words, vocab)) return 'MAJOR';
  return null;
}

/** "cuma printer saya aja", "hanya di laptop saya": a word of `only` near a word of `self`. */
function onlyMe(words: string, vocab: Vocabulary['impact']): boolean {
  const tokens = words.split(' ');
  const selfAt = new Set<number>();
  for (const p of vocab.self) {
    const n = p.split(' ').length;
    for (let i = 0; i + n <= tokens.length; i++)
      if (tokens.slice(i, i + n).join(' ') === p) selfAt.add(i + n - 1);
  }
  return tokens.some((t, i) => vocab.only.has(t) && [...selfAt].some((j) => Math.abs(j - i) <= 3));
}

/** "semua loket", "seluruh pegawai bidang": a quantifier right before a group of people or places. */
function manyPeople(words: string, vocab: Vocabulary['impact']): boolean {
  const tokens = words.split(' ');
  return tokens.some(
    (t, i) => vocab.quantifiers.has(t) && tokens.slice(i + 1, i + 3).some((g) => vocab.groups.has(g)),
  );
}
