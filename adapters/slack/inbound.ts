/**
 * Slack events, slash commands and button taps → the port's InboundMessage. Pure: the caller supplies
 * the bot's identity, whether a thread's parent is one of the bot's posts, and the sender's name.
 */
import type { Attachment, AttachmentKind, InboundMessage } from '../../src/channel.ts';
import { isStaffCommand } from '../../src/commands/parse.ts';
import { choiceLabel } from './render.ts';

export interface BotIdentity {
  userId?: string | undefined;
  botId?: string | undefined;
}

/** The fields of a Slack `message` / `app_mention` event this adapter reads. */
export interface SlackMessageEvent {
  type: 'message' | 'app_mention';
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  files?: { id: string; name?: string; mimetype?: string; size?: number }[];
}

/** Subtypes that are still a person's message; every other subtype (edits, joins, bots…) is ignored. */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/** Slack marks DMs with a `D…` id; public `C…` and private `G…`/`C…` channels are staff groups. */
export function isDirectChannel(channelId: string): boolean {
  return channelId.startsWith('D');
}

/** Slack's escaped message text → the plain text the core reads. */
export function plainText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_all, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return label ? `@${label}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) return `@${(label ?? target.slice(1)).replace(/^subteam\^/, '')}`;
      if (target.startsWith('mailto:')) return label ?? target.slice(7);
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attachmentKind(mimetype: string | undefined): AttachmentKind {
  const t = mimetype ?? '';
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('audio/')) return 'audio';
  if (t.startsWith('video/')) return 'video';
  return 'document';
}

/**
 * The InboundMessage for a message event, or null when it is not a person's new message to handle (an
 * edit, a deletion, a join, a bot's post, the bot itself).
 */
export function fromMessageEvent(
  e: SlackMessageEvent,
  bot: BotIdentity,
  ctx: { parentIsBot: (channel: string, threadTs: string) => boolean; displayName?: string; now: Date },
): InboundMessage | null {
  if (e.subtype && !PERSON_SUBTYPES.has(e.subtype)) return null;
  if (e.bot_id || !e.user) return null;
  if (bot.userId && e.user === bot.userId) return null;
  const direct = e.type === 'message' ? e.channel_type === 'im' : isDirectChannel(e.channel);
  const isGroup = !direct;
  const raw = e.text ?? '';
  const mention = bot.userId ? new RegExp(`<@${bot.userId}(\\|[^>]*)?>`, 'g') : null;
  const mentioned = e.type === 'app_mention' || (mention !== null && raw.search(mention) >= 0);
  const text = plainText(mention ? raw.replace(mention, ' ') : raw)
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  const inThread = e.thread_ts !== undefined && e.thread_ts !== e.ts;
  const threadTs = inThread ? (e.thread_ts as string) : undefined;
  const replyToBot =
    threadTs !== undefined &&
    ((bot.userId !== undefined && e.parent_user_id === bot.userId) || ctx.parentIsBot(e.channel, threadTs));
  const attachments: Attachment[] = (e.files ?? []).map((f) => ({
    kind: attachmentKind(f.mimetype),
    ref: f.id,
    ...(f.name ? { name: f.name } : {}),
    ...(typeof f.size === 'number' ? { size: f.size } : {}),
    ...(f.mimetype ? { mime: f.mimetype } : {}),
  }));
  return {
    chat: { channel: 'slack', chatId: e.channel, ...(threadTs ? { threadId: threadTs } : {}) },
    externalId: e.ts,
    from: { externalId: e.user, ...(ctx.displayName ? { displayName: ctx.displayName } : {}) },
    text,
    ...(attachments.length ? { attachments } : {}),
    ...(threadTs ? { replyToExternalId: threadTs } : {}),
    isGroup,
    ...(isGroup ? { addressed: mentioned || /^[/!][a-z]/i.test(text) || replyToBot } : {}),
    receivedAt: ctx.now,
  };
}

/** The fields of a slash command request this adapter reads. */
export interface SlackCommand {
  command: string;
  text?: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  trigger_id: string;
}

/**
 * `/tiket <teks>`: `/tiket ambil GGN-…` is the staff command `/ambil GGN-…`, `/tiket status GGN-…` the
 * status question `status GGN-…`, anything else is said as typed; `/tiket` alone opens the menu (or
 * the staff help in a channel).
 */
export function commandText(text: string, direct: boolean): string {
  const t = plainText(text).trim();
  if (!t) return direct ? 'menu' : '/bantuan';
  const [first = '', ...rest] = t.split(/\s+/);
  const word = first.toLowerCase().replace(/^[/!]/, '');
  const tail = rest.join(' ');
  if (word === 'status') return `status ${tail}`.trim();
  if (
    isStaffCommand(word) ||
    ['bantuan', 'help', 'daftar-grup', 'daftar-staf', 'setujui-staf'].includes(word)
  )
    return `/${word}${tail ? ` ${tail}` : ''}`;
  return t;
}

/** The helpdesk's own slash command; any other one the app registers (e.g. `/ambil`) is that staff command. */
export const MAIN_COMMAND = '/tiket';

export function fromSlashCommand(c: SlackCommand, ctx: { displayName?: string; now: Date }): InboundMessage {
  const direct = isDirectChannel(c.channel_id) || c.channel_name === 'directmessage';
  const name = c.command.toLowerCase();
  const text =
    name === MAIN_COMMAND
      ? commandText(c.text ?? '', direct)
      : commandText(`${name.slice(1)} ${c.text ?? ''}`, direct);
  return {
    chat: { channel: 'slack', chatId: c.channel_id },
    externalId: `cmd-${c.trigger_id}`,
    from: {
      externalId: c.user_id,
      ...(ctx.displayName ? { displayName: ctx.displayName } : {}),
    },
    text,
    isGroup: !direct,
    ...(direct ? {} : { addressed: true }),
    receivedAt: ctx.now,
  };
}

/** The fields of a `block_actions` payload this adapter reads. */
export interface SlackBlockActions {
  type: 'block_actions';
  user: { id: string; name?: string };
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts: string; thread_ts?: string; text?: string; blocks?: unknown[] };
  actions: { action_id: string; value?: string; action_ts: string; text?: { text: string } }[];
}

export function fromBlockAction(
  p: SlackBlockActions,
  ctx: { displayName?: string; now: Date },
): InboundMessage | null {
  const action = p.actions[0];
  const channel = p.channel?.id ?? p.container?.channel_id;
  if (!action || !channel) return null;
  const direct = isDirectChannel(channel);
  const threadTs = p.message?.thread_ts ?? p.container?.thread_ts;
  const messageTs = p.message?.ts ?? p.container?.message_ts;
  return {
    chat: {
      channel: 'slack',
      chatId: channel,
      ...(threadTs && threadTs !== messageTs ? { threadId: threadTs } : {}),
    },
    externalId: `act-${action.action_ts}-${action.action_id}`.slice(0, 200),
    from: { externalId: p.user.id, ...(ctx.displayName ? { displayName: ctx.displayName } : {}) },
    text: choiceLabel(action.text?.text ?? action.value ?? action.action_id),
    choice: action.value ?? action.action_id,
    ...(messageTs ? { replyToExternalId: messageTs } : {}),
    isGroup: !direct,
    ...(direct ? {} : { addressed: true }),
    receivedAt: ctx.now,
  };
}
