/**
 * `npm run db:migrate` applies the migrations to DATABASE_URL, or to the embedded PGlite folder when
 * DATABASE_URL is unset. `npm run db:migration:create <name>` writes a new migration from the schema.
 */
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../config.ts';
import { createMigration, deployMigrations } from './migrate.ts';
import { openPglite } from './pglite.ts';

const [command, name] = process.argv.slice(2);
try {
  if (command === 'create') {
    const db = new PGlite();
    const dir = await createMigration(name ?? 'migration', db);
    await db.close();
    console.log(dir ? `migrasi baru: ${dir}` : 'skema tidak berubah; tidak ada migrasi baru');
  } else {
    const config = loadConfig();
    if (config.databaseUrl) {
      const applied = await deployMigrations({ kind: 'postgres', url: config.databaseUrl });
      console.log(`migrasi diterapkan: ${applied.length ? applied.join(', ') : 'tidak ada (sudah terbaru)'}`);
    } else {
      const db = await openPglite(config.dataDir);
      const applied = await deployMigrations({ kind: 'pglite', db });
      await db.close();
      console.log(
        `migrasi diterapkan (PGlite ${config.dataDir}): ${applied.length ? applied.join(', ') : 'tidak ada'}`,
      );
    }
  }
  process.exit(0);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
