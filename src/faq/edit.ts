/**
 * A topic file's text from the fields a helpdesk officer fills in: the front matter is edited with the
 * `yaml` Document API (comments and key order kept; a list keeps its one-line or one-per-line style) and
 * the answer follows the second `---`. Pure; parseFaqTopic checks the result.
 */
import { Document, isSeq, parseDocument, type YAMLSeq } from 'yaml';

export interface FaqFields {
  title: string;
  questions: string[];
  keywords: string[];
  actions: string[];
  answer: string;
}

const OUTPUT = { flowCollectionPadding: false, lineWidth: 0 } as const;
/** How a list is written in a new file: questions one per line, the short ones on one line. */
const FLOW: Record<string, boolean> = { questions: false, keywords: true, actions: true };

/** The fields of a topic file as written (before its references are rendered). */
export function faqFields(text: string): FaqFields {
  const { meta, answer } = split(text);
  const data = (parseDocument(meta).toJS() ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    title: typeof data.title === 'string' ? data.title : '',
    questions: list(data.questions),
    keywords: list(data.keywords),
    actions: list(data.actions),
    answer,
  };
}

/** The file `previous` (null: a new file) with `fields` written into it. */
export function faqFileText(previous: string | null, fields: FaqFields): string {
  const parsed = previous === null ? null : parseDocument(split(previous).meta);
  const doc: Document = parsed?.contents ? parsed : new Document({});
  const before = previous === null ? null : faqFields(previous);
  doc.set('title', fields.title.trim());
  for (const key of ['questions', 'keywords', 'actions'] as const) {
    const value = fields[key];
    if (before && JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    if (value.length === 0) {
      doc.delete(key);
      continue;
    }
    const old = doc.get(key, true);
    const node = doc.createNode(value) as YAMLSeq;
    node.flow = isSeq(old) ? Boolean(old.flow) : (FLOW[key] ?? false);
    doc.set(key, node);
  }
  const meta = doc.toString(OUTPUT);
  return `---\n${meta}---\n${fields.answer.replace(/\r\n/g, '\n').trim()}\n`;
}

/** The front matter and the answer of a topic file. */
function split(text: string): { meta: string; answer: string } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const end = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  if (end < 0) return { meta: '', answer: text.trim() };
  return {
    meta: lines.slice(1, end).join('\n'),
    answer: lines
      .slice(end + 1)
      .join('\n')
      .trim(),
  };
}
