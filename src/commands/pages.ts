/**
 * Long lists cut into pages that fit a phone screen: a few entries per page and a character cap, with
 * a footer that says how to see more. Pure.
 */

/** Entries per page, and the most characters a page's entries may take. */
export const PAGE_ENTRIES = 8;
export const PAGE_CHARS = 1200;

export interface Page {
  /** The entries on this page. */
  entries: string[];
  /** 1-based. */
  page: number;
  pages: number;
}

/**
 * Splits `entries` into pages of at most {@link PAGE_ENTRIES} entries and {@link PAGE_CHARS} characters
 * (an entry longer than that gets a page of its own), and returns page `page` (clamped).
 */
export function pageOf(entries: string[], page: number): Page {
  const pages: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const e of entries) {
    if (current.length > 0 && (current.length >= PAGE_ENTRIES || chars + e.length > PAGE_CHARS)) {
      pages.push(current);
      current = [];
      chars = 0;
    }
    current.push(e);
    chars += e.length + 1;
  }
  if (current.length > 0) pages.push(current);
  const count = Math.max(1, pages.length);
  const n = Math.min(Math.max(1, Math.floor(page)), count);
  return { entries: pages[n - 1] ?? [], page: n, pages: count };
}

/** The message for one page: a title line, the entries, and "lanjut" while there is more. */
export function pageText(title: string, p: Page, empty: string): string {
  if (p.entries.length === 0) return `${title}\n${empty}`;
  const head = p.pages > 1 ? `${title} (hal. ${p.page}/${p.pages})` : title;
  const more = p.page < p.pages ? `\n\nKetik *lanjut* untuk halaman berikutnya.` : '';
  return `${head}\n\n${p.entries.join('\n')}${more}`;
}
