import { describe, expect, it } from 'vitest';
import { splitText } from '../src/channel-text.ts';

describe('splitting a text for a platform', () => {
  it('leaves a short text whole', () => {
    expect(splitText('halo', 10)).toEqual(['halo']);
  });

  it('splits at the last line break that fits, losing nothing', () => {
    const parts = splitText('baris satu\nbaris dua\nbaris tiga', 20);
    expect(parts).toEqual(['baris satu\nbaris dua', 'baris tiga']);
  });

  it('falls back to a space, then to a hard cut, never over the limit', () => {
    expect(splitText('satu dua tiga empat', 9)).toEqual(['satu dua', 'tiga', 'empat']);
    const word = 'x'.repeat(25);
    const parts = splitText(word, 10);
    expect(parts).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(parts.join('')).toBe(word);
  });
});
