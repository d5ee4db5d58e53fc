/**
 * How WhatsApp ids are written, compared and masked. One person's number comes as `62812…@c.us` from
 * WhatsApp Web, `62812…@s.whatsapp.net` from the protocol, `62812…`, `+62 812-…` or `0812…` (the
 * Indonesian national form) from an operator's configuration — all one number, stored as `62812…@c.us`.
 * WhatsApp also hides numbers behind `…@lid` ids, which say nothing about the number; they are kept
 * as they are (without a device suffix) and linked to the number only when the platform tells both
 * (`InboundMessage.from.alsoKnownAs`). Pure.
 */
import type { ChannelName } from '../domain.ts';

/** Servers of a phone-number JID: WhatsApp Web's and the protocol's. */
const PHONE_SERVERS = new Set(['c.us', 's.whatsapp.net']);

/** The digits of a phone number in international form (62…), or null when `s` is not one. */
function phoneDigits(s: string): string | null {
  if (!/^\+?[\d\s().-]+$/.test(s)) return null;
  let d = s.replace(/\D/g, '');
  // 0812… is the national form of 62812…; "62 0812…" is written too.
  if (d.startsWith('0')) d = `62${d.slice(1)}`;
  else if (d.startsWith('620')) d = `62${d.slice(3)}`;
  return d.length >= 8 && d.length <= 15 ? d : null;
}

/**
 * The one form a WhatsApp id is stored and compared in: `62812…@c.us` for a number however written,
 * `…@lid` for a hidden-number id, a group's `…@g.us` unchanged; anything else as given (trimmed).
 */
export function normalizeWhatsAppId(raw: string): string {
  const s = raw.trim();
  const at = s.lastIndexOf('@');
  if (at < 0) {
    const d = phoneDigits(s);
    return d ? `${d}@c.us` : s;
  }
  // "62812…:12@s.whatsapp.net": the part after ":" names one of the person's devices.
  const user = s.slice(0, at).replace(/:\d+$/, '');
  const server = s.slice(at + 1).toLowerCase();
  if (PHONE_SERVERS.has(server)) {
    const d = phoneDigits(user);
    return d ? `${d}@c.us` : `${user}@c.us`;
  }
  return `${user}@${server}`;
}

/** An id as stored for a channel: WhatsApp's normalised, every other platform's as it comes. */
export function canonicalId(channel: ChannelName, id: string): string {
  return channel === 'whatsapp' ? normalizeWhatsAppId(id) : id;
}

/** True for an id a configuration may name a WhatsApp person by: a number in any form, or an @lid id. */
export function isWhatsAppPersonId(raw: string): boolean {
  return /^\d{8,15}@c\.us$|^\d+@lid$/.test(normalizeWhatsAppId(raw));
}

/** `62812****789@c.us` for a number, `lid:…789` for an @lid id; a group's id as it is. */
export function maskWhatsAppId(id: string): string {
  const n = normalizeWhatsAppId(id);
  const at = n.lastIndexOf('@');
  const user = n.slice(0, at);
  const server = n.slice(at + 1);
  if (server === 'lid') return `lid:…${user.slice(-3)}`;
  if (server === 'c.us' && /^\d+$/.test(user)) return `${user.slice(0, 5)}****${user.slice(-3)}@c.us`;
  return id;
}

/**
 * WhatsApp person ids inside any text (a log line, a platform's error message): `…@c.us`,
 * `…@s.whatsapp.net` and `…@lid` JIDs, and `whatsapp:<number>` as configurations write them.
 */
const JID_IN_TEXT =
  /(?<![\p{L}\p{N}])\+?\d{5,20}(?::\d{1,3})?@(?:c\.us|s\.whatsapp\.net|lid)(?![\p{L}\p{N}])/giu;
const CONFIGURED_NUMBER = /\bwhatsapp:\+?\d[\d-]{6,18}\d(?!\d)/gi;

/** Every WhatsApp person id in `text`, masked (see {@link maskWhatsAppId}); the rest unchanged. */
export function maskWhatsAppIds(text: string): string {
  return text
    .replace(JID_IN_TEXT, (jid) => maskWhatsAppId(jid))
    .replace(
      CONFIGURED_NUMBER,
      (entry) => `whatsapp:${maskWhatsAppId(entry.slice(9)).replace(/@c\.us$/, '')}`,
    );
}

/** Splits `text` around the WhatsApp ids in it: a masker for the rest can leave the masked ids alone. */
export function replaceOutsideWhatsAppIds(text: string, rest: (part: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(JID_IN_TEXT)) {
    out += rest(text.slice(last, m.index)) + maskWhatsAppId(m[0]);
    last = m.index + m[0].length;
  }
  return out + rest(text.slice(last));
}
