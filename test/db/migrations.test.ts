import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { diffMigrationsAgainstSchema } from '../../src/db/migrate.ts';

describe('checked-in migrations', () => {
  it('build exactly the schema in prisma/schema.prisma (run db:migration:create after a change)', async () => {
    const shadow = new PGlite();
    try {
      expect(await diffMigrationsAgainstSchema(shadow)).toBe('');
    } finally {
      await shadow.close();
    }
  });
});
