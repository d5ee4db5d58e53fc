/**
 * The core's outbound text as Telegram shows it: HTML parse mode, `*x*` as bold, everything else
 * escaped, choices as an inline keyboard. Pure. (Splitting at TEXT_LIMIT: src/channel-text.ts.)
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

/**
 * Plain core text as Telegram HTML: `& < >` escaped first, then `*x*` → `<b>x</b>`. Each part of a
 * split text is rendered on its own, so the HTML of every part is balanced.
 */
export function renderHtml(text: string): string {
  return escapeHtml(text).replace(BOLD, '$1<b>$2</b>');
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
