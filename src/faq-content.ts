/**
 * The FAQ as the helpdesk serves it: the topic files of `faq/` with their `{layanan:…}` and `{menu:…}`
 * references rendered against the catalogue and the main menu. The menu labels come from the
 * conversation's MENU_CHOICES (ids `menu:1`…`menu:5`), so an answer names the menu the bot shows.
 * Used by the app, the `faq` CLI, tests and benches.
 */
import { MENU_CHOICES } from './conversation/messages.ts';
import { type FaqTopic, loadFaqTopics } from './faq/load.ts';
import { FAQ_MENU_ITEMS, type FaqMenuLabels, type FaqService, renderFaqTopics } from './faq/render.ts';

/** The main menu's labels by item: `permintaan` is the label of `menu:2`, and so on. */
export const FAQ_MENU_LABELS: FaqMenuLabels = Object.fromEntries(
  FAQ_MENU_ITEMS.map((item, i) => {
    const choice = MENU_CHOICES.find((c) => c.id === `menu:${i + 1}`);
    if (!choice) throw new Error(`MENU_CHOICES has no menu:${i + 1} for {menu:${item}}`);
    return [item, choice.label];
  }),
) as FaqMenuLabels;

/**
 * Reads the topics in `dir` and renders them against `services` (the catalogue's entries).
 * @throws ContentError on a malformed file or a reference the catalogue or the menu does not have.
 */
export function loadRenderedFaq(dir: string, services: readonly FaqService[]): FaqTopic[] {
  return renderFaqTopics(loadFaqTopics(dir), services, FAQ_MENU_LABELS);
}
