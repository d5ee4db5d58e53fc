import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so commands work from any working directory. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA_FILE = path.join(ROOT_DIR, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'prisma/migrations');
