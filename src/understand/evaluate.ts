/**
 * Scores the understanding module on a labelled set of first messages (test/understand/messages.yaml):
 * intent for every case; service over the reports and requests (null expected: the bot must ask); since
 * and impact over the reports; ticket codes wherever one is labelled or found.
 */
import type { Impact } from '../domain.ts';
import { ContentError } from '../errors.ts';
import { INTENTS, type Intent } from './intent.ts';
import type { Understander, Understanding } from './understand.ts';

export interface UnderstandCase {
  text: string;
  intent: Intent;
  service: string | null;
  since: string | null;
  impact: Impact | null;
  code: string | null;
  topic: string | null;
}

export interface Score {
  correct: number;
  total: number;
  share: number;
}

export interface UnderstandMiss {
  text: string;
  field: 'intent' | 'service' | 'since' | 'impact' | 'code';
  expected: string | null;
  got: string | null;
}

export interface UnderstandReport {
  cases: number;
  intent: Score;
  service: Score;
  since: Score;
  impact: Score;
  code: Score;
  byIntent: Record<string, Score>;
  misses: UnderstandMiss[];
}

function score(correct: number, total: number): Score {
  return { correct, total, share: total === 0 ? 1 : correct / total };
}

const norm = (s: string | null) => (s === null ? null : s.trim().toLowerCase().replace(/\s+/g, ' '));

/** Checks the shape of the labelled cases; `services` are the catalogue codes. */
export function parseUnderstandCases(
  file: string,
  doc: unknown,
  services: ReadonlySet<string>,
): UnderstandCase[] {
  if (!Array.isArray(doc) || doc.length === 0)
    throw new ContentError(file, 'file', 'harus berupa daftar kasus');
  return doc.map((raw, i) => {
    const at = `[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new ContentError(file, at, 'harus berupa objek');
    const r = raw as Record<string, unknown>;
    if (typeof r.text !== 'string' || r.text.trim() === '')
      throw new ContentError(file, at, 'text wajib diisi');
    if (!INTENTS.includes(r.intent as Intent))
      throw new ContentError(
        file,
        `${at} "${r.text}"`,
        `intent harus salah satu dari: ${INTENTS.join(', ')}`,
      );
    const opt = (key: string): string | null => {
      const v = r[key];
      if (v === undefined || v === null) return null;
      if (typeof v !== 'string')
        throw new ContentError(file, `${at} "${r.text}"`, `${key} harus berupa teks`);
      return v;
    };
    const service = opt('service');
    if (service !== null && !services.has(service))
      throw new ContentError(file, `${at} "${r.text}"`, `layanan "${service}" tidak ada di katalog`);
    const impact = opt('impact');
    if (impact !== null && impact !== 'MAJOR' && impact !== 'MINOR')
      throw new ContentError(file, `${at} "${r.text}"`, 'impact harus MAJOR atau MINOR');
    const since = opt('since');
    if (since !== null && !r.text.includes(since))
      throw new ContentError(file, `${at} "${r.text}"`, `since "${since}" tidak ada di dalam text`);
    return {
      text: r.text,
      intent: r.intent as Intent,
      service,
      since,
      impact: impact as Impact | null,
      code: opt('code'),
      topic: opt('topic'),
    };
  });
}

export function evaluateUnderstanding(
  understander: Understander,
  cases: readonly UnderstandCase[],
): UnderstandReport {
  const misses: UnderstandMiss[] = [];
  const tally = { intent: [0, 0], service: [0, 0], since: [0, 0], impact: [0, 0], code: [0, 0] };
  const byIntent: Record<string, [number, number]> = {};
  const check = (
    c: UnderstandCase,
    field: UnderstandMiss['field'],
    expected: string | null,
    got: string | null,
    same = expected === got,
  ) => {
    const t = tally[field];
    t[1] = (t[1] as number) + 1;
    if (same) t[0] = (t[0] as number) + 1;
    else misses.push({ text: c.text, field, expected, got });
  };
  for (const c of cases) {
    const u: Understanding = understander.understand(c.text);
    check(c, 'intent', c.intent, u.intent);
    const per = byIntent[c.intent] ?? [0, 0];
    byIntent[c.intent] = per;
    per[1]++;
    if (u.intent === c.intent) per[0]++;
    if (c.intent === 'incident' || c.intent === 'request') check(c, 'service', c.service, u.service);
    if (c.intent === 'incident') {
      const a = norm(c.since);
      const b = norm(u.since);
      // The phrase found may be a word longer or shorter ("sejak jam 8" / "sejak jam 8 pagi").
      check(
        c,
        'since',
        c.since,
        u.since,
        a === b || (a !== null && b !== null && (a.includes(b) || b.includes(a))),
      );
      check(c, 'impact', c.impact, u.impact);
    }
    if (c.code !== null || u.code !== null) check(c, 'code', c.code, u.code);
  }
  const s = (k: keyof typeof tally) => score(tally[k][0] as number, tally[k][1] as number);
  return {
    cases: cases.length,
    intent: s('intent'),
    service: s('service'),
    since: s('since'),
    impact: s('impact'),
    code: s('code'),
    byIntent: Object.fromEntries(Object.entries(byIntent).map(([k, [a, b]]) => [k, score(a, b)])),
    misses,
  };
}
