/**
 * The core's outbound text as Telegram shows it: HTML parse mode, `*x*` as bold, everything else
 * escaped, split at Telegram's 4,096-character limit, choices as an inline keyboard. Pure.
 */
import type { Choice } from '../../src/channel.ts';

/** Telegram's limit for one message's text, counted after entity parsing (what the reader sees). */
export const TEXT_LIMIT = 4096;
/** Telegram's limit for a button's callback_data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;
/** callback_data of a choice whose id is too long for Telegram: the tap arrives as its number. */
export const NUMBERED_CALLBACK = /^#(\d+)$/;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// WhatsApp-style emphasis as the core writes it: no marker inside a word (data*x*y stays as typed), no
// space just inside the markers, one line at most.
const BOLD = /(^|[^\p{L}\p{N}])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\p{L}\p{N}])/gu;

/** Plain core text as Telegram HTML: `& < >` escaped first, then `*x*` → `<b>x</b>`. */
export function renderHtml(text: string): string {
  return escapeHtml(text).replace(BOLD, '$1<b>$2</b>');
}

/**
 * Cuts text into parts of at most `limit` characters, in order: at the last line break that leaves a
 * part at least half full, else at the last space, else hard. Each part is rendered on its own, so
 * the HTML of every part is balanced.
 */
export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut < limit / 2) cut = limit;
    // A surrogate pair is never cut in two.
    if (cut === limit && /[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut--;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

export interface InlineKeyboard {
  inline_keyboard: { text: string; callback_data: string }[][];
}

/** One button per row, labelled "1. …" so that typing the number works as well as tapping. */
export function choiceKeyboard(choices: Choice[]): InlineKeyboard {
  return {
    inline_keyboard: choices.map((c, i) => [
      {
        text: `${i + 1}. ${c.label}`,
        callback_data: Buffer.byteLength(c.id, 'utf8') <= CALLBACK_DATA_LIMIT ? c.id : `#${i + 1}`,
      },
    ]),
  };
}

/** The choice label of a button as choiceKeyboard wrote it ("2. Belum" → "Belum"). */
export function labelOfButton(text: string): string {
  return text.replace(/^\d+\.\s/, '');
}
