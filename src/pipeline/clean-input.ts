/**
 * Cleans a message from any platform before anything of it is stored (acceptInbound calls it first; the
 * simulator uses it for its own chat log). Removes what PostgreSQL cannot store (NUL) and what can
 * disguise text: C0 and C1 control characters (tab and newline stay; CR LF, CR and the other line
 * breaks become LF), unpaired surrogates, and bidi embedding/override/isolate controls. Zero-width
 * joiners and other format characters stay: emoji sequences need them. Cuts every field to the limit
 * of its kind (INBOUND_LIMITS); an id that had to change is replaced by a hash so that it stays unique.
 * Pure and deterministic: cleaning a cleaned message changes nothing.
 */
import { createHash } from 'node:crypto';
import { type Attachment, INBOUND_LIMITS, type InboundMessage } from '../channel.ts';

/** A field that was cut; the reporter is told once when the text was. */
export type CutField = 'text' | 'name' | 'attachments';

export interface CleanInbound {
  message: InboundMessage;
  /** What was cut, each at most once; empty when nothing was. */
  cut: CutField[];
}

// Line breaks other than LF: CR LF, CR, vertical tab, form feed, NEL, line and paragraph separators.
const LINE_BREAKS = /\r\n?|[\v\f\u0085\u2028\u2029]/g;
// C0 controls except tab and LF, DEL, C1 controls, bidi embeddings/overrides (LRE…RLO) and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text without unsafe characters, line breaks as LF. Nothing is trimmed or cut. */
export function cleanText(raw: string): string {
  return raw.replace(LINE_BREAKS, '\n').replace(UNSAFE, '').replace(LONE_SURROGATE, '');
}

/** The first `max` UTF-16 units of `s`, never half of a surrogate pair. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s.charAt(max - 1)) ? max - 1 : max;
  return s.slice(0, end);
}

/** A name on one line: whitespace runs (new lines too) become one space. */
export function cleanName(raw: string): string {
  return cleanText(raw).replace(/\s+/g, ' ').trim();
}

const HASH_CHARS = 43; // sha256 in base64url

/**
 * A platform id as it can be stored: unchanged when it is clean and short enough; otherwise its clean
 * beginning followed by "#" and the hash of the original, so two different ids never become one.
 */
export function cleanId(raw: string): string {
  const clean = cleanText(raw).replace(/[\t\n]/g, '');
  if (clean === raw && raw.length <= INBOUND_LIMITS.id) return raw;
  const hash = createHash('sha256').update(raw).digest('base64url');
  return `${cutText(clean, INBOUND_LIMITS.id - HASH_CHARS - 1)}#${hash}`;
}

/** The message as it may be stored, and what had to be cut. */
export function cleanInbound(m: InboundMessage): CleanInbound {
  const cut = new Set<CutField>();
  const limited = (value: string, max: number, field: CutField) => {
    const out = cutText(value, max);
    if (out !== value) cut.add(field);
    return out;
  };
  const name = (raw: string, field: CutField) => limited(cleanName(raw), INBOUND_LIMITS.name, field);

  const displayName = m.from.displayName === undefined ? undefined : name(m.from.displayName, 'name');
  const attachments = m.attachments?.map(
    (a): Attachment => ({
      kind: a.kind,
      ref: cleanId(a.ref),
      ...(a.name === undefined ? {} : { name: name(a.name, 'attachments') }),
      ...(Number.isSafeInteger(a.size) && (a.size as number) >= 0 ? { size: a.size } : {}),
      ...(a.mime === undefined ? {} : { mime: cutText(cleanName(a.mime), INBOUND_LIMITS.name) }),
      // A channel that stores its files itself says where a `media:<id>` came from, or that it refused it.
      ...(a.source === undefined ? {} : { source: cleanId(a.source) }),
      ...(a.refused === 'too_large' ? { refused: a.refused } : {}),
    }),
  );
  const alsoKnownAs = [
    ...new Set((m.from.alsoKnownAs ?? []).map(cleanId).filter((id) => id && id !== m.from.externalId)),
  ].slice(0, INBOUND_LIMITS.alsoKnownAs);
  if (attachments && attachments.length > INBOUND_LIMITS.attachments) cut.add('attachments');

  const message: InboundMessage = {
    chat: {
      ...m.chat,
      chatId: cleanId(m.chat.chatId),
      ...(m.chat.threadId === undefined ? {} : { threadId: cleanId(m.chat.threadId) }),
    },
    externalId: cleanId(m.externalId),
    from: {
      externalId: cleanId(m.from.externalId),
      ...(displayName === undefined ? {} : { displayName }),
      ...(alsoKnownAs.length ? { alsoKnownAs } : {}),
    },
    text: limited(cleanText(m.text), INBOUND_LIMITS.text, 'text'),
    ...(m.choice === undefined ? {} : { choice: cleanId(m.choice) }),
    ...(attachments === undefined ? {} : { attachments: attachments.slice(0, INBOUND_LIMITS.attachments) }),
    ...(m.replyToExternalId === undefined ? {} : { replyToExternalId: cleanId(m.replyToExternalId) }),
    isGroup: m.isGroup,
    receivedAt: m.receivedAt,
  };
  return { message, cut: [...cut] };
}
