/**
 * Resolves the references in FAQ answers against the service catalogue and the main menu, so that an
 * answer never names a service or a menu item that does not exist:
 *
 * - `{layanan:<kode>}` → `*<nama layanan>*` (the catalogue entry's name);
 * - `{menu:<faq|permintaan|gangguan|status|petugas>}` → `*<n> <label>*` (the main-menu item);
 * - each `ajukan:<kode>` action must name an entry that takes requests, each `lapor:<kode>` one that
 *   takes incidents.
 *
 * Pure: the services and the menu labels are passed in by the caller.
 */
import { ContentError } from '../errors.ts';
import type { FaqAction, FaqTopic } from './load.ts';

/** The main-menu items an answer may name, in menu order: `{menu:permintaan}` is item 2. */
export const FAQ_MENU_ITEMS = ['faq', 'permintaan', 'gangguan', 'status', 'petugas'] as const;
export type FaqMenuItem = (typeof FAQ_MENU_ITEMS)[number];
/** The label of each main-menu item, e.g. `permintaan: 'Ajukan permintaan layanan'`. */
export type FaqMenuLabels = Record<FaqMenuItem, string>;

/** What rendering needs to know of a catalogue entry. */
export interface FaqService {
  code: string;
  name: string;
  requestable: boolean;
  reportable: boolean;
}

// Anything that looks like a reference: `{word:…}`. Unknown words are reported rather than sent raw.
const REFERENCE = /\{\s*([a-z]+)\s*:\s*([^{}]*?)\s*\}/gi;

function isMenuItem(value: string): value is FaqMenuItem {
  return (FAQ_MENU_ITEMS as readonly string[]).includes(value);
}

/** An action as written in the topic file (`ajukan:email-reset`), for messages. */
function written(action: FaqAction): string {
  if (action.type === 'status') return 'status';
  if (action.type === 'human') return 'petugas';
  const verb = action.type === 'request' ? 'ajukan' : 'lapor';
  return action.service === undefined ? verb : `${verb}:${action.service}`;
}

/** The problem with an action, or undefined when it fits the catalogue. */
function actionProblem(action: FaqAction, byCode: ReadonlyMap<string, FaqService>): string | undefined {
  if ((action.type !== 'request' && action.type !== 'incident') || action.service === undefined)
    return undefined;
  const service = byCode.get(action.service);
  if (service === undefined) return `layanan "${action.service}" tidak ada di katalog`;
  if (action.type === 'request' && !service.requestable)
    return `${service.name} tidak menerima permintaan layanan (kinds tanpa request); pakai lapor:${service.code}`;
  if (action.type === 'incident' && !service.reportable)
    return `${service.name} tidak menerima laporan gangguan (kinds tanpa incident); pakai ajukan:${service.code}`;
  return undefined;
}

/**
 * Returns the topics with every reference in their answers replaced; the rest of each topic is kept.
 * @throws ContentError naming the file and listing every bad reference of the first topic that has
 *   any: a code that is not in `services`, an unknown menu item or reference word, an action on an
 *   entry that does not take its kind.
 */
export function renderFaqTopics(
  topics: readonly FaqTopic[],
  services: readonly FaqService[],
  menu: FaqMenuLabels,
): FaqTopic[] {
  const byCode = new Map(services.map((s) => [s.code, s]));
  return topics.map((topic) => {
    const problems: string[] = [];
    const answer = topic.answer.replace(REFERENCE, (whole: string, word: string, value: string) => {
      const kind = word.toLowerCase();
      if (kind === 'layanan') {
        const service = byCode.get(value);
        if (service) return `*${service.name}*`;
        problems.push(`${whole}: layanan "${value}" tidak ada di katalog`);
      } else if (kind === 'menu') {
        if (isMenuItem(value)) return `*${FAQ_MENU_ITEMS.indexOf(value) + 1} ${menu[value]}*`;
        problems.push(`${whole}: menu "${value}" tidak ada (yang ada: ${FAQ_MENU_ITEMS.join(', ')})`);
      } else {
        problems.push(`${whole}: rujukan tidak dikenal (yang ada: {layanan:<kode>}, {menu:<nama>})`);
      }
      return whole;
    });
    for (const action of topic.actions) {
      const problem = actionProblem(action, byCode);
      if (problem) problems.push(`actions: ${written(action)}: ${problem}`);
    }
    if (problems.length > 0) throw new ContentError(topic.file, 'rujukan', problems.join('; '));
    return { ...topic, answer };
  });
}
