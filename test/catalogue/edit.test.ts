/**
 * Editing one catalogue entry in the YAML text: the rest of the file stays byte for byte (comments, line
 * breaks, the `<<: *unit` defaults; the entry itself is printed one line per field), a new entry goes at
 * the end, a removed one leaves no trace, and the result reads back as the values asked for.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueEntries, withEntry } from '../../src/catalogue/edit.ts';
import { parseCatalogue } from '../../src/catalogue/load.ts';
import { root } from '../support/content.ts';

const text = fs.readFileSync(root('prisma/seed/catalogue.yaml'), 'utf8');

describe('withEntry', () => {
  it('changes only the entry: the file before and after it stays as written', () => {
    const next = withEntry(text, 'email-reset', { name: 'Reset Sandi E-Mail' });
    const start = text.indexOf('code: email-reset');
    const rest = text.slice(text.indexOf('  - <<: *unit', start));
    expect(next.startsWith(text.slice(0, start))).toBe(true);
    expect(next.endsWith(rest)).toBe(true);
    expect(next).toContain('    name: Reset Sandi E-Mail\n');
    const svc = parseCatalogue('x', next).services.find((s) => s.code === 'email-reset');
    // The defaults it merges in are still its own.
    expect(svc).toMatchObject({ name: 'Reset Sandi E-Mail', providerName: 'Bidang Aptika Diskominfo' });
  });

  it('an emptied field the defaults would fill in stays empty (and the check then says it is required)', () => {
    const next = withEntry(text, 'email-reset', { provider: '' });
    expect(() => parseCatalogue('x', next)).toThrow(/email-reset\)\.provider: wajib diisi/);
  });

  it('adds a new entry at the end and removes one without touching the others', () => {
    const added = withEntry(text, 'uji-baru', {
      code: 'uji-baru',
      name: 'Layanan Uji',
      description: 'Untuk pengujian',
      aliases: ['uji coba'],
      kinds: ['incident'],
      classification: 'NORMAL',
      nature: 'PUBLIK',
      provider: 'A',
      manager: 'B',
      technical_team: 'C',
      access: 'D',
      help_contact: 'E',
      help_hours: 'F',
      availability: '24/7',
    });
    expect(added.startsWith(text.trimEnd())).toBe(true);
    expect(parseCatalogue('x', added).services.at(-1)).toMatchObject({
      code: 'uji-baru',
      aliases: ['uji coba'],
    });
    const removed = withEntry(added, 'uji-baru', null);
    expect(removed).toBe(text);
    const without = withEntry(text, 'email-reset', null);
    expect(catalogueEntries(without).map((s) => s.code)).not.toContain('email-reset');
    expect(catalogueEntries(without)).toHaveLength(catalogueEntries(text).length - 1);
  });
});
