/** The Formulir D/E field rules (002:471-478, 002:499-514), pure. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../src/catalogue/load.ts';
import {
  classificationOf,
  matchCategory,
  readUrgencyWord,
  splitCause,
  urgencyOfPriority,
} from '../../src/tickets/fields.ts';

describe('Formulir D/E fields', () => {
  it.each([
    ['P1', 'TINGGI'],
    ['P2', 'TINGGI'],
    ['P3', 'SEDANG'],
    ['P4', 'SEDANG'],
    ['P5', 'RENDAH'],
    ['P6', 'RENDAH'],
  ] as const)('urgensi of an incident nobody rated (002:503): %s → %s', (p, u) => {
    expect(urgencyOfPriority(p)).toBe(u);
  });

  it('reads the urgency staff type', () => {
    expect(readUrgencyWord('Tinggi')).toBe('TINGGI');
    expect(readUrgencyWord(' sedang ')).toBe('SEDANG');
    expect(readUrgencyWord('rendah')).toBe('RENDAH');
    expect(readUrgencyWord('sangat')).toBeNull();
  });

  it('writes the klasifikasi permintaan as group and urgency (002:474)', () => {
    expect(classificationOf('Akun Layanan', 'SEDANG')).toBe('Akun Layanan · urgensi sedang');
  });

  it.each([
    ['jaringan', 'Jaringan'],
    ['JARINGAN', 'Jaringan'],
    ['akun', 'Akun & Akses'],
    ['akun & akses', 'Akun & Akses'],
    ['server', 'Server & Pusat Data'],
    ['pusat data', 'Server & Pusat Data'],
    ['keamanan', 'Keamanan Informasi'],
    ['perangkat', 'Perangkat Keras'],
    ['lain', 'Lainnya'],
    ['a', null],
    ['listrik', null],
    ['', null],
  ])('matches the kategori %j loosely (002:502) → %j', (typed, category) => {
    expect(matchCategory(typed, DEFAULT_CATEGORIES)).toBe(category);
  });

  it.each([
    ['Server direstart. penyebab: memori penuh', { solution: 'Server direstart.', cause: 'memori penuh' }],
    [
      'Kabel diganti, Penyebab: kabel digigit tikus',
      { solution: 'Kabel diganti', cause: 'kabel digigit tikus' },
    ],
    [
      'Akun dibuka. SEBAB: salah password 5 kali',
      { solution: 'Akun dibuka.', cause: 'salah password 5 kali' },
    ],
    ['Server direstart', { solution: 'Server direstart', cause: null }],
    ['Server direstart. penyebab:', { solution: 'Server direstart.', cause: null }],
    ['penyebab: memori penuh', { solution: '', cause: 'memori penuh' }],
  ])('splits %j into solution and penyebab (002:513)', (text, parts) => {
    expect(splitCause(text)).toEqual(parts);
  });
});
