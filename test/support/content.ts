/**
 * The real content (catalogue, FAQ, vocabulary, calendar) loaded once, and a StepContext over it: what
 * the pure conversation tests run against, as the helpdesk builds it without the database.
 */
import { fileURLToPath } from 'node:url';
import { catalogueDirectory } from '../../src/catalogue/directory.ts';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import type { StepContext } from '../../src/conversation/types.ts';
import { createFaqMatcher } from '../../src/faq/matcher.ts';
import { normalizeText } from '../../src/faq/normalize.ts';
import { loadRenderedFaq } from '../../src/faq-content.ts';
import { loadCalendar } from '../../src/sla/calendar-file.ts';
import { loadVocabulary } from '../../src/understand/load.ts';
import { createUnderstander } from '../../src/understand/understand.ts';

export const root = (file: string) => fileURLToPath(new URL(`../../${file}`, import.meta.url));

export const CATALOGUE = loadCatalogue(root('prisma/seed/catalogue.yaml'));
export const DIRECTORY = catalogueDirectory(CATALOGUE);
export const FAQ = createFaqMatcher(loadRenderedFaq(root('faq'), CATALOGUE.services));
export const VOCABULARY = loadVocabulary(root('vocabulary'));
export const UNDERSTANDER = createUnderstander({
  vocabulary: VOCABULARY,
  services: CATALOGUE.services,
  rankServices: DIRECTORY.rank,
  faq: FAQ,
});
export const CALENDAR = loadCalendar(root('prisma/seed/calendar.yaml'), { years: [2026] });

/** A reporter the helpdesk already knows (asked once before); `requester: null` for a first-timer. */
export const KNOWN_REQUESTER = { name: 'Budi Santoso', opd: 'Dinas Kesehatan', nip: null };

/** Monday 2 March 2026, 10.00 WIB (inside working hours) unless `over` says otherwise. */
export function stepContext(over: Partial<StepContext> = {}): StepContext {
  return {
    now: new Date('2026-03-02T03:00:00Z'),
    services: DIRECTORY.options,
    findService: (text, kind, answer) => UNDERSTANDER.services.find(normalizeText(text), text, kind, answer),
    faq: (text) => FAQ.match(text),
    calendar: CALENDAR,
    ownOpenTickets: [],
    openIncidentByService: new Map(),
    understand: (text) => UNDERSTANDER.understand(text),
    vocabulary: VOCABULARY,
    draftKeepMs: 24 * 3_600_000,
    requester: KNOWN_REQUESTER,
    ...over,
  };
}
