import { describe, expect, it } from 'vitest';
import { PAGE_CHARS, PAGE_ENTRIES, pageOf, pageText } from '../../src/commands/pages.ts';

describe('pages that fit a phone screen', () => {
  const entries = Array.from({ length: 19 }, (_, i) => `tiket ${i + 1}`);

  it('cuts by entries and keeps every entry exactly once, in order', () => {
    const pages = [1, 2, 3].map((n) => pageOf(entries, n));
    expect(pages.map((p) => p.pages)).toEqual([3, 3, 3]);
    expect(pages.flatMap((p) => p.entries)).toEqual(entries);
    expect(pages[0]?.entries).toHaveLength(PAGE_ENTRIES);
  });

  it('cuts by characters too', () => {
    const long = Array.from({ length: 4 }, (_, i) => `${i}`.padEnd(PAGE_CHARS / 2, 'x'));
    const p = pageOf(long, 1);
    expect(p.entries.join('\n').length).toBeLessThanOrEqual(PAGE_CHARS);
    expect(p.pages).toBeGreaterThan(1);
  });

  it('clamps the page number and says how to go on only while there is more', () => {
    expect(pageOf(entries, 99).page).toBe(3);
    expect(pageOf(entries, 0).page).toBe(1);
    expect(pageText('Antrian', pageOf(entries, 1), '-')).toContain('lanjut');
    expect(pageText('Antrian', pageOf(entries, 3), '-')).not.toContain('lanjut');
    expect(pageText('Antrian', pageOf([], 1), 'Kosong.')).toBe('Antrian\nKosong.');
  });
});
