import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/errors.ts';
import { loadFaqTopics, parseFaqTopic } from '../../src/faq/load.ts';

const FAQ_DIR = new URL('../../faq/', import.meta.url).pathname;

const REQUIRED_IDS = [
  'jam-layanan',
  'cara-lapor-gangguan',
  'cara-ajukan-permintaan',
  'cek-status-tiket',
  'reset-password-email',
  'buat-akun-email',
  'hak-akses-aplikasi',
  'hosting-aplikasi',
  'lisensi-perangkat-lunak',
  'jaringan-lan-wifi',
  'perangkat-kantor',
  'video-conference',
  'prioritas-gangguan',
  'target-waktu-penanganan',
  'klasifikasi-sistem',
  'penilaian-kepuasan',
  'konfirmasi-penyelesaian',
  'eskalasi-teknis',
  'katalog-layanan',
  'srikandi',
  'pengembangan-aplikasi',
  'perubahan-aplikasi',
  'penetration-testing',
  'data-pribadi',
  'bicara-petugas',
  'jenis-tiket',
  'batal-tiket',
  'pengaduan-publik',
  'simpeg',
  'ketersediaan-layanan',
  'gangguan-email',
];

const GOOD = `---
title: Contoh
questions:
  - apa ini
keywords: [contoh]
---
Jawaban singkat.
`;

let dirs: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'faq-test-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function contentError(fn: () => unknown): ContentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error('expected a ContentError');
}

describe('loadFaqTopics on the shipped faq/ folder', () => {
  const topics = loadFaqTopics(FAQ_DIR);

  it('has every required topic, with questions and an answer', () => {
    const ids = topics.map((t) => t.id);
    for (const id of REQUIRED_IDS) expect(ids).toContain(id);
    for (const topic of topics) {
      expect(topic.questions.length).toBeGreaterThanOrEqual(3);
      expect(topic.answer.length).toBeGreaterThan(20);
      expect(topic.file.endsWith(`${topic.id}.md`)).toBe(true);
    }
  });

  it('skips README.md', () => {
    expect(topics.map((t) => t.id)).not.toContain('readme');
  });

  it('answers stay phone-sized', () => {
    for (const topic of topics) expect(topic.answer.length, topic.id).toBeLessThan(1200);
  });
});

describe('loader errors name the file and the field', () => {
  it('parses a good file', () => {
    const topic = parseFaqTopic('/x/contoh.md', GOOD);
    expect(topic).toEqual({
      id: 'contoh',
      title: 'Contoh',
      questions: ['apa ini'],
      keywords: ['contoh'],
      answer: 'Jawaban singkat.',
      actions: [],
      file: '/x/contoh.md',
    });
  });

  it('parses the actions: request or incident with or without a service, status, a person', () => {
    const head = '---\ntitle: A\nquestions: [a]\n';
    const topic = parseFaqTopic(
      '/x/a.md',
      `${head}actions: [ajukan:email-reset, lapor, Status]\n---\nJawaban`,
    );
    expect(topic.actions).toEqual([
      { type: 'request', service: 'email-reset' },
      { type: 'incident' },
      { type: 'status' },
    ]);
    const other = parseFaqTopic(
      '/x/a.md',
      `${head}actions:\n  - ajukan\n  - lapor:simpeg\n  - petugas\n---\nJawaban`,
    );
    expect(other.actions).toEqual([
      { type: 'request' },
      { type: 'incident', service: 'simpeg' },
      { type: 'human' },
    ]);
  });

  it.each([
    ['an unknown verb', '[minta:email-reset]', 'actions[1]'],
    ['a code on status', '[status:simpeg]', 'actions[1]'],
    ['a bad code', '[lapor, ajukan:Email Reset]', 'actions[2]'],
    ['an empty code', '["ajukan:"]', 'actions[1]'],
    ['a duplicate', '[lapor, lapor]', 'actions[2]'],
    ['more than three', '[ajukan, lapor, status, petugas]', 'actions'],
    ['not a list', 'lapor', 'actions'],
  ])('rejects actions with %s', (_what, value, entry) => {
    const error = contentError(() =>
      parseFaqTopic('/x/a.md', `---\ntitle: A\nquestions: [a]\nactions: ${value}\n---\nJawaban`),
    );
    expect(error.entry).toBe(entry);
    expect(error.message).toContain('/x/a.md');
  });

  it('says which actions are allowed', () => {
    const error = contentError(() =>
      parseFaqTopic('/x/a.md', '---\ntitle: A\nquestions: [a]\nactions: [telepon]\n---\nJawaban'),
    );
    expect(error.message).toMatch(
      /"telepon" tidak dikenal; yang boleh: ajukan, ajukan:<kode layanan>, lapor/,
    );
  });

  it('accepts CRLF line ends and a BOM', () => {
    const topic = parseFaqTopic('/x/contoh.md', `\uFEFF${GOOD.replace(/\n/g, '\r\n')}`);
    expect(topic.questions).toEqual(['apa ini']);
  });

  it('rejects a file without front matter', () => {
    const error = contentError(() => parseFaqTopic('/x/a.md', 'Jawaban saja'));
    expect(error.file).toBe('/x/a.md');
    expect(error.entry).toBe('front matter');
  });

  it('rejects an unclosed front matter', () => {
    const error = contentError(() => parseFaqTopic('/x/a.md', '---\ntitle: A\nquestions: [a]\n'));
    expect(error.entry).toBe('front matter');
  });

  it('rejects broken YAML', () => {
    const error = contentError(() => parseFaqTopic('/x/a.md', '---\ntitle: [tidak ditutup\n---\nJawaban'));
    expect(error.entry).toBe('front matter');
    expect(error.message).toContain('/x/a.md');
  });

  it('rejects a missing or empty question list', () => {
    expect(contentError(() => parseFaqTopic('/x/a.md', '---\ntitle: A\n---\nJawaban')).entry).toBe(
      'questions',
    );
    expect(
      contentError(() => parseFaqTopic('/x/a.md', '---\ntitle: A\nquestions: []\n---\nJawaban')).entry,
    ).toBe('questions');
    expect(
      contentError(() => parseFaqTopic('/x/a.md', '---\ntitle: A\nquestions:\n  - ""\n---\nJawaban')).entry,
    ).toBe('questions[1]');
  });

  it('rejects a missing title', () => {
    expect(contentError(() => parseFaqTopic('/x/a.md', '---\nquestions: [a]\n---\nJawaban')).entry).toBe(
      'title',
    );
  });

  it('rejects an empty answer', () => {
    const error = contentError(() => parseFaqTopic('/x/a.md', '---\ntitle: A\nquestions: [a]\n---\n  \n'));
    expect(error.entry).toBe('answer');
  });

  it('rejects HTML and tables in the answer (WhatsApp shows them raw)', () => {
    const head = '---\ntitle: A\nquestions: [a]\n---\n';
    expect(contentError(() => parseFaqTopic('/x/a.md', `${head}<b>tebal</b>`)).entry).toBe('answer');
    expect(contentError(() => parseFaqTopic('/x/a.md', `${head}| a | b |\n|---|---|`)).entry).toBe('answer');
  });

  it('rejects an unknown field (a typo such as "question")', () => {
    const error = contentError(() => parseFaqTopic('/x/a.md', '---\ntitle: A\nquestion: [a]\n---\nJawaban'));
    expect(error.entry).toBe('question');
  });

  it('rejects a file name that is not a kebab-case id', () => {
    expect(contentError(() => parseFaqTopic('/x/jam layanan.md', GOOD)).entry).toBe('id');
  });

  it('rejects a duplicate id in a folder', () => {
    const dir = tempDir({ 'contoh.md': GOOD, 'Contoh.md': GOOD });
    const error = contentError(() => loadFaqTopics(dir));
    expect(error.entry).toBe('id');
    expect(error.message).toContain('contoh');
  });

  it('names the failing file when loading a folder', () => {
    const dir = tempDir({ 'baik.md': GOOD, 'rusak.md': '---\ntitle: A\n---\nJawaban' });
    mkdirSync(join(dir, 'sub'));
    const error = contentError(() => loadFaqTopics(dir));
    expect(error.file).toBe(join(dir, 'rusak.md'));
    expect(error.entry).toBe('questions');
  });
});
