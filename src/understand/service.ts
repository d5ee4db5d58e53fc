/**
 * Which catalogue entry a message is about: a name, code or alias spelt out in it ("kepegawaian" →
 * SIMPEG, typos within one letter included), else the best match of the service ranking; restricted to
 * the entries that take the kind of ticket in hand.
 */

import { editDistance } from '../faq/matcher.ts';
import { isDictionaryWord, normalizeText } from '../faq/normalize.ts';
import { hasPhrase, type Vocabulary, withoutNya } from './vocabulary.ts';

export type TicketKindWord = 'request' | 'incident';

export interface ServiceEntry {
  code: string;
  name: string;
  aliases: readonly string[];
  requestable: boolean;
  reportable: boolean;
}

export type RankServices = (text: string, kind?: TicketKindWord) => { code: string; score: number }[];

export interface ServiceGuess {
  /** The entry meant, or null when the message names none (or several equally). */
  code: string | null;
  /** The likeliest entries when `code` is null, best first (may be empty). */
  candidates: string[];
}

export interface ServiceFinder {
  /**
   * `words` normalised; without `kind`, any entry the message names. `several`: two entries named are
   * both candidates (an answer to "which service?"), instead of the one with the longer name.
   */
  find(words: string, raw: string, kind?: TicketKindWord, several?: boolean): ServiceGuess;
  /** Entries the message names outright, whatever kind they take. */
  named(words: string): ServiceEntry[];
}

/** A ranked match this good, and clearly ahead of the next, is taken as what the person meant. */
const RANK_TAKE = 0.3;
const RANK_OFFER = 0.2;
const MIN_FUZZY_LENGTH = 5;

interface Mention {
  service: ServiceEntry;
  /** The phrase that named it. */
  phrase: string;
  length: number;
}

function takes(s: ServiceEntry, kind: TicketKindWord | undefined): boolean {
  return kind === undefined || (kind === 'request' ? s.requestable : s.reportable);
}

export function createServiceFinder(
  services: readonly ServiceEntry[],
  rank: RankServices,
  routing: Vocabulary['requestForApplication'],
  generic: ReadonlySet<string> = new Set(),
): ServiceFinder {
  const names = services.map((s) => ({
    service: s,
    phrases: [
      ...new Set(
        [s.name, s.code.replace(/-/g, ' '), ...s.aliases]
          .map((n) => normalizeText(n))
          .filter((n) => n !== ''),
      ),
    ],
  }));

  const routeTargets = new Set([...routing.routes.map((r) => r.service), routing.default]);

  /**
   * Each named entry with the phrases that name it, strongest first: the more of its words a message
   * uses ("website lelang … paket tender" is LPSE twice, the website once), the stronger.
   */
  let last: { words: string; mentions: readonly Mention[] } | null = null;
  function mentions(words: string): readonly Mention[] {
    // One message asks several times (its intent, then the service it names).
    if (last?.words === words) return last.mentions;
    // "internetnya", "antivirusnya": the possessive ending does not hide the name.
    const bare = withoutNya(words);
    // Words that may be a slip in a long name: not short, not Indonesian.
    const unknown = bare.split(' ').filter((t) => t.length >= 4 && !isDictionaryWord(t));
    const out: Mention[] = [];
    for (const { service, phrases } of names) {
      const hits: string[] = [];
      let length = 0;
      for (const p of phrases) {
        if (hits.some((h) => hasPhrase(h, p))) continue;
        if (hasPhrase(words, p) || hasPhrase(bare, p)) {
          hits.push(p);
          length += p.length + 1;
        } else if (!p.includes(' ') && p.length >= MIN_FUZZY_LENGTH) {
          // "simpge", "ekinreja": one slip in a long name, in a word that is not Indonesian.
          const max = p.length >= 8 ? 2 : 1;
          if (unknown.some((t) => editDistance(t, p, max) <= max)) {
            hits.push(p);
            length += p.length;
          }
        }
      }
      const phrase = hits.sort((x, y) => y.length - x.length)[0];
      if (phrase) out.push({ service, phrase, length });
    }
    out.sort((a, b) => b.length - a.length);
    last = { words, mentions: out };
    return out;
  }

  /** Requestable entries that share a word with `phrase` ("email" → the two e-mail requests). */
  function relatives(phrase: string): Set<string> {
    const words = phrase.split(' ').filter((w) => w.length >= 3);
    return new Set(
      names
        .filter(
          ({ service, phrases }) =>
            service.requestable &&
            !routeTargets.has(service.code) &&
            phrases.some((p) => words.some((w) => hasPhrase(p, w))),
        )
        .map(({ service }) => service.code),
    );
  }

  /** The message shares a word with the entry that is not a generic one. */
  function shares(words: string, code: string): boolean {
    const entry = names.find((n) => n.service.code === code);
    const own = new Set(entry?.phrases.flatMap((p) => p.split(' ')) ?? []);
    return words.split(' ').some((w) => own.has(w) && !generic.has(w));
  }

  function find(words: string, raw: string, kind?: TicketKindWord, several = false): ServiceGuess {
    const all = mentions(words);
    const fitting = all.filter((m) => takes(m.service, kind));
    const others = all.filter((m) => !takes(m.service, kind));
    if (kind === 'request') {
      // "reset password simpeg", "akses SIPD dialihkan": account, access or change work on an application
      // that takes no requests of its own goes where the words say.
      const apps = others.filter((m) => relatives(m.phrase).size === 0);
      if (apps.length > 0 && fitting.every((m) => routeTargets.has(m.service.code))) {
        const route = routing.routes.find((r) => r.words.some((w) => hasPhrase(withoutNya(words), w)));
        if (route) return { code: route.service, candidates: [] };
      }
    }
    if (kind === 'request' && fitting[0] && routeTargets.has(fitting[0].service.code)) {
      // "akun email untuk staf baru": the account entry is only the fallback when the mail service's own
      // requests fit.
      const near = new Set(others.flatMap((m) => [...relatives(m.phrase)]));
      const best = near.size > 0 ? rank(raw, kind).find((r) => near.has(r.code)) : undefined;
      if (best) return { code: best.code, candidates: [] };
    }
    if (fitting.length > 1 && fitting[1]?.length === fitting[0]?.length && !several) {
      // "install office di laptop": as strongly named, the ranking of the whole message decides.
      const tied = new Set(fitting.filter((m) => m.length === fitting[0]?.length).map((m) => m.service.code));
      const best = kind ? rank(raw, kind).find((r) => tied.has(r.code)) : undefined;
      if (best) return { code: best.code, candidates: [] };
    }
    const [first, second] = fitting;
    if (first && (!second || (second.length < first.length && !several)))
      return { code: first.service.code, candidates: [] };
    if (first && second)
      return {
        code: null,
        candidates: fitting
          .filter((m) => several || m.length === first.length)
          .map((m) => m.service.code)
          .slice(0, 3),
      };
    if (kind === undefined) return { code: null, candidates: [] };
    const ranked = rank(raw, kind);
    if (kind === 'request' && others.length > 0) {
      // "email" names the mail service, an incident entry: the request is one of its relatives.
      const near = new Set(others.flatMap((m) => [...relatives(m.phrase)]));
      const best =
        ranked.find((r) => near.has(r.code)) ??
        (near.size === 1 ? { code: [...near][0] as string } : undefined);
      if (best) return { code: best.code, candidates: [] };
      if (services.some((s) => s.code === routing.default && s.requestable))
        return { code: routing.default, candidates: [] };
    }
    const [best, next] = ranked;
    if (
      best &&
      best.score >= RANK_TAKE &&
      (!next || next.score < best.score * 0.8) &&
      shares(words, best.code)
    )
      return { code: best.code, candidates: [] };
    return {
      code: null,
      candidates: ranked
        .filter((r) => r.score >= RANK_OFFER)
        .map((r) => r.code)
        .slice(0, 3),
    };
  }

  return { find, named: (words) => mentions(words).map((m) => m.service) };
}
