/**
 * Loads the FAQ topics from `faq/*.md`: one file per topic, the file name is the topic id, YAML front
 * matter (title, questions, keywords, actions) followed by the answer in WhatsApp-style text. The
 * answer may refer to catalogue entries and menu items (`{layanan:…}`, `{menu:…}`); those are checked
 * and replaced by `renderFaqTopics` (render.ts), which needs the catalogue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ContentError } from '../errors.ts';

/**
 * What the reporter can do next from a topic's answer, offered as a choice: start a service request
 * (on a catalogue entry, or asking which), report an incident (likewise), check a ticket, or talk to
 * a person. Written in the front matter as `ajukan:<kode>`, `ajukan`, `lapor:<kode>`, `lapor`,
 * `status`, `petugas`.
 */
export type FaqAction =
  | { type: 'request' | 'incident'; service?: string }
  | { type: 'status' }
  | { type: 'human' };

/** At most this many actions per topic: they become choices under the answer. */
export const MAX_FAQ_ACTIONS = 3;

/** One FAQ topic as edited by staff in `faq/<id>.md`. */
export interface FaqTopic {
  /** File name without `.md`, lowercase kebab-case, e.g. `reset-password-email`. */
  id: string;
  title: string;
  /** Phrasings users might write; what the matcher learns from. At least one. */
  questions: string[];
  /** Extra words and synonyms that point at this topic; may be empty. */
  keywords: string[];
  /** The reply sent to the user, trimmed; references replaced once rendered (render.ts). */
  answer: string;
  /** What the reporter can do next, in the order written; may be empty. */
  actions: FaqAction[];
  /** Path of the source file, for error messages. */
  file: string;
}

/** A topic id (its file name without `.md`). */
export const FAQ_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KNOWN_FIELDS = new Set(['title', 'questions', 'keywords', 'actions']);
const SERVICE_CODE = /^[a-z0-9][a-z0-9-]*$/;
const ACTION_SYNTAX = 'ajukan, ajukan:<kode layanan>, lapor, lapor:<kode layanan>, status, petugas';
// WhatsApp renders neither: an answer with them would show raw markup to the user.
const HTML_TAG = /<\/?[a-z][^>]*>/i;
const TABLE_ROW = /^\s*\|.*\|\s*$/m;

function isFaqFile(name: string): boolean {
  return name.toLowerCase().endsWith('.md') && name.toLowerCase() !== 'readme.md' && !name.startsWith('_');
}

function stringList(value: unknown, file: string, field: string, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required)
      throw new ContentError(file, field, 'wajib diisi (daftar, satu butir per baris diawali "- ")');
    return [];
  }
  if (!Array.isArray(value)) throw new ContentError(file, field, 'harus berupa daftar');
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' && typeof item !== 'number') {
      throw new ContentError(file, `${field}[${i + 1}]`, 'harus berupa teks');
    }
    const text = String(item).trim();
    if (text === '') throw new ContentError(file, `${field}[${i + 1}]`, 'kosong');
    out.push(text);
  });
  if (required && out.length === 0) throw new ContentError(file, field, 'minimal satu butir');
  return out;
}

/** Parses one `actions:` item, e.g. `ajukan:email-reset`; undefined when it is not valid. */
export function parseFaqAction(text: string): FaqAction | undefined {
  const [verb, code, ...rest] = text
    .trim()
    .toLowerCase()
    .split(':')
    .map((part) => part.trim());
  if (rest.length > 0) return undefined;
  if (verb === 'status' || verb === 'petugas')
    return code === undefined ? { type: verb === 'status' ? 'status' : 'human' } : undefined;
  if (verb !== 'ajukan' && verb !== 'lapor') return undefined;
  const type = verb === 'ajukan' ? 'request' : 'incident';
  if (code === undefined) return { type };
  return SERVICE_CODE.test(code) ? { type, service: code } : undefined;
}

function readActions(value: unknown, file: string): FaqAction[] {
  const items = stringList(value, file, 'actions', false);
  if (items.length > MAX_FAQ_ACTIONS)
    throw new ContentError(file, 'actions', `paling banyak ${MAX_FAQ_ACTIONS} pilihan (ada ${items.length})`);
  const seen = new Set<string>();
  return items.map((item, i) => {
    const action = parseFaqAction(item);
    if (action === undefined)
      throw new ContentError(
        file,
        `actions[${i + 1}]`,
        `"${item}" tidak dikenal; yang boleh: ${ACTION_SYNTAX}`,
      );
    const key = JSON.stringify(action);
    if (seen.has(key)) throw new ContentError(file, `actions[${i + 1}]`, `"${item}" ditulis dua kali`);
    seen.add(key);
    return action;
  });
}

/**
 * Parses one FAQ file's text. `file` is used for the id (its base name) and in error messages.
 * @throws ContentError naming the file and the field when the file is malformed.
 */
export function parseFaqTopic(file: string, text: string): FaqTopic {
  const id = basename(file).replace(/\.md$/i, '').toLowerCase();
  if (!FAQ_ID_PATTERN.test(id)) {
    throw new ContentError(
      file,
      'id',
      'nama file harus huruf kecil, angka, dan tanda hubung (contoh: reset-password.md)',
    );
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    throw new ContentError(file, 'front matter', 'file harus diawali baris "---"');
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) throw new ContentError(file, 'front matter', 'baris penutup "---" tidak ditemukan');

  let meta: unknown;
  try {
    meta = parseYaml(lines.slice(1, end).join('\n'));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ContentError(file, 'front matter', `YAML tidak valid: ${reason}`);
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new ContentError(file, 'front matter', 'harus berisi kolom title, questions, keywords');
  }
  const fields = meta as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new ContentError(
        file,
        key,
        'kolom tidak dikenal (yang boleh: title, questions, keywords, actions)',
      );
    }
  }

  const title = fields.title;
  if (typeof title !== 'string' || title.trim() === '') {
    throw new ContentError(file, 'title', 'wajib diisi dengan teks');
  }
  const questions = stringList(fields.questions, file, 'questions', true);
  const keywords = stringList(fields.keywords, file, 'keywords', false);
  const actions = readActions(fields.actions, file);

  const answer = lines
    .slice(end + 1)
    .join('\n')
    .trim();
  if (answer === '')
    throw new ContentError(file, 'answer', 'jawaban kosong (tulis jawaban di bawah baris "---")');
  if (HTML_TAG.test(answer)) throw new ContentError(file, 'answer', 'tidak boleh berisi HTML');
  if (TABLE_ROW.test(answer)) {
    throw new ContentError(
      file,
      'answer',
      'tidak boleh berisi tabel (tidak terbaca di WhatsApp); gunakan daftar',
    );
  }

  return { id, title: title.trim(), questions, keywords, answer, actions, file };
}

/** One topic file as written: its path and its text. */
export interface FaqFile {
  file: string;
  text: string;
}

/** The topic files in `dir`: every `*.md` except `README.md` and files starting with `_`, by name. */
export function readFaqFiles(dir: string): FaqFile[] {
  return readdirSync(dir)
    .filter(isFaqFile)
    .sort()
    .map((name) => ({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Parses topic files, sorted by id: what start-up reads, and what the dashboard checks an edit with.
 * @throws ContentError on a malformed file or two files with the same id.
 */
export function parseFaqTopics(files: readonly FaqFile[]): FaqTopic[] {
  const byId = new Map<string, FaqTopic>();
  for (const { file, text } of files) {
    const topic = parseFaqTopic(file, text);
    const previous = byId.get(topic.id);
    if (previous !== undefined) {
      throw new ContentError(file, 'id', `id "${topic.id}" sudah dipakai oleh ${previous.file}`);
    }
    byId.set(topic.id, topic);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Reads every topic file in `dir` (readFaqFiles), sorted by id.
 * @throws ContentError on a malformed file or two files with the same id.
 */
export function loadFaqTopics(dir: string): FaqTopic[] {
  return parseFaqTopics(readFaqFiles(dir));
}
