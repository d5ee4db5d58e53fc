/**
 * Telegram updates as the port's messages and events. Pure: what to do with an update is decided here,
 * the channel (index.ts) only carries it out.
 */
import type { Update } from 'telegraf/types';
import type { Attachment, ChannelEvent, InboundMessage } from '../../src/channel.ts';
import { labelOfButton, NUMBERED_CALLBACK } from './render.ts';

/** Who the bot is (getMe): its own messages are ignored, its @name addresses it in groups. */
export interface BotIdentity {
  id: number;
  username: string;
}

export type UpdateAction =
  | { type: 'ignore'; reason: string }
  | { type: 'message'; message: InboundMessage }
  | {
      type: 'tap';
      message: InboundMessage;
      callbackQueryId: string;
      /** The bot message that carried the keyboard: its keyboard is removed after the tap. */
      chatId: number;
      messageId: number;
    }
  | { type: 'event'; event: ChannelEvent };

/** The fields of a Telegram message the helpdesk reads (the Bot API's Message, loosely). */
interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
}
interface TgEntity {
  type: string;
  offset: number;
  length: number;
  user?: TgUser;
}
interface TgFile {
  file_id: string;
  file_size?: number;
  mime_type?: string;
  file_name?: string;
  title?: string;
  width?: number;
  height?: number;
}
interface TgMessage {
  message_id: number;
  message_thread_id?: number;
  is_topic_message?: boolean;
  date: number;
  chat: { id: number; type: 'private' | 'group' | 'supergroup' | 'channel' };
  from?: TgUser;
  sender_chat?: unknown;
  text?: string;
  caption?: string;
  entities?: TgEntity[];
  caption_entities?: TgEntity[];
  reply_to_message?: TgMessage & { forum_topic_created?: unknown };
  photo?: TgFile[];
  document?: TgFile;
  voice?: TgFile;
  audio?: TgFile;
  video?: TgFile;
  video_note?: TgFile;
  sticker?: TgFile & { emoji?: string };
  location?: { latitude: number; longitude: number };
  migrate_to_chat_id?: number;
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
}

const GROUP_TYPES = new Set(['group', 'supergroup']);
// Telegram's own command syntax is [A-Za-z0-9_]; the helpdesk's commands also use "-" (/daftar-grup).
const COMMAND = /^\/[A-Za-z0-9_-]+(?:@([A-Za-z0-9_]+))?(?=\s|$)/;

/** Decides what an update is for the helpdesk. */
export function readUpdate(update: Update, bot: BotIdentity): UpdateAction {
  const u = update as Update & { message?: TgMessage; callback_query?: unknown };
  if ('message' in u && u.message) return readMessage(u.message, bot);
  if ('callback_query' in u && u.callback_query)
    return readTap(u.callback_query as { id: string; from: TgUser; data?: string; message?: TgMessage });
  // Edits, channel posts, member changes, inline queries …: nothing the helpdesk acts on.
  return { type: 'ignore', reason: Object.keys(update).find((k) => k !== 'update_id') ?? 'empty' };
}

function readMessage(msg: TgMessage, bot: BotIdentity): UpdateAction {
  // The old group's last word: its id is gone, the supergroup's is the registration's new key.
  if (msg.migrate_to_chat_id !== undefined)
    return {
      type: 'event',
      event: {
        type: 'chat_migrated',
        fromChatId: String(msg.chat.id),
        toChatId: String(msg.migrate_to_chat_id),
      },
    };
  if (!msg.from || msg.sender_chat) return { type: 'ignore', reason: 'not from a person' };
  if (msg.from.is_bot) return { type: 'ignore', reason: msg.from.id === bot.id ? 'own message' : 'bot' };
  if (msg.chat.type === 'channel') return { type: 'ignore', reason: 'channel' };
  const isGroup = GROUP_TYPES.has(msg.chat.type);

  const attachments = attachmentsOf(msg);
  let text = msg.text ?? msg.caption ?? '';
  // Service messages (members joined, title changed, pinned …) have neither text nor media.
  if (text === '' && attachments.length === 0) return { type: 'ignore', reason: 'service or unsupported' };

  let addressed = false;
  const command = COMMAND.exec(text);
  if (command) {
    const target = command[1];
    if (target === undefined || target.toLowerCase() === bot.username.toLowerCase()) {
      addressed = true;
      if (target !== undefined)
        text = text.slice(0, command[0].length - target.length - 1) + text.slice(command[0].length);
    }
  }
  const mention = new RegExp(`(^|[^A-Za-z0-9_])@${bot.username}(?![A-Za-z0-9_])`, 'gi');
  if (mention.test(text)) {
    addressed = true;
    text = text
      .replace(mention, '$1')
      .replace(/[ \t]{2,}/g, ' ')
      .trim();
  }
  const entities = msg.entities ?? msg.caption_entities ?? [];
  if (entities.some((e) => e.type === 'text_mention' && e.user?.id === bot.id)) addressed = true;

  // In a forum every message "replies" to its topic's first message; that is no reply.
  const repliedTo = msg.reply_to_message?.forum_topic_created ? undefined : msg.reply_to_message;
  if (repliedTo?.from?.id === bot.id) addressed = true;

  // Telegram's START button (the first thing a person sends to a bot, "/start <payload>" from a link)
  // is the menu button of this platform.
  const start = !isGroup && /^\/start(?:\s|$)/i.test(text);

  const message: InboundMessage = {
    chat: { channel: 'telegram', chatId: String(msg.chat.id), ...threadOf(msg), isGroup },
    externalId: String(msg.message_id),
    from: { externalId: String(msg.from.id), displayName: nameOf(msg.from) },
    text,
    ...(start ? { choice: 'menu' } : {}),
    ...(attachments.length ? { attachments } : {}),
    ...(repliedTo ? { replyToExternalId: String(repliedTo.message_id) } : {}),
    isGroup,
    ...(isGroup ? { addressed } : {}),
    receivedAt: new Date(msg.date * 1000),
  };
  return { type: 'message', message };
}

function readTap(q: { id: string; from: TgUser; data?: string; message?: TgMessage }): UpdateAction {
  // A button on an inline-mode message, or a game: no chat to answer in.
  if (!q.message || q.data === undefined) return { type: 'ignore', reason: 'tap without message' };
  if (q.from.is_bot) return { type: 'ignore', reason: 'bot' };
  const msg = q.message;
  const isGroup = GROUP_TYPES.has(msg.chat.type);
  const buttons = msg.reply_markup?.inline_keyboard?.flat() ?? [];
  const button = buttons.find((b) => b.callback_data === q.data);
  const numbered = NUMBERED_CALLBACK.exec(q.data);
  // A choice id too long for callback_data was sent as its number: the number is what the person "typed".
  const choice = numbered ? undefined : q.data;
  const text = numbered ? (numbered[1] as string) : button ? labelOfButton(button.text) : q.data;
  const message: InboundMessage = {
    chat: { channel: 'telegram', chatId: String(msg.chat.id), ...threadOf(msg), isGroup },
    externalId: `cb-${q.id}`,
    from: { externalId: String(q.from.id), displayName: nameOf(q.from) },
    text,
    ...(choice !== undefined ? { choice } : {}),
    // Only the bot's own messages carry its buttons: in a group a tap is as addressed as a reply to it.
    replyToExternalId: String(msg.message_id),
    isGroup,
    ...(isGroup ? { addressed: true } : {}),
    receivedAt: new Date(),
  };
  return { type: 'tap', message, callbackQueryId: q.id, chatId: msg.chat.id, messageId: msg.message_id };
}

function threadOf(msg: TgMessage): { threadId?: string } {
  // message_thread_id is also set on replies outside forums; only a forum topic is a thread to send into.
  return msg.is_topic_message && msg.message_thread_id !== undefined
    ? { threadId: String(msg.message_thread_id) }
    : {};
}

function nameOf(u: TgUser): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ') || (u.username ?? String(u.id));
}

function attachmentsOf(msg: TgMessage): Attachment[] {
  const out: Attachment[] = [];
  if (msg.photo?.length) {
    const largest = msg.photo.reduce((a, b) =>
      (b.width ?? 0) * (b.height ?? 0) >= (a.width ?? 0) * (a.height ?? 0) ? b : a,
    );
    out.push({ kind: 'image', ref: largest.file_id, ...sizeOf(largest) });
  }
  if (msg.document) out.push(withName('document', msg.document));
  if (msg.voice) out.push({ kind: 'audio', ref: msg.voice.file_id, ...sizeOf(msg.voice) });
  if (msg.audio) out.push(withName('audio', msg.audio));
  if (msg.video) out.push(withName('video', msg.video));
  if (msg.video_note) out.push({ kind: 'video', ref: msg.video_note.file_id, ...sizeOf(msg.video_note) });
  if (msg.sticker) out.push({ kind: 'sticker', ref: msg.sticker.file_id });
  if (msg.location) out.push({ kind: 'location', ref: `${msg.location.latitude},${msg.location.longitude}` });
  return out;
}

function withName(kind: Attachment['kind'], f: TgFile): Attachment {
  const name = f.file_name ?? f.title;
  return { kind, ref: f.file_id, ...(name ? { name } : {}), ...sizeOf(f) };
}

/** What the message tells of a file before it is downloaded: its size (checked against the cap), its type. */
function sizeOf(f: TgFile): { size?: number; mime?: string } {
  return {
    ...(typeof f.file_size === 'number' ? { size: f.file_size } : {}),
    ...(typeof f.mime_type === 'string' ? { mime: f.mime_type } : {}),
  };
}
