/**
 * The Katalog page's form for one service entry: its fields in the order of the file, with labels a
 * coordinator knows from Formulir A, and the conversion between the form's fields and the entry's
 * values. Pure.
 */
import type { EntryValues } from '../catalogue/edit.ts';
import type { Catalogue } from '../catalogue/load.ts';
import { CLASSES, CLOCKS, KINDS, NATURES } from '../catalogue/load.ts';
import { e } from './layout.ts';

type Kind = 'text' | 'long' | 'lines' | 'select' | 'kinds' | 'check';
interface Field {
  key: string;
  label: string;
  kind: Kind;
  hint?: string;
  required?: boolean;
}

const FIELDS: Field[] = [
  { key: 'name', label: 'Nama layanan', kind: 'text', required: true },
  { key: 'description', label: 'Deskripsi', kind: 'long', required: true },
  {
    key: 'aliases',
    label: 'Nama lain (satu per baris)',
    kind: 'lines',
    hint: 'Kata yang biasa diketik orang untuk layanan ini.',
  },
  { key: 'group', label: 'Kelompok layanan', kind: 'select' },
  { key: 'kinds', label: 'Jenis tiket', kind: 'kinds' },
  {
    key: 'fulfilment_target',
    label: 'Target pemenuhan',
    kind: 'text',
    hint: 'Contoh: 3 jam, 14 hari. Kosong: target kelompoknya.',
  },
  { key: 'approval_required', label: 'Perlu persetujuan Penyedia Layanan', kind: 'check' },
  { key: 'classification', label: 'Klasifikasi sistem', kind: 'select', required: true },
  { key: 'nature', label: 'Sifat layanan', kind: 'select', required: true },
  { key: 'provider', label: 'Penyedia Layanan', kind: 'text', required: true },
  { key: 'manager', label: 'Pengelola Layanan', kind: 'text', required: true },
  { key: 'technical_team', label: 'Pengelola Teknis', kind: 'text', required: true },
  { key: 'access', label: 'Cara mengakses', kind: 'text', required: true },
  {
    key: 'availability_target',
    label: 'Target ketersediaan',
    kind: 'text',
    hint: 'Contoh: 99%. Wajib untuk layanan Kritis dan Esensial.',
  },
  { key: 'help_contact', label: 'Kontak bantuan', kind: 'text', required: true },
  { key: 'help_hours', label: 'Jam bantuan', kind: 'text', required: true },
  { key: 'availability', label: 'Ketersediaan', kind: 'text', required: true, hint: 'Contoh: 24/7' },
  { key: 'clock', label: 'Jam hitung target', kind: 'select' },
  { key: 'category', label: 'Kategori gangguan', kind: 'select' },
];

const KIND_WORDS: Record<string, string> = { request: 'Permintaan layanan', incident: 'Gangguan' };
const CLOCK_WORDS: Record<string, string> = { '24/7': '24/7', 'jam-kerja': 'Jam kerja' };

/** The choices of a select field; the first is the empty one where the field may be left out. */
function choices(key: string, catalogue: Catalogue): [string, string][] {
  if (key === 'group')
    return [['', '— tanpa kelompok —'], ...catalogue.groups.map((g): [string, string] => [g.code, g.name])];
  if (key === 'classification') return CLASSES.map((c) => [c, c]);
  if (key === 'nature')
    return NATURES.map((n) => [n, n === 'PUBLIK' ? 'Layanan Publik' : 'Administrasi Pemerintahan']);
  if (key === 'clock')
    return [['', 'bawaan'], ...CLOCKS.map((c): [string, string] => [c, CLOCK_WORDS[c] ?? c])];
  return [['', '— tidak ada —'], ...catalogue.categories.map((c): [string, string] => [c, c])];
}

/** The entry's values from the posted form (`code` from the page, never changed for an entry). */
export function entryFromForm(code: string, body: Record<string, string | undefined>): EntryValues {
  const values: EntryValues = { code };
  for (const f of FIELDS) {
    const raw = body[f.key] ?? '';
    if (f.kind === 'lines')
      values[f.key] = raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    else if (f.kind === 'kinds') values[f.key] = KINDS.filter((k) => body[`kinds_${k}`] === 'ya');
    // Unset is false: the file says it only where it is true.
    else if (f.kind === 'check') values[f.key] = body[f.key] === 'ya' ? true : undefined;
    else values[f.key] = raw.trim();
  }
  return values;
}

/** The form's fields filled with `values` (an entry as read, or what was typed). */
export function entryFields(values: Record<string, unknown>, catalogue: Catalogue): string {
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return FIELDS.map((f) => {
    const v = values[f.key];
    const hint = f.hint ? `<small>${e(f.hint)}</small>` : '';
    const req = f.required ? ' required' : '';
    if (f.kind === 'kinds') {
      const on = Array.isArray(v) ? v.map(String) : [];
      return `<fieldset><legend>${e(f.label)}</legend>${KINDS.map(
        (k) =>
          `<label class="check"><input type="checkbox" name="kinds_${k}" value="ya"${on.includes(k) ? ' checked' : ''}>${e(KIND_WORDS[k])}</label>`,
      ).join('')}</fieldset>`;
    }
    if (f.kind === 'check')
      return `<label class="check"><input type="checkbox" name="${f.key}" value="ya"${v === true ? ' checked' : ''}>${e(f.label)}</label>`;
    if (f.kind === 'select') {
      const current = text(v);
      return `<label>${e(f.label)}<select name="${f.key}"${req}>${choices(f.key, catalogue)
        .map(
          ([value, label]) =>
            `<option value="${e(value)}"${value === current ? ' selected' : ''}>${e(label)}</option>`,
        )
        .join('')}</select>${hint}</label>`;
    }
    if (f.kind === 'lines')
      return `<label>${e(f.label)}<textarea name="${f.key}" rows="5">${e(Array.isArray(v) ? v.join('\n') : text(v))}</textarea>${hint}</label>`;
    if (f.kind === 'long')
      return `<label>${e(f.label)}<textarea name="${f.key}" rows="3"${req}>${e(text(v))}</textarea>${hint}</label>`;
    return `<label>${e(f.label)}<input name="${f.key}" value="${e(text(v))}"${req}>${hint}</label>`;
  }).join('\n');
}
