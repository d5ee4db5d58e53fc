/**
 * FAQ answers refer to catalogue entries and menu items by code ({layanan:…}, {menu:…}) and offer
 * actions on entries; rendering checks every reference against the catalogue and the main menu.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { MENU_CHOICES } from '../../src/conversation/messages.ts';
import { ContentError } from '../../src/errors.ts';
import { type FaqTopic, loadFaqTopics, parseFaqTopic } from '../../src/faq/load.ts';
import { createFaqMatcher } from '../../src/faq/matcher.ts';
import { FAQ_MENU_ITEMS, renderFaqTopics } from '../../src/faq/render.ts';
import { FAQ_MENU_LABELS, loadRenderedFaq } from '../../src/faq-content.ts';

const FAQ_DIR = new URL('../../faq/', import.meta.url).pathname;
const CATALOGUE = loadCatalogue(new URL('../../prisma/seed/catalogue.yaml', import.meta.url).pathname);
const SERVICES = CATALOGUE.services;

const topic = (answer: string, actions = '', file = '/x/contoh.md'): FaqTopic =>
  parseFaqTopic(file, `---\ntitle: Contoh\nquestions: [apa ini]\n${actions}---\n${answer}\n`);

function renderError(topics: FaqTopic[], services = SERVICES): ContentError {
  try {
    renderFaqTopics(topics, services, FAQ_MENU_LABELS);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error('expected a ContentError');
}

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('the shipped faq/ folder against the seed catalogue', () => {
  const topics = loadRenderedFaq(FAQ_DIR, SERVICES);

  it('renders every file with no dangling reference and no reference left unreplaced', () => {
    expect(topics.length).toBe(loadFaqTopics(FAQ_DIR).length);
    for (const t of topics) expect(t.answer, t.id).not.toMatch(/\{[^}]*\}/);
  });

  it('keeps the rendered answers phone-sized', () => {
    for (const t of topics) expect(t.answer.length, t.id).toBeLessThan(1200);
  });

  it('names services and menu items as the bot shows them', () => {
    const answer = (id: string) => topics.find((t) => t.id === id)?.answer ?? '';
    expect(answer('reset-password-email')).toContain(
      '*menu* → *2 Ajukan permintaan layanan* → *Reset Password E-Mail*',
    );
    expect(answer('simpeg')).toContain('*Akun & Password Aplikasi*');
    expect(answer('jaringan-lan-wifi')).toContain('*3 Laporkan gangguan* → *Jaringan Internet & Intranet*');
    expect(answer('jaringan-lan-wifi')).toContain('*Pemasangan Titik Jaringan LAN/WLAN*');
    expect(answer('bicara-petugas')).toContain('*5 Bicara dengan petugas*');
    // The names of the issue that exist in no menu.
    for (const t of topics) {
      expect(t.answer, t.id).not.toContain('*Akun Aplikasi*');
      expect(t.answer, t.id).not.toContain('*Infrastruktur Jaringan*');
      expect(t.answer, t.id).not.toContain('*Akun/Hak Akses Aplikasi*');
    }
  });

  it('gives the process topics their actions', () => {
    const actions = (id: string) => topics.find((t) => t.id === id)?.actions;
    expect(actions('reset-password-email')).toEqual([{ type: 'request', service: 'email-reset' }]);
    expect(actions('cara-lapor-gangguan')).toEqual([{ type: 'incident' }]);
    expect(actions('cara-ajukan-permintaan')).toEqual([{ type: 'request' }]);
    expect(actions('cek-status-tiket')).toEqual([{ type: 'status' }]);
    expect(actions('bicara-petugas')).toEqual([{ type: 'human' }]);
    expect(actions('simpeg')).toEqual([
      { type: 'incident', service: 'simpeg' },
      { type: 'request', service: 'akun-aplikasi' },
    ]);
  });

  it('fails when the catalogue renames an entry an answer refers to', () => {
    const renamed = SERVICES.map((s) => (s.code === 'email-reset' ? { ...s, code: 'reset-email' } : s));
    expect(() => renderFaqTopics(loadFaqTopics(FAQ_DIR), renamed, FAQ_MENU_LABELS)).toThrow(ContentError);
    const reset = loadFaqTopics(FAQ_DIR).filter((t) => t.id === 'reset-password-email');
    const error = renderError(reset, renamed);
    expect(error.message).toContain('reset-password-email.md');
    expect(error.message).toContain('{layanan:email-reset}');
    expect(error.message).toContain('ajukan:email-reset');
  });

  it('carries the actions of the topic in a match', () => {
    const hit = createFaqMatcher(topics).match('lupa pw email dinas');
    expect(hit).toMatchObject({
      id: 'reset-password-email',
      actions: [{ type: 'request', service: 'email-reset' }],
    });
  });
});

describe('renderFaqTopics', () => {
  it('replaces {layanan:…} by the bold name and {menu:…} by the bold numbered menu item', () => {
    const [out] = renderFaqTopics(
      [
        topic(
          'Pilih {menu:permintaan} → {layanan:email-reset}, atau {menu:petugas}. Cek: { menu : status }.',
        ),
      ],
      SERVICES,
      FAQ_MENU_LABELS,
    );
    expect(out?.answer).toBe(
      'Pilih *2 Ajukan permintaan layanan* → *Reset Password E-Mail*, atau *5 Bicara dengan petugas*. Cek: *4 Cek status tiket*.',
    );
  });

  it('takes the menu labels from MENU_CHOICES, menu:1 to menu:5', () => {
    expect(FAQ_MENU_ITEMS.map((item) => FAQ_MENU_LABELS[item])).toEqual(MENU_CHOICES.map((c) => c.label));
    const [out] = renderFaqTopics([topic('{menu:faq} {menu:gangguan}')], SERVICES, {
      ...FAQ_MENU_LABELS,
      gangguan: 'Lapor',
    });
    expect(out?.answer).toBe('*1 Tanya jawab (FAQ)* *3 Lapor*');
  });

  it('keeps everything but the answer', () => {
    const t = topic('{layanan:simpeg}', 'actions: [lapor:simpeg]\n');
    const [out] = renderFaqTopics([t], SERVICES, FAQ_MENU_LABELS);
    expect(out).toEqual({ ...t, answer: '*SIMPEG*' });
  });

  it('refuses a dangling {layanan:x}, naming the file and the reference', () => {
    const error = renderError([topic('Pilih {layanan:x}.', '', '/x/salah.md')]);
    expect(error.file).toBe('/x/salah.md');
    expect(error.message).toContain('/x/salah.md');
    expect(error.message).toContain('{layanan:x}');
    expect(error.message).toContain('tidak ada di katalog');
  });

  it('refuses ajukan: on an entry that takes only incidents, and lapor: on one that takes only requests', () => {
    const request = renderError([topic('Jawaban.', 'actions: [ajukan:simpeg]\n', '/x/simpeg.md')]);
    expect(request.message).toContain('/x/simpeg.md');
    expect(request.message).toContain('ajukan:simpeg');
    expect(request.message).toContain('tidak menerima permintaan layanan');
    const incident = renderError([topic('Jawaban.', 'actions: [lapor:jaringan]\n')]);
    expect(incident.message).toContain('lapor:jaringan');
    expect(incident.message).toContain('tidak menerima laporan gangguan');
    expect(renderError([topic('Jawaban.', 'actions: [lapor:tidak-ada]\n')]).message).toContain(
      'lapor:tidak-ada: layanan "tidak-ada" tidak ada di katalog',
    );
  });

  it('lists every bad reference of the file in one error: services, menu items, unknown words, actions', () => {
    const error = renderError([
      topic(
        '{layanan:akun-aplikasi-lama} lalu {menu:bantuan}, {lyanan:simpeg} dan {layanan:srikandi}.',
        'actions: [ajukan:lpse, status]\n',
      ),
    ]);
    expect(error.message).toContain('{layanan:akun-aplikasi-lama}');
    expect(error.message).toContain('{menu:bantuan}');
    expect(error.message).toContain('{lyanan:simpeg}');
    expect(error.message).toContain('ajukan:lpse');
    expect(error.message).not.toContain('srikandi');
  });

  it('stops loading a folder with a bad reference, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-render-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'baik.md'), '---\ntitle: A\nquestions: [a]\n---\nLewat {menu:gangguan}.\n');
    writeFileSync(join(dir, 'rusak.md'), '---\ntitle: B\nquestions: [b]\n---\nLewat {layanan:tidak-ada}.\n');
    let error: unknown;
    try {
      loadRenderedFaq(dir, SERVICES);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).file).toBe(join(dir, 'rusak.md'));
  });
});
