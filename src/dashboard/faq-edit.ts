/**
 * Changing the FAQ from the FAQ page: Koordinator Layanan, admins and Pengelola Layanan (the helpdesk
 * officers write the answers) add a topic, change one, or remove one. The whole FAQ with that file
 * changed must pass the start-up checks against the catalogue (content/check.ts); then the file is
 * written, recorded in ConfigChange (kind 'faq', subject the file name, before/after its text) and
 * applied live.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkContent } from '../content/check.ts';
import { ContentError } from '../errors.ts';
import { type FaqFields, faqFileText } from '../faq/edit.ts';
import { FAQ_ID_PATTERN, readFaqFiles } from '../faq/load.ts';
import { contentProblem, oneChangeAtATime, writeContentChange } from './content-write.ts';
import type { PageCtx } from './context.ts';

export const faqText = {
  saved: (id: string) => `✅ Topik ${id} tersimpan. Bot memakai jawaban barunya mulai pesan berikutnya.`,
  removed: (id: string) => `✅ Topik ${id} dihapus.`,
  badId: 'Nama file hanya boleh huruf kecil, angka dan tanda minus (contoh: reset-password).',
  taken: (id: string) => `Topik "${id}" sudah ada. Pilih nama lain atau ubah topik itu.`,
  unknown: 'Topik itu tidak ada. Tidak ada yang diubah.',
  unchanged: 'Tidak ada yang berubah.',
  confirm: 'Centang kotak konfirmasi dulu untuk menghapus.',
};

/** Koordinator Layanan, admins and Pengelola Layanan write the FAQ. */
export const editsFaq = (c: PageCtx) => c.who.coordinator || c.who.officer;

export type FaqResult =
  | { done: string }
  | { problem: string; fields: FaqFields | null; id: string; isNew: boolean };

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The topic's fields from the posted form. */
export function faqFromForm(body: Record<string, string | undefined>): FaqFields {
  return {
    title: (body.title ?? '').trim(),
    questions: lines(body.questions),
    keywords: lines(body.keywords),
    actions: (body.actions ?? '')
      .split(/[,\n]/)
      .map((a) => a.trim())
      .filter(Boolean),
    answer: (body.answer ?? '').trim(),
  };
}

/** Saves a topic from the form; null when the viewer may not (404). */
export async function saveFaqTopic(
  c: PageCtx,
  body: Record<string, string | undefined>,
): Promise<FaqResult | null> {
  if (!editsFaq(c)) return null;
  const isNew = (body.original ?? '') === '';
  const id = (isNew ? (body.id ?? '') : (body.original ?? '')).trim().toLowerCase();
  const fields = faqFromForm(body);
  const fail = (problem: string): FaqResult => ({ problem, fields, id, isNew });
  if (!FAQ_ID_PATTERN.test(id)) return fail(faqText.badId);
  return change(c, id, isNew, fields, fail);
}

/** Removes a topic (confirmed on the page). */
export async function removeFaqTopic(
  c: PageCtx,
  body: Record<string, string | undefined>,
): Promise<FaqResult | null> {
  if (!editsFaq(c)) return null;
  const id = body.id ?? '';
  const fail = (problem: string): FaqResult => ({ problem, fields: null, id, isNew: false });
  if (!FAQ_ID_PATTERN.test(id)) return fail(faqText.unknown);
  if (body.confirm !== 'ya') return fail(faqText.confirm);
  return change(c, id, false, null, fail);
}

async function change(
  c: PageCtx,
  id: string,
  isNew: boolean,
  fields: FaqFields | null,
  fail: (problem: string) => FaqResult,
): Promise<FaqResult> {
  const name = `${id}.md`;
  const file = path.join(c.deps.faqDir, name);
  return oneChangeAtATime(async () => {
    const files = readFaqFiles(c.deps.faqDir);
    const before = files.find((f) => f.file === file)?.text ?? null;
    if (isNew && before !== null) return fail(faqText.taken(id));
    if (!isNew && before === null) return fail(faqText.unknown);
    const text = fields === null ? null : faqFileText(before, fields);
    if (text === before) return fail(faqText.unchanged);
    const next = [...files.filter((f) => f.file !== file), ...(text === null ? [] : [{ file, text }])];
    try {
      checkContent(c.deps.catalogueFile, await fs.readFile(c.deps.catalogueFile, 'utf8'), next);
    } catch (err) {
      if (err instanceof ContentError) return fail(contentProblem(c, err));
      throw err;
    }
    await writeContentChange(c, {
      file,
      text,
      kind: 'faq',
      subject: name,
      before: before ?? '',
      after: text ?? '',
    });
    return { done: text === null ? faqText.removed(id) : faqText.saved(id) };
  });
}
