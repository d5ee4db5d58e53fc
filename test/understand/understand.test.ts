/**
 * The understanding module on its own: what it extracts from single messages, the quality floor on the
 * labelled set, and its command-line face.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runUnderstandCli } from '../../src/cli/understand.ts';
import { normalizeText } from '../../src/faq/normalize.ts';
import { isCaptionOnly, readRating, readSolved, readYesNo } from '../../src/understand/answers.ts';
import { evaluateUnderstanding, parseUnderstandCases } from '../../src/understand/evaluate.ts';
import { parseVocabulary, VOCABULARY_FILES } from '../../src/understand/vocabulary.ts';
import { runCli } from '../support/cli.ts';
import { CATALOGUE, root, UNDERSTANDER, VOCABULARY } from '../support/content.ts';

const u = (text: string) => UNDERSTANDER.understand(text);
const CODES = new Set(CATALOGUE.services.map((s) => s.code));

describe('what one message says', () => {
  it.each([
    ['simpeg ga bisa login dari pagi', 'incident', 'simpeg', 'dari pagi'],
    ['websitenya ga bisa dibuka, muncul 502 bad gateway', 'incident', 'website-pemda', null],
    ['ekinerja gagal simpan skp terus', 'incident', 'ekinerja', null],
    ['wifi kantor mati sejak jam 8', 'incident', 'internet', 'sejak jam 8'],
    ['min tolong reset password email sy dong, lupa', 'request', 'email-reset', null],
    ['lapor gangguan', 'incident', null, null],
    ['butuh zoom buat rapat besok', 'request', 'vicon', null],
  ])('"%s" → %s on %s, since %s', (text, intent, service, since) => {
    expect(u(text)).toMatchObject({ intent, service, since });
  });

  it.each([
    ['pak gmn udah blm? sy masih ga bisa buka', 'followup'],
    ['gmn cara reset password email?', 'question'],
    ['status ggn 2026 7', 'status'],
    ['bisa bicara dengan petugas?', 'human'],
    ['assalamualaikum min', 'greeting'],
    ['makasih banyak min 🙏', 'thanks'],
    ['batalkan tiket LYN-2026-0004', 'cancel'],
    ['lampu jalan depan rumah mati dari kemarin', 'out_of_scope'],
    ['air pdam ga ngalir 2 hari', 'out_of_scope'],
  ])('"%s" → %s', (text, intent) => {
    expect(u(text).intent).toBe(intent);
  });

  it('reads a ticket code in loose forms', () => {
    expect(u('status ggn 2026 7').code).toBe('GGN-2026-0007');
    expect(u('cek tiket lyn/2026/12').code).toBe('LYN-2026-0012');
  });

  it.each([
    ['wifi mati satu kantor ga bisa kerja', 'MAJOR'],
    ['simpeg error, semua pegawai bidang mutasi ga bisa input', 'MAJOR'],
    ['printer sy ga mau narik kertas, cuma printer sy aja', 'MINOR'],
    ['ekinerja error tp tidak semua, cuma saya', 'MINOR'],
    ['simpeg error', null],
  ])('impact of "%s" is %s', (text, impact) => {
    expect(u(text).impact).toBe(impact);
  });

  it('points out-of-scope topics to the right place, and public complaints to SP4N-LAPOR!', () => {
    expect(u('lampu jalan depan rumah mati').outOfScope?.reply).toMatch(/SP4N-LAPOR!/);
    expect(u('ktp sy hilang gmn ngurusnya').outOfScope?.reply).toMatch(/Disdukcapil/);
  });

  it('keeps the detail without the greeting it opens with', () => {
    expect(u('Selamat pagi pak, simpeg tidak bisa login').detail).toBe('simpeg tidak bisa login');
  });
});

describe('answers in people’s own words', () => {
  const a = VOCABULARY.answers;
  it.each([
    ['udah bisa login, makasih ya', 'solved'],
    ['sudah normal, makasih', 'solved'],
    ['sudah tidak error lagi', 'solved'],
    ['blm', 'unsolved'],
    ['masih error pak', 'unsolved'],
    ['belum bisa juga', 'unsolved'],
    ['makasih tapi masih lemot', 'unsolved'],
  ])('"%s" at "is it solved?" is %s', (text, expected) => {
    expect(readSolved(normalizeText(text), a)).toBe(expected);
  });

  it.each([
    ['ya kirim', 'yes'],
    ['oke lanjut', 'yes'],
    ['tidak, batal', 'no'],
    ['hmm', undefined],
  ])('"%s" at a confirmation is %s', (text, expected) => {
    expect(readYesNo(normalizeText(text), a)).toBe(expected);
  });

  it('reads a rating with its comment, and not a number out of range', () => {
    expect(readRating('4, cepet tp td malem sempet panik', '')).toEqual({
      rating: 4,
      comment: 'cepet tp td malem sempet panik',
    });
    expect(readRating('5', '5')).toEqual({ rating: 5 });
    expect(readRating('⭐⭐⭐', '')).toEqual({ rating: 3 });
    expect(readRating('10', '10')).toBeUndefined();
  });

  it('tells a caption that only points at its photo from one that says something', () => {
    expect(isCaptionOnly(normalizeText('ini fotonya'), a)).toBe(true);
    expect(isCaptionOnly(normalizeText('ss errornya ya pak'), a)).toBe(true);
    expect(isCaptionOnly(normalizeText('error saat simpan data'), a)).toBe(false);
  });
});

describe('the labelled set (test/understand/messages.yaml)', () => {
  const file = root('test/understand/messages.yaml');
  const cases = parseUnderstandCases(file, parse(readFileSync(file, 'utf8')), CODES);
  const report = evaluateUnderstanding(UNDERSTANDER, cases);

  it('has at least 150 first messages covering every intent and every catalogue entry', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(Object.keys(report.byIntent).sort()).toEqual([
      'cancel',
      'followup',
      'greeting',
      'human',
      'incident',
      'out_of_scope',
      'question',
      'request',
      'status',
      'thanks',
    ]);
    const covered = new Set(cases.map((c) => c.service));
    expect([...CODES].filter((c) => !covered.has(c))).toEqual([]);
  });

  it('is understood: at least 90 % right intent and 90 % right service', () => {
    expect(
      report.intent.share,
      JSON.stringify(report.misses.filter((m) => m.field === 'intent')),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      report.service.share,
      JSON.stringify(report.misses.filter((m) => m.field === 'service')),
    ).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses a label that names no catalogue entry, or a since that is not in the text', () => {
    expect(() =>
      parseUnderstandCases('x.yaml', [{ text: 'a', intent: 'incident', service: 'nope' }], CODES),
    ).toThrow(/nope/);
    expect(() =>
      parseUnderstandCases('x.yaml', [{ text: 'simpeg error', intent: 'incident', since: 'kemarin' }], CODES),
    ).toThrow(/since/);
  });
});

describe('the vocabulary files', () => {
  it('name the file and field of a mistake', () => {
    const files = Object.fromEntries(
      VOCABULARY_FILES.map((f) => [f, parse(readFileSync(root(`vocabulary/${f}.yaml`), 'utf8'))]),
    );
    expect(() => parseVocabulary({ ...files, intents: { ...files.intents, greeting: 'halo' } })).toThrow(
      /vocabulary\/intents\.yaml: greeting/,
    );
    expect(() => parseVocabulary({ ...files, impact: undefined })).toThrow(/vocabulary\/impact\.yaml/);
  });
});

const run = (args: string[], stdinText = '') => runCli(runUnderstandCli, args, stdinText);

describe('npx helpdesk understand', () => {
  it('writes one JSON object per line with the agreed fields', async () => {
    const { code, out } = await run(
      ['understand', '--json'],
      'simpeg ga bisa login dari pagi\ngmn cara reset pw email\n',
    );
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual([
      'text',
      'intent',
      'service',
      'serviceName',
      'topic',
      'code',
      'since',
      'impact',
    ]);
    expect(lines[0]).toMatchObject({
      intent: 'incident',
      service: 'simpeg',
      serviceName: 'SIMPEG',
      since: 'dari pagi',
      impact: null,
    });
    expect(lines[1]).toMatchObject({ intent: 'question', topic: 'reset-password-email' });
  });

  it('scores the labelled set with eval, printing since and impact accuracy', async () => {
    const { code, out } = await run(['understand', 'eval']);
    expect(code).toBe(0);
    expect(out).toMatch(/Maksud benar\s*: \d+\/\d+/);
    expect(out).toMatch(/Sejak kapan/);
    expect(out).toMatch(/Dampak/);
  });

  it('explains a bad option', async () => {
    const { code, err } = await run(['understand', '--bogus']);
    expect(code).toBe(2);
    expect(err).toMatch(/tidak dikenal/);
  });
});
