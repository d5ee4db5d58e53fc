/**
 * Changing the service catalogue from the Katalog page: Koordinator Layanan and admins add an entry,
 * change one, or remove one. The new file text changes that entry only (catalogue/edit.ts) and must pass
 * the start-up checks, FAQ references included (content/check.ts); then it is written, recorded in
 * ConfigChange (kind 'catalogue', subject the service code) and applied live.
 */
import fs from 'node:fs/promises';
import { catalogueEntries, type EntryValues, withEntry } from '../catalogue/edit.ts';
import { checkContent } from '../content/check.ts';
import { ContentError } from '../errors.ts';
import { readFaqFiles } from '../faq/load.ts';
import { entryFromForm } from './catalogue-form.ts';
import { contentProblem, oneChangeAtATime, writeContentChange } from './content-write.ts';
import type { PageCtx } from './context.ts';

export const catalogueText = {
  saved: (name: string) => `✅ ${name} tersimpan. Bot memakai isi barunya mulai pesan berikutnya.`,
  added: (name: string) => `✅ ${name} ditambahkan ke katalog.`,
  removed: (code: string) => `✅ Layanan ${code} dihapus dari katalog. Tiket lamanya tetap ada.`,
  taken: (code: string) => `Kode "${code}" sudah dipakai layanan lain. Pilih kode lain.`,
  unknown: 'Layanan itu tidak ada di katalog. Tidak ada yang diubah.',
  unchanged: 'Tidak ada yang berubah.',
  confirm: 'Centang kotak konfirmasi dulu untuk menghapus.',
};

/** Koordinator Layanan and admins edit the catalogue. */
export const editsCatalogue = (c: PageCtx) => c.who.coordinator;

export type CatalogueResult =
  | { done: string }
  | { problem: string; values: EntryValues | null; code: string; isNew: boolean };

/** Saves an entry from the form; null when the viewer may not (the page answers 404). */
export async function saveCatalogueEntry(
  c: PageCtx,
  body: Record<string, string | undefined>,
): Promise<CatalogueResult | null> {
  if (!editsCatalogue(c)) return null;
  const isNew = (body.original ?? '') === '';
  const code = (isNew ? (body.code ?? '') : (body.original ?? '')).trim();
  const values = entryFromForm(code, body);
  return change(c, code, values, isNew, (problem) => ({ problem, values, code, isNew }));
}

/** Removes an entry (confirmed on the page); refused while an FAQ topic refers to it. */
export async function removeCatalogueEntry(
  c: PageCtx,
  body: Record<string, string | undefined>,
): Promise<CatalogueResult | null> {
  if (!editsCatalogue(c)) return null;
  const code = body.code ?? '';
  const fail = (problem: string) => ({ problem, values: null, code, isNew: false });
  if (body.confirm !== 'ya') return fail(catalogueText.confirm);
  return change(c, code, null, false, fail);
}

async function change(
  c: PageCtx,
  code: string,
  values: EntryValues | null,
  isNew: boolean,
  fail: (problem: string) => CatalogueResult,
): Promise<CatalogueResult> {
  const file = c.deps.catalogueFile;
  return oneChangeAtATime(async () => {
    const text = await fs.readFile(file, 'utf8');
    const before = catalogueEntries(text).find((s) => s.code === code);
    if (isNew && before) return fail(catalogueText.taken(code));
    if (!isNew && !before) return fail(catalogueText.unknown);
    const next = withEntry(text, code, values);
    if (next === text) return fail(catalogueText.unchanged);
    let name = code;
    try {
      const { catalogue } = checkContent(file, next, readFaqFiles(c.deps.faqDir));
      name = catalogue.services.find((s) => s.code === code)?.name ?? code;
    } catch (err) {
      if (err instanceof ContentError) return fail(contentProblem(c, err));
      throw err;
    }
    const after = catalogueEntries(next).find((s) => s.code === code);
    await writeContentChange(c, {
      file,
      text: next,
      kind: 'catalogue',
      subject: code,
      before: JSON.parse(JSON.stringify(before ?? {})),
      after: JSON.parse(JSON.stringify(after ?? {})),
    });
    return {
      done:
        values === null
          ? catalogueText.removed(code)
          : isNew
            ? catalogueText.added(name)
            : catalogueText.saved(name),
    };
  });
}
