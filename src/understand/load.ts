/** Reads the vocabulary folder (`vocabulary/*.yaml`) for the understanding module. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ContentError } from '../errors.ts';
import { parseVocabulary, VOCABULARY_FILES, type Vocabulary } from './vocabulary.ts';

export function loadVocabulary(dir: string): Vocabulary {
  const files: Record<string, unknown> = {};
  for (const name of VOCABULARY_FILES) {
    const file = join(dir, `${name}.yaml`);
    try {
      files[name] = parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ContentError(file, 'file', `tidak dapat dibaca: ${(e as Error).message}`);
    }
  }
  return parseVocabulary(files);
}
