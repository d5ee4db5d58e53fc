/**
 * Whether a catalogue text and a set of FAQ files make content the helpdesk starts with: the catalogue's
 * rules (parseCatalogue), the topics' (parseFaqTopics) and every topic's references rendered against
 * that catalogue. The same checks as start-up, so what the dashboard writes would also start. Pure.
 */
import { type Catalogue, parseCatalogue } from '../catalogue/load.ts';
import { type FaqFile, type FaqTopic, parseFaqTopics } from '../faq/load.ts';
import { renderFaqTopics } from '../faq/render.ts';
import { FAQ_MENU_LABELS } from '../faq-content.ts';

/** @throws ContentError naming the file and entry, as start-up would. */
export function checkContent(
  catalogueFile: string,
  catalogueText: string,
  faqFiles: readonly FaqFile[],
): { catalogue: Catalogue; topics: FaqTopic[] } {
  const catalogue = parseCatalogue(catalogueFile, catalogueText);
  const topics = parseFaqTopics(faqFiles);
  renderFaqTopics(topics, catalogue.services, FAQ_MENU_LABELS);
  return { catalogue, topics };
}
