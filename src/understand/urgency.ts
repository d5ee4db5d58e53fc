/**
 * Urgensi (Formulir D d, Formulir E e; 002:471-478, 002:499-514) as the reporter says it: "segera",
 * "besok deadline" → TINGGI; "tidak mendesak", "kapan saja" → RENDAH; nothing said → null.
 */
import type { Urgency } from '../domain.ts';
import { phrasesIn, type Vocabulary } from './vocabulary.ts';

/** `words` are normalised (normalizeText). */
export function readUrgency(words: string, vocab: Vocabulary['urgency']): Urgency | null {
  if (phrasesIn(words, vocab.low).length > 0) return 'RENDAH';
  if (phrasesIn(words, vocab.high).length > 0) return 'TINGGI';
  return null;
}
