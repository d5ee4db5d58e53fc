/**
 * Understanding what people type: from one message, the intent and what it already says — the service,
 * the symptom, since when, the impact and a ticket code. Pure: the vocabulary, the catalogue and the FAQ
 * matcher come in built; `npx helpdesk understand` is its command-line face.
 */
import type { Impact } from '../domain.ts';
import type { FaqMatcher } from '../faq/matcher.ts';
import { normalizeText } from '../faq/normalize.ts';
import { findTicketCode } from '../tickets/code.ts';
import { readImpact } from './impact.ts';
import { decideIntent, type Intent, stripOpening } from './intent.ts';
import { createServiceFinder, type RankServices, type ServiceEntry, type ServiceFinder } from './service.ts';
import { extractSince } from './since.ts';
import { cueScore, type OutOfScopeTopic, phrasesIn, type Vocabulary } from './vocabulary.ts';

export interface Understanding {
  text: string;
  intent: Intent;
  /** Catalogue code of the service the message is about, or null. */
  service: string | null;
  serviceName: string | null;
  /** The likeliest services when none is certain (incidents and requests), best first. */
  candidates: string[];
  /** FAQ topic id, for questions. */
  topic: string | null;
  /** Canonical ticket code (GGN-2026-0007), or null. */
  code: string | null;
  /** Since when, as typed ("dari pagi"), or null. */
  since: string | null;
  impact: Impact | null;
  /** The message asks something outright (question words, "?"), not only matches an FAQ topic. */
  asks: boolean;
  /** The message without its opening greeting: what to keep as the symptom or the need. */
  detail: string;
  /** For out_of_scope: the topic with where to go instead, if one was recognised. */
  outOfScope: OutOfScopeTopic | null;
}

export interface Understander {
  understand(text: string): Understanding;
  readonly vocabulary: Vocabulary;
  readonly services: ServiceFinder;
}

export interface UnderstanderParts {
  vocabulary: Vocabulary;
  services: readonly ServiceEntry[];
  rankServices: RankServices;
  faq: Pick<FaqMatcher, 'match'>;
}

export function createUnderstander(parts: UnderstanderParts): Understander {
  const { vocabulary } = parts;
  const finder = createServiceFinder(
    parts.services,
    parts.rankServices,
    vocabulary.requestForApplication,
    vocabulary.genericServiceWords,
  );
  const byCode = new Map(parts.services.map((s) => [s.code, s]));

  function understand(text: string): Understanding {
    const words = normalizeText(text);
    const code = findTicketCode(text)?.code ?? null;
    const named = finder.named(words);
    const outOfScope = vocabulary.outOfScope.find((t) => phrasesIn(words, t.words).length > 0) ?? null;
    const faq = parts.faq.match(text);
    const intent = decideIntent(
      {
        words,
        raw: text,
        hasCode: code !== null,
        named: named[0]
          ? { requestable: named.some((s) => s.requestable), reportable: named.some((s) => s.reportable) }
          : null,
        outOfScope: outOfScope !== null,
        outOfScopeStrong: outOfScope?.strong ?? false,
        faqHit: faq.id !== null,
      },
      vocabulary.intents,
    );
    const kind =
      intent === 'incident' || intent === 'followup'
        ? 'incident'
        : intent === 'request'
          ? 'request'
          : undefined;
    const guess = finder.find(words, text, kind);
    const service = guess.code;
    const problem = intent === 'incident' || intent === 'followup';
    return {
      text,
      intent,
      service,
      serviceName: service ? (byCode.get(service)?.name ?? null) : null,
      candidates: guess.candidates,
      topic: intent === 'question' ? faq.id : null,
      code,
      since: problem ? extractSince(text, vocabulary.since) : null,
      impact: problem ? readImpact(words, vocabulary.impact) : null,
      asks: asksOutright(words, text, vocabulary),
      detail: detailOf(text, words, vocabulary),
      outOfScope: intent === 'out_of_scope' ? outOfScope : null,
    };
  }

  return { understand, vocabulary, services: finder };
}

function asksOutright(words: string, raw: string, vocabulary: Vocabulary): boolean {
  const body = stripOpening(words, vocabulary.intents);
  return (
    /\?\s*$/.test(raw.trim()) ||
    cueScore(words, vocabulary.intents.question) >= 2 ||
    vocabulary.intents.questionOpeners.some((o) => body === o || body.startsWith(`${o} `))
  );
}

/** The raw text from the first word that is not a greeting or an address ("Selamat pagi pak, …" dropped). */
function detailOf(raw: string, words: string, vocabulary: Vocabulary): string {
  const body = stripOpening(words, vocabulary.intents);
  const text = raw.trim();
  if (body === words || body === '') return text;
  // The first word from which the rest of the message, normalised, is the body.
  for (const m of text.matchAll(/\S+/g)) {
    const rest = text.slice(m.index).replace(/^[\s,.!;:-]+/, '');
    if (normalizeText(rest) === body) return rest;
  }
  return text;
}
