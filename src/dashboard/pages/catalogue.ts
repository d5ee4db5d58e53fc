/**
 * The Katalog page: the service catalogue as the file has it (code, name, kelompok, kinds, klasifikasi,
 * whether it is active), and for Koordinator Layanan and admins a form per entry and one for a new entry
 * (catalogue-edit.ts saves them). Others see the list only; the forms are 404 for them.
 */
import fs from 'node:fs';
import { catalogueEntries } from '../../catalogue/edit.ts';
import { type Catalogue, loadCatalogue } from '../../catalogue/load.ts';
import { ContentError } from '../../errors.ts';
import { editsCatalogue } from '../catalogue-edit.ts';
import { entryFields } from '../catalogue-form.ts';
import { contentProblem } from '../content-write.ts';
import type { PageCtx } from '../context.ts';
import { BASE, csrfField, e, page, table } from '../layout.ts';

const KIND_WORDS: Record<string, string> = { request: 'permintaan', incident: 'gangguan' };
export const NEW_ENTRY = 'baru';

function readCatalogue(c: PageCtx): Catalogue | string {
  try {
    return loadCatalogue(c.deps.catalogueFile);
  } catch (err) {
    if (err instanceof ContentError) return contentProblem(c, err).replace('Perubahan tidak disimpan. ', '');
    throw err;
  }
}

export async function cataloguePage(c: PageCtx, flash: string | null): Promise<string> {
  const base = { title: 'Katalog layanan', viewer: c.viewer, flash, active: '/katalog' };
  const catalogue = readCatalogue(c);
  if (typeof catalogue === 'string')
    return page({ ...base, body: `<p class="error">File katalog bermasalah: ${e(catalogue)}</p>` });
  const groups = new Map(catalogue.groups.map((g) => [g.code, g.name]));
  const edit = editsCatalogue(c);
  const rows = catalogue.services.map((s) => [
    edit ? `<a href="${BASE}/katalog/${encodeURIComponent(s.code)}">${e(s.code)}</a>` : e(s.code),
    e(s.name),
    e(s.groupCode ? (groups.get(s.groupCode) ?? s.groupCode) : '-'),
    e([s.requestable && KIND_WORDS.request, s.reportable && KIND_WORDS.incident].filter(Boolean).join(', ')),
    e(s.classification),
    'ya',
  ]);
  const gone = await c.db.service.findMany({ where: { active: false }, orderBy: { code: 'asc' } });
  for (const s of gone) rows.push([e(s.code), e(s.name), '-', '-', e(s.classification), 'tidak (dihapus)']);
  const add = edit ? `<p><a class="button" href="${BASE}/katalog/${NEW_ENTRY}">Tambah layanan</a></p>` : '';
  return page({
    ...base,
    body: `<p>Isi katalog dibaca dari file ${e(c.deps.catalogueFile.split('/').pop())}; perubahan di sini ditulis ke file itu dan langsung dipakai bot.</p>${add}
${table(['Kode', 'Nama', 'Kelompok', 'Jenis tiket', 'Klasifikasi', 'Aktif'], rows, 'Katalog kosong.')}`,
  });
}

/**
 * One entry's form (`code` NEW_ENTRY: a new one); `typed` and `problem` when a save was refused. Null
 * when the viewer may not edit or there is no such entry (404).
 */
export async function catalogueEntryPage(
  c: PageCtx,
  code: string,
  flash: string | null,
  refused?: { problem: string; values: Record<string, unknown> | null },
): Promise<string | null> {
  if (!editsCatalogue(c)) return null;
  const catalogue = readCatalogue(c);
  if (typeof catalogue === 'string')
    return page({
      title: 'Katalog layanan',
      viewer: c.viewer,
      active: '/katalog',
      body: `<p class="error">File katalog bermasalah: ${e(catalogue)}</p>`,
    });
  const isNew = code === NEW_ENTRY;
  const entry = isNew
    ? {}
    : catalogueEntries(fs.readFileSync(c.deps.catalogueFile, 'utf8')).find((s) => s.code === code);
  if (!entry) return null;
  const values = refused?.values ?? entry;
  const error = refused ? `<p class="error" role="alert">${e(refused.problem)}</p>` : '';
  const codeField = isNew
    ? `<label>Kode layanan<input name="code" value="${e(String(values.code ?? ''))}" required pattern="[a-z0-9][a-z0-9\\-]*"><small>Huruf kecil, angka dan tanda minus; tidak dapat diganti nanti.</small></label>`
    : `<input type="hidden" name="original" value="${e(code)}">`;
  const remove = isNew
    ? ''
    : `<h2>Hapus layanan</h2><form method="post" action="${BASE}/katalog/hapus" class="entry danger">${csrfField(c.viewer.csrf)}<input type="hidden" name="code" value="${e(code)}">
<p>Layanan yang dihapus tidak bisa dipilih lagi; tiketnya tetap tersimpan. Ditolak bila masih disebut di topik FAQ.</p>
<label class="check"><input type="checkbox" name="confirm" value="ya" required>Ya, hapus ${e(code)} dari katalog</label><button type="submit">Hapus layanan</button></form>`;
  return page({
    title: isNew ? 'Tambah layanan' : `Layanan ${code}`,
    viewer: c.viewer,
    flash,
    active: '/katalog',
    body: `<p><a href="${BASE}/katalog">← Katalog</a></p>${error}
<form method="post" action="${BASE}/katalog/simpan" class="entry">${csrfField(c.viewer.csrf)}${codeField}
${entryFields(values, catalogue)}
<button type="submit">Simpan</button></form>${remove}`,
  });
}
