import { describe, expect, it } from 'vitest';
import {
  analyzeText,
  cleanText,
  isStopword,
  normalizeText,
  normalizeTokens,
  PROTECTED_WORDS,
  SLANG,
  stemWord,
} from '../../src/faq/normalize.ts';

describe('cleanText', () => {
  it('lowercases and strips punctuation and accents', () => {
    expect(cleanText('Halo, Pák!!! Bagaimana?')).toBe('halo pak bagaimana');
    expect(cleanText('résumé café')).toBe('resume cafe');
  });

  it('removes emoji, zero-width characters and RTL/LTR marks', () => {
    expect(cleanText('wifi 😡🙏🏽 mati')).toBe('wifi mati');
    expect(cleanText('pass\u200Bword')).toBe('password');
    expect(cleanText('\u200Fe\u200Email\u202E \uFEFFlupa\u2066')).toBe('email lupa');
    expect(cleanText('1️⃣')).toBe('1');
  });

  it('handles chat spellings: reduplication with 2, repeated letters, glued numbers', () => {
    expect(cleanText('akun2 saya')).toBe('akun saya');
    expect(cleanText('tolonggggg')).toBe('tolong');
    expect(cleanText('24jam')).toBe('24 jam');
  });

  it('keeps ticket codes as separate words', () => {
    expect(cleanText('status GGN-2026-0001')).toBe('status ggn 2026 0001');
  });
});

describe('normalizeText expands slang and abbreviations', () => {
  it.each([
    ['sy lupa pw', 'saya lupa password'],
    ['gmn cara reset passwd', 'bagaimana cara reset password'],
    ['gk bs login', 'tidak bisa login'],
    ['gbs masuk', 'tidak bisa masuk'],
    ['udh lapor tp blm dibales', 'sudah lapor tapi belum dibalas'],
    ['inet lemot bgt', 'internet lambat bgt'],
    ['wi-fi kantor mati', 'wifi kantor mati'],
    ['e-mail dan imel', 'email dan email'],
    ['lupa kata sandi', 'lupa password'],
    ['mksh min', 'terima kasih min'],
    ['knp kl malem gk dibales', 'kenapa kalau malam tidak dibalas'],
    ['brp lama utk hosting', 'berapa lama untuk hosting'],
    ['ga jadi', 'batal'],
    ['aplikasi e-kinerja', 'aplikasi ekinerja'],
    ['selamat malam pak', 'selamat pak'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('keeps the slang table in one data object with normalised keys', () => {
    for (const [key, value] of Object.entries(SLANG)) {
      expect(cleanText(key)).toBe(key);
      expect(value.trim()).toBe(value);
    }
  });

  it('returns no tokens for empty or symbol-only input', () => {
    expect(normalizeTokens('')).toEqual([]);
    expect(normalizeTokens('🙏🙏 ... ???')).toEqual([]);
  });
});

describe('analyzeText', () => {
  it('drops stopwords and chat particles', () => {
    expect(analyzeText('tolong dong min, gimana ya caranya')).toEqual([]);
    expect(isStopword('dong')).toBe(true);
    expect(isStopword('password')).toBe(false);
  });

  it('stems Indonesian words', () => {
    expect(analyzeText('pengajuan permintaan layanan')).toEqual(['aju', 'minta', 'layan']);
    expect(analyzeText('gangguan jaringan')).toEqual(['ganggu', 'jaring']);
  });

  it('does not mangle protected IT words, also with affixes', () => {
    for (const word of ['password', 'email', 'server', 'login', 'internet', 'wifi', 'reset']) {
      expect(PROTECTED_WORDS.has(word)).toBe(true);
      expect(stemWord(word)).toBe(word);
    }
    expect(stemWord('passwordnya')).toBe('password');
    expect(stemWord('direset')).toBe('reset');
    expect(stemWord('ngecek')).toBe('cek');
    expect(stemWord('mengecek')).toBe('cek');
    expect(stemWord('internetnya')).toBe('internet');
  });

  it('drops long numbers (years, ticket numbers, NIK) but keeps short ones', () => {
    expect(analyzeText('status GGN-2026-0001')).toEqual(['status', 'ggn']);
    expect(analyzeText('nilai 5 untuk 24 jam')).toEqual(['nilai', '5', '24', 'jam']);
  });

  it('copes with 10,000 characters of noise', () => {
    const noise = 'Tolong 🙏 wifi\u200B lemot!!! akun2 GGN-2026-0001 résumé '.repeat(200).slice(0, 10_000);
    const terms = analyzeText(noise);
    expect(terms.length).toBeGreaterThan(100);
    const random = Array.from({ length: 10_000 }, (_, i) =>
      String.fromCharCode(32 + ((i * 7919) % 20000)),
    ).join('');
    expect(() => analyzeText(random)).not.toThrow();
  });
});
