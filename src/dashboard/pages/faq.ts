/**
 * The FAQ page: the topics of faq/ (file, title, how many ways of asking, follow-up choices), and for
 * Koordinator Layanan, admins and Pengelola Layanan a form per topic and one for a new topic
 * (faq-edit.ts saves them). The form has the file's fields, not its raw text: an officer writes
 * questions one per line and the answer as it is sent, and never has to get YAML's dashes and
 * indentation right. Others see the list only; the forms are 404 for them.
 */
import path from 'node:path';
import { type FaqFields, faqFields } from '../../faq/edit.ts';
import { type FaqFile, readFaqFiles } from '../../faq/load.ts';
import type { PageCtx } from '../context.ts';
import { editsFaq } from '../faq-edit.ts';
import { BASE, csrfField, e, page, table } from '../layout.ts';

export const NEW_TOPIC = 'baru';
const ACTIONS_HINT =
  'Pisahkan dengan koma. Yang boleh: ajukan, ajukan:<kode layanan>, lapor, lapor:<kode layanan>, status, petugas (paling banyak 3).';

const EMPTY: FaqFields = { title: '', questions: [], keywords: [], actions: [], answer: '' };

/** The fields of a file; undefined for one broken by hand (its YAML does not parse). */
function readable(text: string): FaqFields | undefined {
  try {
    return faqFields(text);
  } catch {
    return undefined;
  }
}

const idOf = (f: FaqFile) => path.basename(f.file).replace(/\.md$/i, '');

export async function faqPage(c: PageCtx, flash: string | null): Promise<string> {
  const edit = editsFaq(c);
  const rows = readFaqFiles(c.deps.faqDir).map((f) => {
    const id = idOf(f);
    const fields = readable(f.text) ?? { ...EMPTY, title: '(tidak terbaca)' };
    return [
      edit ? `<a href="${BASE}/faq/${encodeURIComponent(id)}">${e(id)}</a>` : e(id),
      e(fields.title),
      e(fields.questions.length),
      e(fields.actions.join(', ') || '-'),
    ];
  });
  const add = edit ? `<p><a class="button" href="${BASE}/faq/${NEW_TOPIC}">Topik baru</a></p>` : '';
  return page({
    title: 'Tanya jawab (FAQ)',
    viewer: c.viewer,
    flash,
    active: '/faq',
    body: `<p>Satu topik = satu file di folder faq/. Perubahan di sini ditulis ke file itu dan langsung dipakai bot.</p>${add}
${table(['Topik', 'Judul', 'Cara bertanya', 'Pilihan lanjutan'], rows, 'Belum ada topik.')}`,
  });
}

/** One topic's form (NEW_TOPIC: a new one); null when the viewer may not edit or there is no such topic. */
export async function faqTopicPage(
  c: PageCtx,
  id: string,
  flash: string | null,
  refused?: { problem: string; fields: FaqFields | null },
): Promise<string | null> {
  if (!editsFaq(c)) return null;
  const isNew = id === NEW_TOPIC;
  const file = isNew ? undefined : readFaqFiles(c.deps.faqDir).find((f) => idOf(f) === id);
  if (!isNew && !file) return null;
  const v = refused?.fields ?? (file && readable(file.text)) ?? EMPTY;
  const error = refused ? `<p class="error" role="alert">${e(refused.problem)}</p>` : '';
  const idField = isNew
    ? `<label>Nama file (id topik)<input name="id" value="${e(refused ? id : '')}" required pattern="[a-z0-9]+(-[a-z0-9]+)*"><small>Huruf kecil, angka dan tanda minus, misalnya reset-password. Tidak dapat diganti nanti.</small></label>`
    : `<input type="hidden" name="original" value="${e(id)}">`;
  const remove = isNew
    ? ''
    : `<h2>Hapus topik</h2><form method="post" action="${BASE}/faq/hapus" class="entry danger">${csrfField(c.viewer.csrf)}<input type="hidden" name="id" value="${e(id)}">
<label class="check"><input type="checkbox" name="confirm" value="ya" required>Ya, hapus topik ${e(id)}</label><button type="submit">Hapus topik</button></form>`;
  return page({
    title: isNew ? 'Topik FAQ baru' : `Topik ${id}`,
    viewer: c.viewer,
    flash,
    active: '/faq',
    body: `<p><a href="${BASE}/faq">← FAQ</a></p>${error}
<form method="post" action="${BASE}/faq/simpan" class="entry">${csrfField(c.viewer.csrf)}${idField}
<label>Judul<input name="title" value="${e(v.title)}" required></label>
<label>Cara orang bertanya (satu per baris)<textarea name="questions" rows="6" required>${e(v.questions.join('\n'))}</textarea><small>Tulis juga gaya chat: "gmn", "pw", "gak bisa".</small></label>
<label>Kata kunci (satu per baris, boleh kosong)<textarea name="keywords" rows="3">${e(v.keywords.join('\n'))}</textarea></label>
<label>Pilihan lanjutan<input name="actions" value="${e(v.actions.join(', '))}"><small>${e(ACTIONS_HINT)}</small></label>
<label>Jawaban<textarea name="answer" rows="12" required>${e(v.answer)}</textarea><small>Singkat, enak dibaca di ponsel. *tebal*, _miring_; sebut layanan dengan {layanan:kode} dan menu dengan {menu:permintaan}. Tanpa tabel atau HTML.</small></label>
<button type="submit">Simpan</button></form>${remove}`,
  });
}
