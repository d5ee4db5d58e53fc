/**
 * What every part of the conversation works with in one turn: the input as typed and normalised, and the
 * small helpers that build a step's result (reply, back to idle, show the menu, map an answer to a choice).
 */
import type { Choice } from '../channel.ts';
import { normalizeText } from '../faq/normalize.ts';
import { NUMBER_WORDS } from '../understand/answers.ts';
import { MENU_CHOICES } from './messages.ts';
import type { ConversationState, Effect, StepContext, StepResult } from './types.ts';

export type Ctx = StepContext;

export interface Input {
  raw: string;
  /** Normalised words ("gmn reset pw??" → "bagaimana reset password"). */
  words: string;
  choice: string | undefined;
}

export function reply(text: string, choices?: Choice[]): Effect {
  return choices && choices.length > 0 ? { type: 'reply', text, choices } : { type: 'reply', text };
}

/** Back to idle with the given effects; the misunderstanding counter resets. */
export function done(s: ConversationState, effects: Effect[]): StepResult {
  return { state: { ...s, flow: { name: 'idle' }, misses: 0 }, effects };
}

export function showMenu(s: ConversationState, intro: string): StepResult {
  return { state: { ...s, flow: { name: 'menu' }, misses: 0 }, effects: [reply(intro, MENU_CHOICES)] };
}

/** The same state with more effects, the flow unchanged. */
export function stay(s: ConversationState, effects: Effect[]): StepResult {
  return { state: s, effects };
}

/**
 * Maps what the person answered to one of the offered choices: the choice id of a tapped button, the
 * number of a numbered list ("2", "2.", "no 2", "dua"), or the label typed out.
 */
export function resolveChoice(input: Input, choices: Choice[]): Choice | undefined {
  if (input.choice) {
    const byId = choices.find((c) => c.id === input.choice);
    if (byId) return byId;
  }
  const m = /^(?:no|nomor|pilih|pilihan|angka)?\s*(\d{1,3})\s*[.)]?$/.exec(input.raw.trim().toLowerCase());
  const n = m?.[1] ? Number(m[1]) : NUMBER_WORDS.get(input.words);
  if (n !== undefined) return choices[n - 1];
  return choices.find((c) => normalizeText(c.label) === input.words);
}

/** Enough text to act on: a few letters, not a bare "ok". */
export function isDescription(text: string): boolean {
  return text.length >= 8 && /\p{L}{2,}/u.test(text);
}
