/**
 * The core's outbound text as WhatsApp shows it. Pure. WhatsApp's formatting is the core's own (`*bold*`);
 * text from people reaches the core's messages already neutralised (src/escalation/quote.ts), so nothing is
 * escaped here. Buttons and lists are deprecated in whatsapp-web.js: choices are a numbered list under the
 * text, and the person answers with the number (or the words).
 */
import type { OutboundMessage } from '../../src/channel.ts';
import { splitText } from '../../src/channel-text.ts';

/**
 * The most characters one message carries. WhatsApp takes about 65,000, but a long message is folded
 * behind "Read more" and is hard to read on a phone; 4,000 keeps a part one screenful or two.
 */
export const TEXT_LIMIT = 4_000;

/** The text with its choices as "1. …" lines under it. */
export function renderText(m: Pick<OutboundMessage, 'text' | 'choices'>): string {
  if (!m.choices?.length) return m.text;
  const list = m.choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
  return m.text ? `${m.text}\n\n${list}` : list;
}

/** The parts to send, in order: split on paragraph and line boundaries, nothing lost. */
export function renderParts(m: Pick<OutboundMessage, 'text' | 'choices'>, limit = TEXT_LIMIT): string[] {
  return splitText(renderText(m), limit);
}

/**
 * The reply to a message that waited longer than the backlog limit while the bot was offline: it is not
 * processed (its context is stale), and the sender is asked to send it again. Sent once per chat.
 */
export function tooOldText(maxBacklogHours: number): string {
  const hours = Math.round(maxBacklogHours * 10) / 10;
  return `Mohon maaf, pesan Anda baru kami terima sekarang karena layanan sedang tidak aktif, dan sudah lebih dari ${hours} jam sehingga tidak kami proses. Silakan kirim ulang pesan Anda bila masih diperlukan.`;
}
