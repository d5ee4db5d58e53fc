/**
 * A copy of the repository's catalogue and FAQ in a temporary folder, for tests that edit them: the
 * app is pointed there (CATALOGUE_FILE, FAQ_DIR) and the repository's files stay as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './app.ts';
import { root } from './content.ts';

export function contentCopy(): { catalogueFile: string; faqDir: string; env: Record<string, string> } {
  const dir = tempDir('content');
  const catalogueFile = path.join(dir, 'catalogue.yaml');
  const faqDir = path.join(dir, 'faq');
  fs.copyFileSync(root('prisma/seed/catalogue.yaml'), catalogueFile);
  fs.cpSync(root('faq'), faqDir, { recursive: true });
  return { catalogueFile, faqDir, env: { CATALOGUE_FILE: catalogueFile, FAQ_DIR: faqDir } };
}
