/**
 * Core text → Slack messages. The core writes plain text with `*bold*` (which Slack's mrkdwn already
 * reads as bold); everything else that mrkdwn would act on as markup — `<!channel>`, `<@U123>`, `<url|x>`,
 * entities — is escaped, so nobody's typed text can ping a channel or forge a link. Over-long text is
 * split into several messages (40,000 characters each) and, inside a message with buttons, into section
 * blocks of at most 3,000 characters; the buttons go on the last message.
 */
import type { Choice, OutboundMessage } from '../../src/channel.ts';

export const MESSAGE_LIMIT = 40_000;
export const SECTION_LIMIT = 3_000;
/** Slack allows at most 25 elements per actions block and 75 characters per button label. */
const BUTTONS_PER_BLOCK = 25;
const BUTTON_LABEL_LIMIT = 75;

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts already escaped text into parts of at most `limit` characters, preferring a line break, then a
 * space; never inside an entity (`&amp;`) or a surrogate pair.
 */
export function splitEscaped(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    // Not inside "&amp;" / "&lt;" / "&gt;": an "&" within the last 4 characters without its ";".
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp >= 0 && amp > cut - 5 && !rest.slice(amp, cut).includes(';')) cut = amp;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    const head = rest.slice(0, cut);
    parts.push(head);
    rest = rest.slice(cut);
    // A break at a line end or space leaves that character out of the next part.
    if (rest.startsWith('\n') || rest.startsWith(' ')) rest = rest.slice(1);
  }
  if (rest.length || parts.length === 0) parts.push(rest);
  return parts;
}

export function buttonLabel(index: number, label: string): string {
  const full = `${index + 1}. ${label}`;
  return full.length <= BUTTON_LABEL_LIMIT ? full : `${full.slice(0, BUTTON_LABEL_LIMIT - 1)}…`;
}

/** A Block Kit block as this adapter writes it. */
export type Block =
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | {
      type: 'actions';
      block_id: string;
      elements: {
        type: 'button';
        action_id: string;
        value: string;
        text: { type: 'plain_text'; text: string; emoji: boolean };
      }[];
    };

export interface SlackPost {
  /** mrkdwn text (the whole message, or the notification fallback when blocks are set). */
  text: string;
  blocks?: Block[];
}

function choiceBlocks(choices: Choice[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < choices.length; i += BUTTONS_PER_BLOCK)
    blocks.push({
      type: 'actions',
      block_id: `choices-${i / BUTTONS_PER_BLOCK}`,
      elements: choices.slice(i, i + BUTTONS_PER_BLOCK).map((c, j) => ({
        type: 'button',
        action_id: c.id,
        value: c.id,
        text: { type: 'plain_text', text: buttonLabel(i + j, c.label), emoji: true },
      })),
    });
  return blocks;
}

/** The Slack posts for one core message, in order. */
export function renderMessage(m: OutboundMessage): SlackPost[] {
  const parts = splitEscaped(escapeMrkdwn(m.text), MESSAGE_LIMIT);
  const posts: SlackPost[] = parts.map((text) => ({ text }));
  const choices = m.choices ?? [];
  if (choices.length) {
    const last = posts[posts.length - 1] as SlackPost;
    last.blocks = [
      ...splitEscaped(last.text, SECTION_LIMIT)
        .filter((t) => t.length > 0)
        .map((t): Block => ({ type: 'section', text: { type: 'mrkdwn', text: t } })),
      ...choiceBlocks(choices),
    ];
  }
  return posts;
}

/** The label of a tapped button without the number this adapter put before it. */
export function choiceLabel(buttonText: string): string {
  return buttonText.replace(/^\d+\.\s+/, '');
}
