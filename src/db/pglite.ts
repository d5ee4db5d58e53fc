import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Opens (creating when new) the embedded PostgreSQL kept under `<dataDir>/pglite`. */
export async function openPglite(dataDir: string): Promise<PGlite> {
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const db = new PGlite(dir);
  await db.waitReady;
  return db;
}
