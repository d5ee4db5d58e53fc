/**
 * Changes one service entry of the catalogue's YAML text and nothing else: the rest of the file (its
 * comments, order, line breaks, the `<<: *unit` defaults) stays as written, so a web edit reads in git
 * as the change it is. The entry is rebuilt with the `yaml` Document API and spliced back into the
 * original text at its place. Pure: text in, text out; validation is parseCatalogue's.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parse,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

/** A field's value as the form gives it: text, a list, a yes/no; undefined leaves it unset. */
export type EntryValue = string | string[] | boolean | undefined;
export type EntryValues = Record<string, EntryValue>;

/** The keys of a service entry in the order a new entry is written (load.ts reads each of them). */
export const ENTRY_KEYS = [
  'code',
  'name',
  'description',
  'aliases',
  'group',
  'kinds',
  'fulfilment_target',
  'approval_required',
  'classification',
  'nature',
  'provider',
  'manager',
  'technical_team',
  'access',
  'availability_target',
  'help_contact',
  'help_hours',
  'availability',
  'clock',
  'category',
] as const;

const OPTIONS = { merge: true } as const;
// One line per field: a list or a long text stays on its line (the yaml printer would break a flow list
// into one item per line).
const OUTPUT = { flowCollectionPadding: false, lineWidth: 0 } as const;

/** Every service entry with its values as the app reads them (defaults merged in), in file order. */
export function catalogueEntries(text: string): Record<string, unknown>[] {
  const doc = parse(text, OPTIONS) as { services?: unknown } | null;
  const list = Array.isArray(doc?.services) ? doc.services : [];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
}

/**
 * The text with the entry `code` set to `values` (a new entry at the end when there is none; removed
 * when `values` is null). Only keys whose value differs from what the entry has now are written; an
 * emptied key is removed, or set to null where the defaults would otherwise fill it in.
 */
export function withEntry(text: string, code: string, values: EntryValues | null): string {
  const doc = parseDocument(text, OPTIONS);
  const seq = doc.get('services', true);
  if (!isSeq(seq)) throw new Error('the catalogue has no services list');
  const items = [...seq.items] as unknown[];
  const index = items.findIndex((item) => isMap(item) && String(item.get('code')) === code);
  const current = index >= 0 ? (catalogueEntries(text)[index] ?? {}) : {};
  if (values === null) return index < 0 ? text : removeItem(text, items[index] as YAMLMap);

  const map = index >= 0 ? (items[index] as YAMLMap) : doc.createNode({ code });
  const defaults = defaultedKeys(doc, map);
  for (const key of ENTRY_KEYS) {
    if (!(key in values)) continue;
    const value = values[key];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      map.delete(key);
      // The defaults (`<<: *unit`) would fill it in again: an explicit null keeps it empty.
      if (defaults.has(key)) map.set(key, null);
      continue;
    }
    if (JSON.stringify(current[key]) === JSON.stringify(value)) continue;
    const node = doc.createNode(value);
    // Lists as the file writes them: [a, b, c] on one line.
    if (isSeq(node)) (node as YAMLSeq).flow = true;
    map.set(key, node);
  }
  if (index < 0) seq.add(map);
  // The entry as the whole document prints it, cut out and put where the original entry was.
  const printed = doc.toString(OUTPUT);
  const reread = parseDocument(printed, OPTIONS).get('services', true) as YAMLSeq;
  const node = reread.items[index < 0 ? reread.items.length - 1 : index] as YAMLMap;
  const [start, end] = node.range ?? [0, 0];
  const snippet = printed.slice(start, end).replace(/\s+$/, '');
  if (index >= 0) {
    const [from, to] = (items[index] as YAMLMap).range ?? [0, 0];
    const original = text.slice(from, to);
    const trailing = original.slice(original.replace(/\s+$/, '').length);
    return (
      text.slice(0, from) +
      reindent(snippet, column(printed, start), column(text, from)) +
      trailing +
      text.slice(to)
    );
  }
  const last = items.at(-1) as YAMLMap | undefined;
  const [lastFrom, lastTo] = last?.range ?? [text.length, text.length];
  const kept = text.slice(0, lastTo).replace(/\s+$/, '');
  const col = column(text, lastFrom);
  const dash = ' '.repeat(Math.max(0, col - 2));
  return `${kept}\n${dash}- ${reindent(snippet, column(printed, start), col)}\n${text.slice(lastTo).replace(/^\s+/, '')}`;
}

/** The keys an entry takes from the maps it merges in (`<<: *unit`, `<<: [*a, *b]`). */
function defaultedKeys(doc: Document, map: YAMLMap): Set<string> {
  const keys = new Set<string>();
  for (const pair of map.items) {
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      if (!isAlias(source)) continue;
      const target = source.resolve(doc);
      if (isMap(target))
        for (const p of target.items) keys.add(String(isScalar(p.key) ? p.key.value : p.key));
    }
  }
  return keys;
}

/** The column `offset` is at in `text`. */
function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Moves every line but the first from column `from` to column `to`. */
function reindent(snippet: string, from: number, to: number): string {
  if (from === to) return snippet;
  return snippet
    .split('\n')
    .map((line, i) => {
      if (i === 0 || line.trim() === '') return line;
      return to > from ? ' '.repeat(to - from) + line : line.slice(Math.min(from - to, line.search(/\S|$/)));
    })
    .join('\n');
}

/** The text without the item: its lines, from its `- ` to its last line. */
function removeItem(text: string, item: YAMLMap): string {
  const [from, to] = item.range ?? [0, 0];
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const body = text.slice(from, to).replace(/\s+$/, '');
  const lineEnd = text.indexOf('\n', from + body.length);
  return text.slice(0, lineStart) + (lineEnd < 0 ? '' : text.slice(lineEnd + 1));
}
