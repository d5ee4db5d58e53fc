/**
 * `helpdesk migrate` applies the migrations to DATABASE_URL, or to the embedded PGlite folder when
 * DATABASE_URL is unset. `helpdesk migration:create <name>` writes a new migration from the schema.
 */
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../config.ts';
import { createMigration, deployMigrations } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';

function listed(names: string[]): string {
  return names.length ? names.join(', ') : 'tidak ada (sudah terbaru)';
}

export async function runMigrate(): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) {
    const applied = await deployMigrations({ kind: 'postgres', url: config.databaseUrl });
    console.log(`migrasi diterapkan: ${listed(applied)}`);
  } else {
    const db = await openPglite(config.dataDir);
    try {
      console.log(
        `migrasi diterapkan (PGlite ${config.dataDir}): ${listed(await deployMigrations({ kind: 'pglite', db }))}`,
      );
    } finally {
      await db.close();
    }
  }
  return 0;
}

export async function runCreateMigration(name: string | undefined): Promise<number> {
  if (!name) {
    console.error('Pemakaian: helpdesk migration:create <nama>');
    return 2;
  }
  const db = new PGlite();
  try {
    const dir = await createMigration(name, db);
    console.log(dir ? `migrasi baru: ${dir}` : 'skema tidak berubah; tidak ada migrasi baru');
    return 0;
  } finally {
    await db.close();
  }
}
