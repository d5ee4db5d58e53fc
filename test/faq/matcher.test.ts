import { describe, expect, it } from 'vitest';
import { syntheticTopics } from '../../bench/faq.ts';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { createFaqMatcher, DEFAULT_FAQ_THRESHOLD, editDistance } from '../../src/faq/matcher.ts';
import { loadRenderedFaq } from '../../src/faq-content.ts';

const FAQ_DIR = new URL('../../faq/', import.meta.url).pathname;
const CATALOGUE_FILE = new URL('../../prisma/seed/catalogue.yaml', import.meta.url).pathname;
const topics = loadRenderedFaq(FAQ_DIR, loadCatalogue(CATALOGUE_FILE).services);
const matcher = createFaqMatcher(topics);

describe('createFaqMatcher on the shipped FAQ', () => {
  it.each([
    ['lupa pw email gmn', 'reset-password-email'],
    ['Gmn cara ngajuin permintaan layanan?', 'cara-ajukan-permintaan'],
    ['inet kantor lemot bgt', 'jaringan-lan-wifi'],
    ['helpdesk buka sampai jam brp', 'jam-layanan'],
    ['status GGN-2026-0001', 'cek-status-tiket'],
    ['mau ngobrol sama orang aja', 'bicara-petugas'],
    ['mau komplain pelayanan kelurahan lambat', 'pengaduan-publik'],
    ['apa itu P1 sama P6', 'prioritas-gangguan'],
    ['minta vicon buat rapat', 'video-conference'],
    ['printer rusak minta ganti', 'perangkat-kantor'],
    ['data sy disimpan ga', 'data-pribadi'],
    ['akun srikandi ga bisa login', 'srikandi'],
  ])('%s → %s', (query, id) => {
    const result = matcher.match(query);
    expect(result.id).toBe(id);
    if (result.id !== null) {
      expect(result.answer).toBe(topics.find((t) => t.id === id)?.answer);
      expect(result.title.length).toBeGreaterThan(0);
    }
  });

  it('tolerates typos in words outside the dictionary', () => {
    expect(matcher.match('pasword emial lupa').id).toBe('reset-password-email');
    expect(matcher.match('lapor gangguang aplikasi').id).toBe('cara-lapor-gangguan');
    expect(matcher.match('minta lisesni ofice').id).toBe('lisensi-perangkat-lunak');
  });

  it.each([
    'ok',
    'makasih ya',
    'halo',
    '🙏',
    'asdfghjkl',
    'cuaca besok hujan gak',
    'cara perpanjang ktp',
    'bayar pajak motor dimana',
    'selamat malam',
    'terima kasih atas bantuannya',
    '',
  ])('declines out-of-scope input %j', (query) => {
    const result = matcher.match(query);
    expect(result.id).toBeNull();
    expect(result).not.toHaveProperty('answer');
  });

  it('scores in 0..1 and ranks best first', () => {
    for (const query of ['lupa pw email', 'wifi', 'ok', 'status tiket', 'x'.repeat(5000)]) {
      const { score } = matcher.match(query);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    const ranked = matcher.rank('lupa password email', 3);
    expect(ranked[0]?.id).toBe('reset-password-email');
    expect(ranked.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < ranked.length; i++) {
      expect((ranked[i - 1]?.score ?? 0) >= (ranked[i]?.score ?? 0)).toBe(true);
    }
  });

  it('exposes the threshold as an option', () => {
    expect(matcher.threshold).toBe(DEFAULT_FAQ_THRESHOLD);
    const strict = createFaqMatcher(topics, { threshold: 0.99 });
    const lenient = createFaqMatcher(topics, { threshold: 0 });
    const query = 'printer kantor kami agak bermasalah sejak pindahan ruangan';
    expect(strict.match(query).id).toBeNull();
    expect(lenient.match(query).id).not.toBeNull();
  });

  it('survives a 10,000-character message', () => {
    const long = 'aplikasi error tolong '.repeat(500);
    const result = matcher.match(long);
    expect(typeof result.score).toBe('number');
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions as 1', () => {
    expect(editDistance('email', 'emial', 2)).toBe(1);
    expect(editDistance('password', 'pasword', 2)).toBe(1);
    expect(editDistance('wifi', 'wify', 2)).toBe(1);
    expect(editDistance('abc', 'abc', 1)).toBe(0);
    expect(editDistance('server', 'servis', 1)).toBe(2);
  });
});

describe('with 1,000 topics', () => {
  const synthetic = syntheticTopics(topics, 1000);

  // Speed at this size is measured by `npm run bench`, not asserted here.
  it('still finds the real topic among 1,000 topics and declines what none of them covers', () => {
    const big = createFaqMatcher(synthetic);
    expect(big.match('lupa pw email dinas').id).toBe('reset-password-email');
    expect(big.match('wifi kantor lemot bgt').id).toBe('jaringan-lan-wifi');
    expect(big.match('cuaca hari ini').id).toBeNull();
  });
});
