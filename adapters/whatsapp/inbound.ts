/**
 * whatsapp-web.js messages as the port's messages. What a message is for the helpdesk is decided here;
 * the channel (index.ts) only carries it out (lookups, the backlog rule, storing).
 *
 * Chats: private chats are `…@c.us` (a phone number) or `…@lid` (WhatsApp's hidden-number id; the same
 * person may arrive under either); groups are `…@g.us`, where the sender is `msg.author`. Status updates,
 * channels (`…@newsletter`) and broadcasts are not chats the helpdesk answers.
 */
import type wweb from 'whatsapp-web.js';
import type { Attachment, AttachmentKind, InboundMessage } from '../../src/channel.ts';

/** Who the bot is on WhatsApp: its own ids (phone JID and, when known, its @lid), for mentions. */
export interface OwnIdentity {
  /** Serialized ids: `628…@c.us`, `…@lid`. */
  ids: ReadonlySet<string>;
}

export interface ReadContext {
  me: OwnIdentity;
  /** Whether this message id is one the channel sent (a reply to it is addressed to the bot). */
  sentByUs(id: string): boolean;
}

export type ReadResult =
  | { type: 'ignore'; reason: string }
  | {
      type: 'message';
      message: InboundMessage;
      /** The sender's id (for the identity lookup: the channel adds `from.alsoKnownAs`). */
      sender: string;
      /** When it was sent (ms since the epoch), for the backlog rule. */
      sentAt: number;
    };

const PRIVATE = /@(c\.us|lid)$/;
const GROUP = /@g\.us$/;
const STATUS = 'status@broadcast';

/** The message types the helpdesk reads; anything else (notifications, reactions, calls …) is ignored. */
const KINDS: Partial<Record<string, AttachmentKind>> = {
  image: 'image',
  audio: 'audio',
  ptt: 'audio',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
};

/** Fields of the raw message the typings do not name. */
interface RawData {
  notifyName?: string;
  filename?: string;
}

/** Decides what a received message is for the helpdesk. */
export async function readMessage(msg: wweb.Message, ctx: ReadContext): Promise<ReadResult> {
  if (msg.fromMe || msg.id?.fromMe) return { type: 'ignore', reason: 'own message' };
  if (msg.isStatus || msg.from === STATUS || msg.id?.remote === STATUS)
    return { type: 'ignore', reason: 'status broadcast' };
  const chatId = msg.from;
  const isGroup = GROUP.test(chatId ?? '');
  if (!chatId || (!isGroup && !PRIVATE.test(chatId))) return { type: 'ignore', reason: 'not a chat' };
  // The chat as WhatsApp Web has it: a message without one (a system message, a chat gone) is nothing to answer.
  const chat = await msg.getChat().catch(() => undefined);
  if (!chat) return { type: 'ignore', reason: 'no chat' };
  const sender = isGroup ? msg.author : chatId;
  if (!sender) return { type: 'ignore', reason: 'no sender' };
  if (msg.type !== 'chat' && KINDS[msg.type] === undefined) return { type: 'ignore', reason: msg.type };

  const attachments = attachmentsOf(msg);
  // A location's body is its thumbnail; a media message's body is its caption (the library's choice).
  let text = msg.type === 'location' ? '' : (msg.body ?? '');
  if (text.trim() === '' && attachments.length === 0) return { type: 'ignore', reason: 'empty' };

  const quoted = msg.hasQuotedMsg ? await msg.getQuotedMessage().catch(() => undefined) : undefined;
  const quotedId = quoted?.id?._serialized;

  let addressed = false;
  if (isGroup) {
    const mentioned = (msg.mentionedIds ?? []).filter((id) => ctx.me.ids.has(id));
    if (mentioned.length) {
      addressed = true;
      text = withoutMentions(text, mentioned);
    }
    if (/^\s*\//.test(text)) addressed = true;
    // A reply to the bot: one of the messages this channel sent, or (after a restart) the number's own.
    if (quotedId && (ctx.sentByUs(quotedId) || quoted?.fromMe === true)) addressed = true;
  }

  const raw = (msg.rawData ?? {}) as RawData;
  const displayName = raw.notifyName?.trim() || undefined;
  const message: InboundMessage = {
    chat: { channel: 'whatsapp', chatId, isGroup },
    externalId: msg.id._serialized,
    from: { externalId: sender, ...(displayName ? { displayName } : {}) },
    text,
    ...(attachments.length ? { attachments } : {}),
    ...(quotedId ? { replyToExternalId: quotedId } : {}),
    isGroup,
    ...(isGroup ? { addressed } : {}),
    receivedAt: new Date(msg.timestamp * 1000),
  };
  return { type: 'message', message, sender, sentAt: msg.timestamp * 1000 };
}

/** The text without "@<number>" for each of the bot's ids that was mentioned. */
function withoutMentions(text: string, ids: string[]): string {
  let out = text;
  for (const id of ids) {
    const user = (id.split('@')[0] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!user) continue;
    out = out.replace(new RegExp(`(^|\\s)@${user}(?!\\d)`, 'g'), '$1');
  }
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}

/**
 * What a message carries besides text, as references: the message id is the media's reference (the
 * library downloads media through the message, `msg.downloadMedia()`, only while WhatsApp Web still has
 * it). THE MEDIA STORE GOES HERE: download and store while the message is live, then reference the
 * stored file instead of the message id.
 */
export function attachmentsOf(msg: wweb.Message): Attachment[] {
  if (msg.type === 'location') {
    const loc = msg.location;
    return loc ? [{ kind: 'location', ref: `${loc.latitude},${loc.longitude}` }] : [];
  }
  const kind = KINDS[msg.type];
  if (!msg.hasMedia || kind === undefined) return [];
  const name = (msg.rawData as RawData | undefined)?.filename?.trim();
  return [{ kind, ref: msg.id._serialized, ...(kind === 'document' && name ? { name } : {}) }];
}
