/**
 * Migrations through Prisma's wasm schema engine. The native schema engine is a binary download that
 * these machines cannot make; the wasm engine applies the same SQL files and writes the same
 * `_prisma_migrations` table, so `prisma migrate deploy` on a connected machine sees the same history.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { HelpdeskError } from '../errors.ts';
import { MIGRATIONS_DIR, SCHEMA_FILE } from './paths.ts';

export type MigrationTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; db: PGlite };

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let wasmReady = false;
function loadWasm(): void {
  if (wasmReady) return;
  // Node 20 cannot `import` a .wasm module, so it is instantiated by hand.
  const require = createRequire(import.meta.url);
  const file = path.join(
    path.dirname(require.resolve('@prisma/schema-engine-wasm')),
    'schema_engine_bg.wasm',
  );
  // @types/node 20 does not declare the WebAssembly global.
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new wasm.Instance(new wasm.Module(fs.readFileSync(file)), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports as never);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  wasmReady = true;
}

interface ScriptAdapter {
  executeScript: (sql: string) => Promise<void>;
  onError: (e: unknown) => never;
}

/**
 * Both driver adapters run migration scripts badly: adapter-pg splits the script on every ";" (which
 * breaks function bodies and loses atomicity) and pglite-prisma-adapter 0.7.2 does not await exec()
 * (a failing migration is recorded as applied). Each script is instead sent whole, as one simple-query
 * call, so it runs as one implicit transaction and its error reaches the engine.
 */
function adapterFactory(target: MigrationTarget): { factory: object; dispose: () => Promise<void> } {
  const opened: { dispose(): Promise<void> }[] = [];
  const factory =
    target.kind === 'postgres' ? new PrismaPg({ connectionString: target.url }) : new PrismaPGlite(target.db);
  const connect = factory.connect.bind(factory);
  factory.connect = (async () => {
    const adapter = await connect();
    opened.push(adapter);
    const run =
      target.kind === 'pglite'
        ? (sql: string) => target.db.exec(sql)
        : (sql: string) => (adapter as unknown as { client: pg.Pool }).client.query(sql);
    const patched = adapter as unknown as ScriptAdapter;
    patched.executeScript = async (sql: string) => {
      try {
        await run(sql);
      } catch (e) {
        patched.onError(e);
      }
    };
    return adapter;
  }) as typeof connect;
  // The engine's free() leaves the connections open; one of them may still hold Prisma's migration
  // advisory lock, which would stall the next migration run until the pool's idle timeout.
  const dispose = async () => {
    if (target.kind === 'pglite') return; // the caller owns the PGlite instance
    await Promise.all(opened.map((a) => a.dispose().catch(() => {})));
  };
  return { factory, dispose };
}

function readSchema(): string {
  return fs.readFileSync(SCHEMA_FILE, 'utf8');
}

/** Runs `fn` with a schema engine connected to `target`, then releases engine and connections. */
async function withEngine<T>(
  target: MigrationTarget,
  fn: (engine: bg.SchemaEngine) => Promise<T>,
): Promise<T> {
  loadWasm();
  const { factory, dispose } = adapterFactory(target);
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[SCHEMA_FILE, readSchema()]] } as never,
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory as never),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await dispose();
  }
}

function migrationsList() {
  fs.mkdirSync(MIGRATIONS_DIR, { recursive: true });
  const dirs = fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const lock = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  return {
    baseDir: MIGRATIONS_DIR,
    shadowDbInitScript: '',
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : null,
    },
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: fs.readFileSync(path.join(MIGRATIONS_DIR, d, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

const filters = { externalTables: [], externalEnums: [] };

/** Applies every migration not yet applied; returns the names applied now. */
export async function deployMigrations(target: MigrationTarget): Promise<string[]> {
  try {
    return await withEngine(target, async (engine) => {
      const out = await engine.applyMigrations({ migrationsList: migrationsList(), filters } as never);
      return (out as { appliedMigrationNames: string[] }).appliedMigrationNames;
    });
  } catch (cause) {
    throw new HelpdeskError('MIGRATION_FAILED', `migrasi database gagal: ${describe(cause)}`, { cause });
  }
}

/**
 * Writes a new migration folder with the SQL that turns the last snapshot of the schema into the
 * current schema (datamodel to datamodel: no database, no shadow database). Returns the folder, or
 * null when nothing changed.
 */
export async function createMigration(name: string, db: PGlite, now = new Date()): Promise<string | null> {
  return withEngine({ kind: 'pglite', db }, async (engine) => {
    const snapshot = path.join(MIGRATIONS_DIR, 'schema.snapshot.prisma');
    const from = fs.existsSync(snapshot)
      ? { tag: 'schemaDatamodel', files: [{ path: snapshot, content: fs.readFileSync(snapshot, 'utf8') }] }
      : { tag: 'empty' };
    const to = { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: readSchema() }] };
    const out = await engine.diff({ from, to, script: true, exitCode: null, filters } as never);
    const sql = (out as { stdout?: string }).stdout ?? '';
    if (!sql.trim() || sql.trim().startsWith('-- This is an empty migration')) return null;
    const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name.replace(/[^a-z0-9_]/gi, '_')}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
    fs.writeFileSync(
      path.join(MIGRATIONS_DIR, 'migration_lock.toml'),
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
    fs.writeFileSync(snapshot, readSchema());
    return dir;
  });
}

/** SQL that would bring a database built from the migrations to the current schema ('' when none). */
export async function diffMigrationsAgainstSchema(db: PGlite): Promise<string> {
  return withEngine({ kind: 'pglite', db }, async (engine) => {
    const out = await engine.diff({
      from: { tag: 'migrations', ...migrationsList() },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: readSchema() }] },
      script: true,
      exitCode: null,
      filters,
    } as never);
    const sql = ((out as { stdout?: string }).stdout ?? '').trim();
    return sql.startsWith('-- This is an empty migration') ? '' : sql;
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
