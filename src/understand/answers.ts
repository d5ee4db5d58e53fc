/**
 * Reading answers typed in people's own words at the bot's questions: yes/no, "is it solved?", a rating
 * with a comment, a caption that only says "here is the photo", "skip". Words from vocabulary/answers.yaml.
 */
import { hasPhrase, phrasesIn, type Vocabulary } from './vocabulary.ts';

type Answers = Vocabulary['answers'];

function leads(words: string, list: readonly string[]): boolean {
  return list.some((p) => words === p || words.startsWith(`${p} `));
}

/** "ya kirim", "oke lanjut" → yes; "tidak, batal" → no; `words` normalised. */
export function readYesNo(words: string, vocab: Answers): 'yes' | 'no' | undefined {
  if (leads(words, vocab.no)) return 'no';
  if (leads(words, vocab.yes)) return 'yes';
  return undefined;
}

/**
 * "udah bisa login, makasih ya" → solved; "blm", "masih error" → unsolved. "sudah tidak error" is solved:
 * a negated complaint is not one.
 */
export function readSolved(words: string, vocab: Answers): 'solved' | 'unsolved' | undefined {
  const cleared = words.replace(/\b(sudah tidak|tidak lagi|sudah gak|sudah nggak) \w+/g, 'sudah');
  const solved = phrasesIn(cleared, vocab.solved);
  // "belum bisa" holds "bisa", "sudah tidak bisa lagi" is cleared above: a complaint counts unless it is
  // part of a longer "solved" phrase.
  const unsolved = phrasesIn(cleared, vocab.unsolved).filter(
    (u) => !solved.some((x) => x.length > u.length && hasPhrase(x, u)),
  );
  if (unsolved.length > 0) return 'unsolved';
  if (solved.length > 0) return 'solved';
  return undefined;
}

/** Nothing more to say at the feedback question. */
export function isSkip(words: string, raw: string, vocab: Answers): boolean {
  return vocab.skip.includes(words) || vocab.skip.includes(raw.trim());
}

/** A caption that only points at its attachment ("ini fotonya", "ss errornya ya pak"). */
export function isCaptionOnly(words: string, vocab: Answers): boolean {
  return words !== '' && words.split(' ').every((w) => vocab.caption.has(w));
}

export function readResume(words: string, vocab: Answers): 'resume' | 'restart' | undefined {
  if (leads(words, vocab.resume)) return 'resume';
  if (leads(words, vocab.restart)) return 'restart';
  return undefined;
}

/** Numbers typed as words ("dua" for the second choice, "empat" as a rating). */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['satu', 1],
  ['dua', 2],
  ['tiga', 3],
  ['empat', 4],
  ['lima', 5],
  ['enam', 6],
  ['tujuh', 7],
  ['delapan', 8],
  ['sembilan', 9],
]);

/**
 * A 1–5 rating with what was said around it: "4", "4/5", "nilai 4", "empat", "⭐⭐⭐⭐",
 * "4, cepet tp td malem sempet panik" → 4 with that comment.
 */
export function readRating(raw: string, words: string): { rating: number; comment?: string } | undefined {
  const text = raw.trim();
  const stars = [...text].filter((c) => c === '⭐' || c === '★').length;
  if (stars >= 1 && stars <= 5 && text.replace(/\uFE0F/g, '').replace(/[⭐★\s]/gu, '') === '')
    return { rating: stars };
  const m =
    /^(?:nilai|nilainya|rating|skor|bintang|kasih|saya kasih|sy kasih)?\s*([1-5])(?!\d|[.,]\d)(?:\s*(?:\/|dari)\s*5)?\s*(?:bintang)?\s*[.,:;!\-–—)]*\s*(.*)$/is.exec(
      text,
    );
  if (m?.[1]) {
    const comment = (m[2] ?? '').trim();
    return /\p{L}{2,}/u.test(comment) ? { rating: Number(m[1]), comment } : { rating: Number(m[1]) };
  }
  const word = NUMBER_WORDS.get(words.replace(/^(nilai|bintang) /, '').split(' ')[0] ?? '');
  if (word !== undefined && word <= 5) {
    const rest = words.split(' ').slice(words.startsWith('nilai ') || words.startsWith('bintang ') ? 2 : 1);
    return rest.length > 0 && rest.join(' ').length >= 3
      ? { rating: word, comment: raw.trim() }
      : { rating: word };
  }
  return undefined;
}
