/**
 * The words the understanding module works with, as edited in `vocabulary/*.yaml`: checked and normalised
 * here (pure), read from disk by load.ts. Every phrase goes through the same normalisation as messages
 * ("gk bisa" → "tidak bisa"), so a vocabulary file needs one spelling of each phrase.
 */
import { ContentError } from '../errors.ts';
import { normalizeText } from '../faq/normalize.ts';

/** Phrase → weight, normalised. */
export type Cues = ReadonlyMap<string, number>;

export interface OutOfScopeTopic {
  id: string;
  words: readonly string[];
  /** What the bot says about where to go; empty for small talk that needs no pointer. */
  reply: string;
  /** Wins even when the message names a catalogue service. */
  strong: boolean;
}

export interface Vocabulary {
  intents: {
    greeting: readonly string[];
    address: ReadonlySet<string>;
    thanks: readonly string[];
    incident: Cues;
    request: Cues;
    question: Cues;
    questionOpeners: readonly string[];
    status: readonly string[];
    followupRefs: readonly string[];
    followup: Cues;
    human: readonly string[];
    cancel: readonly string[];
    hypothetical: readonly string[];
  };
  since: {
    starters: ReadonlySet<string>;
    moments: readonly string[];
    dayParts: ReadonlySet<string>;
    weekdays: ReadonlySet<string>;
    clock: ReadonlySet<string>;
    units: ReadonlySet<string>;
    unitTails: ReadonlySet<string>;
    spans: readonly string[];
  };
  impact: {
    major: readonly string[];
    minor: readonly string[];
    negatedMajor: readonly string[];
    only: ReadonlySet<string>;
    self: readonly string[];
    quantifiers: ReadonlySet<string>;
    groups: ReadonlySet<string>;
    trailing: ReadonlySet<string>;
  };
  outOfScope: readonly OutOfScopeTopic[];
  answers: {
    yes: readonly string[];
    no: readonly string[];
    solved: readonly string[];
    unsolved: readonly string[];
    skip: readonly string[];
    caption: ReadonlySet<string>;
    resume: readonly string[];
    restart: readonly string[];
  };
  /** What the reporter says about how urgent it is (urgency.ts). */
  urgency: { high: readonly string[]; low: readonly string[] };
  requestForApplication: { routes: { service: string; words: readonly string[] }[]; default: string };
  /** Words that cannot pick a service alone. */
  genericServiceWords: ReadonlySet<string>;
}

/** The vocabulary files by name (without `.yaml`), as parsed YAML. */
export type VocabularyFiles = Record<string, unknown>;

export const VOCABULARY_FILES = [
  'intents',
  'since',
  'impact',
  'out-of-scope',
  'answers',
  'services',
  'urgency',
] as const;

type Raw = Record<string, unknown>;

class Reader {
  constructor(
    private readonly file: string,
    private readonly doc: Raw,
    /** Phrases are matched against words without -nya (the intents): strip it here too. */
    private readonly bare = false,
  ) {}

  private norm(x: string): string {
    const n = normalizeText(x) || x.trim();
    return this.bare ? withoutNya(n) : n;
  }

  private fail(field: string, message: string): never {
    throw new ContentError(`vocabulary/${this.file}.yaml`, field, message);
  }

  /** A list of phrases, normalised, longest first (so "tidak bisa login" is tried before "tidak bisa"). */
  phrases(field: string, at: unknown = this.doc[field]): string[] {
    if (!Array.isArray(at) || at.length === 0) this.fail(field, 'harus berupa daftar kata yang tidak kosong');
    const out = at.map((x, i) => {
      if (typeof x !== 'string' && typeof x !== 'number') this.fail(`${field}[${i}]`, 'harus berupa teks');
      return this.norm(String(x));
    });
    return [...new Set(out.filter((x) => x !== ''))].sort((a, b) => b.length - a.length);
  }

  words(field: string): Set<string> {
    return new Set(this.phrases(field).flatMap((p) => p.split(' ')));
  }

  cues(field: string): Map<string, number> {
    const at = this.doc[field];
    if (!isObject(at) || Object.keys(at).length === 0)
      this.fail(field, 'harus berisi pasangan "frasa: bobot", misalnya "tidak bisa: 2"');
    const cues = new Map<string, number>();
    for (const [phrase, weight] of Object.entries(at)) {
      if (typeof weight !== 'number' || !(weight > 0))
        this.fail(`${field}.${phrase}`, 'bobot harus angka lebih dari 0');
      const key = this.norm(phrase);
      cues.set(key, Math.max(weight, cues.get(key) ?? 0));
    }
    return cues;
  }

  text(field: string, at: unknown): string {
    if (typeof at !== 'string') this.fail(field, 'harus berupa teks');
    return at.trim();
  }

  object(field: string, at: unknown = this.doc[field]): Raw {
    if (!isObject(at)) this.fail(field, 'harus berupa objek');
    return at;
  }

  list(field: string, at: unknown = this.doc[field]): unknown[] {
    if (!Array.isArray(at) || at.length === 0) this.fail(field, 'harus berupa daftar yang tidak kosong');
    return at;
  }
}

function isObject(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function reader(files: VocabularyFiles, name: (typeof VOCABULARY_FILES)[number]): Reader {
  const doc = files[name];
  if (!isObject(doc)) throw new ContentError(`vocabulary/${name}.yaml`, 'file', 'tidak ada atau kosong');
  return new Reader(name, doc, name === 'intents');
}

/** Checks and normalises the vocabulary; a mistake names the file and the field. */
export function parseVocabulary(files: VocabularyFiles): Vocabulary {
  const i = reader(files, 'intents');
  const s = reader(files, 'since');
  const m = reader(files, 'impact');
  const o = reader(files, 'out-of-scope');
  const a = reader(files, 'answers');
  const v = reader(files, 'services');
  const u = reader(files, 'urgency');
  const routing = v.object('request_for_application');
  return {
    intents: {
      greeting: i.phrases('greeting'),
      address: i.words('address'),
      thanks: i.phrases('thanks'),
      incident: i.cues('incident'),
      request: i.cues('request'),
      question: i.cues('question'),
      questionOpeners: i.phrases('question_openers'),
      status: i.phrases('status'),
      followupRefs: i.phrases('followup_refs'),
      followup: i.cues('followup'),
      human: i.phrases('human'),
      cancel: i.phrases('cancel'),
      hypothetical: i.phrases('hypothetical'),
    },
    since: {
      starters: s.words('starters'),
      moments: s.phrases('moments'),
      dayParts: s.words('day_parts'),
      weekdays: s.words('weekdays'),
      clock: s.words('clock'),
      units: s.words('units'),
      unitTails: s.words('unit_tails'),
      spans: s.phrases('spans'),
    },
    impact: {
      major: m.phrases('major'),
      minor: m.phrases('minor'),
      negatedMajor: m.phrases('negated_major'),
      only: m.words('only'),
      self: m.phrases('self'),
      quantifiers: m.words('quantifiers'),
      groups: m.words('groups'),
      trailing: m.words('trailing'),
    },
    outOfScope: o.list('topics').map((raw, n) => {
      const t = o.object(`topics[${n}]`, raw);
      return {
        id: o.text(`topics[${n}].id`, t.id),
        words: o.phrases(`topics[${n}].words`, t.words),
        reply: o.text(`topics[${n}].reply`, t.reply ?? ''),
        strong: t.strong === true,
      };
    }),
    answers: {
      yes: a.phrases('yes'),
      no: a.phrases('no'),
      solved: a.phrases('solved'),
      unsolved: a.phrases('unsolved'),
      skip: a.phrases('skip'),
      caption: a.words('caption'),
      resume: a.phrases('resume'),
      restart: a.phrases('restart'),
    },
    urgency: { high: u.phrases('high'), low: u.phrases('low') },
    requestForApplication: {
      routes: v.list('request_for_application.routes', routing.routes).map((raw, n) => {
        const r = v.object(`request_for_application.routes[${n}]`, raw);
        return {
          service: v.text(`request_for_application.routes[${n}].service`, r.service),
          words: v.phrases(`request_for_application.routes[${n}].words`, r.words),
        };
      }),
      default: v.text('request_for_application.default', routing.default),
    },
    genericServiceWords: v.words('generic'),
  };
}

/**
 * Words without the possessive/definite ending -nya ("statusnya" → "status", "internetnya" →
 * "internet"), applied alike to messages and to vocabulary phrases so that both sides match.
 */
export function withoutNya(words: string): string {
  return words.replace(/\b(\p{L}{3,}?)nya\b/gu, '$1');
}

/** Whether `phrase` (normalised) appears in `words` (normalised) as whole words. */
export function hasPhrase(words: string, phrase: string): boolean {
  if (phrase === '') return ` ${words} `.includes('  ');
  // As ` ${words} `.includes(` ${phrase} `), without building two strings per call: every message
  // asks this of thousands of phrases.
  for (let i = words.indexOf(phrase); i !== -1; i = words.indexOf(phrase, i + 1)) {
    const end = i + phrase.length;
    if (
      (i === 0 || words.charCodeAt(i - 1) === SPACE) &&
      (end === words.length || words.charCodeAt(end) === SPACE)
    )
      return true;
  }
  return false;
}

const SPACE = 32;

/**
 * A list's phrases by their first word, with the position of each in the list: a message is checked
 * only against the phrases that start with one of its words, not against every phrase of the
 * vocabulary. Phrases without a first word (empty, or starting with a space) are checked always.
 */
interface PhraseIndex {
  byFirst: Map<string, { phrase: string; at: number }[]>;
  always: { phrase: string; at: number }[];
}

const indexes = new WeakMap<readonly string[], PhraseIndex>();

function phraseIndex(phrases: readonly string[]): PhraseIndex {
  let index = indexes.get(phrases);
  if (index) return index;
  index = { byFirst: new Map(), always: [] };
  for (const [at, phrase] of phrases.entries()) {
    const first = phrase.split(' ', 1)[0] ?? '';
    const entry = { phrase, at };
    if (first === '') index.always.push(entry);
    else {
      const same = index.byFirst.get(first);
      if (same) same.push(entry);
      else index.byFirst.set(first, [entry]);
    }
  }
  indexes.set(phrases, index);
  return index;
}

/** Below this many phrases, checking each costs less than looking them up. */
const INDEXED_FROM = 32;

/** The distinct words of the words last asked about: one message asks of many lists in a row. */
let lastWords = '';
let lastDistinct: string[] = [];

function distinctWords(words: string): string[] {
  if (words !== lastWords) {
    lastWords = words;
    lastDistinct = [...new Set(words.split(' '))];
  }
  return lastDistinct;
}

/** The phrases of `phrases` in `words`, in the list's order. */
function found(words: string, phrases: readonly string[]): string[] {
  if (phrases.length < INDEXED_FROM) return phrases.filter((p) => hasPhrase(words, p));
  const index = phraseIndex(phrases);
  const hits: { phrase: string; at: number }[] = [];
  for (const e of index.always) if (hasPhrase(words, e.phrase)) hits.push(e);
  for (const word of distinctWords(words))
    for (const e of index.byFirst.get(word) ?? []) if (hasPhrase(words, e.phrase)) hits.push(e);
  if (hits.length > 1) hits.sort((a, b) => a.at - b.at);
  return hits.map((e) => e.phrase);
}

/** A cue map's phrases as one list, kept with the map (its index is the list's). */
const cuePhrases = new WeakMap<Cues, readonly string[]>();

function phrasesOf(cues: Cues): readonly string[] {
  let phrases = cuePhrases.get(cues);
  if (!phrases) {
    phrases = [...cues.keys()];
    cuePhrases.set(cues, phrases);
  }
  return phrases;
}

/** The phrases of `list` that appear in `words`. */
export function phrasesIn(words: string, list: readonly string[]): string[] {
  return found(words, list);
}

/**
 * The sum of the weights of the cues in `words`; a cue inside a longer cue that matched counts once
 * ("tidak bisa login" does not also count "tidak bisa").
 */
export function cueScore(words: string, cues: Cues): number {
  const hits = found(words, phrasesOf(cues)).sort((a, b) => b.length - a.length);
  const kept: string[] = [];
  for (const p of hits) if (!kept.some((k) => hasPhrase(k, p))) kept.push(p);
  return kept.reduce((sum, p) => sum + (cues.get(p) ?? 0), 0);
}
