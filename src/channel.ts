/**
 * The Channel port: what every chat platform adapter (adapters/*) offers the helpdesk. Adapters only
 * translate; platform words (update, event, jid, ts) stay inside adapters/<name>/.
 */
import type { ChannelName } from './domain.ts';

export interface ChatRef {
  channel: ChannelName;
  chatId: string;
  threadId?: string;
  /** Set when the helpdesk knows the chat is a group (a Pengelola Teknis group). */
  isGroup?: boolean;
}

export type AttachmentKind = 'image' | 'audio' | 'video' | 'document' | 'sticker' | 'location';

/**
 * Something other than text the person sent. Photos, documents, voice notes and videos of a reporter are
 * stored by the inbound job (src/media/, through {@link Channel.fetchAttachment}) and then referred to as
 * `media:<id>`; until then, and when storing failed or was refused, the platform's reference is kept.
 */
export interface Attachment {
  kind: AttachmentKind;
  /**
   * `media:<id>` once stored in the helpdesk's media store; otherwise the platform reference (file id,
   * message id, or "lat,long" for a location).
   */
  ref: string;
  name?: string;
  /** What the sender wrote with it ("ini fotonya"), kept with the attachment. */
  caption?: string;
  /** Size in bytes, when the platform tells it before a download (checked against MEDIA_MAX_MB). */
  size?: number;
  /** MIME type, when the platform tells it. */
  mime?: string;
  /** The platform reference a stored attachment was downloaded from. */
  source?: string;
  /** Set by the inbound job: not stored, being over MEDIA_MAX_MB (the platform reference is kept). */
  refused?: 'too_large';
}

/** A file downloaded from a platform, to be stored by the media store. */
export interface DownloadedFile {
  bytes: Buffer;
  mime: string;
  name?: string;
}

/**
 * The most of each kind of field a message keeps; longer is cut at accept (src/pipeline/clean-input.ts),
 * the same for every platform. Text: 4,000 characters, a full typed page and what a Telegram message can
 * hold (4,096), so a report is cut only when pasted from somewhere; the team group then still gets it in
 * one post. Names: 100 (a display name, a file name). Ids: 256; a longer one is replaced by a hash so it
 * stays unique. Attachments: 10 per message. Other ids of the sender: 5.
 */
export const INBOUND_LIMITS = { text: 4_000, name: 100, id: 256, attachments: 10, alsoKnownAs: 5 } as const;

export interface InboundMessage {
  chat: ChatRef;
  /** Platform message id: the idempotency key. */
  externalId: string;
  from: {
    externalId: string;
    displayName?: string;
    /**
     * Other ids of the same person on this platform, when the platform told (best effort): e.g. the
     * phone JID (…@c.us) of a WhatsApp sender who arrived under an @lid id, or the reverse.
     */
    alsoKnownAs?: string[];
  };
  text: string;
  /** The id of a tapped button / chosen item, when the platform has them. */
  choice?: string;
  attachments?: Attachment[];
  replyToExternalId?: string;
  isGroup: boolean;
  /**
   * In a group: whether the message is addressed to the bot (a command, a reply to one of its messages,
   * a mention). Group messages that are not are neither stored nor answered. Unset counts as addressed.
   */
  addressed?: boolean;
  receivedAt: Date;
}

export interface Choice {
  id: string;
  label: string;
}

export interface OutboundMessage {
  text: string;
  /** Rendered by each adapter its own way: numbered list, inline keyboard, Block Kit buttons. */
  choices?: Choice[];
  /** Stable per outbox row: an adapter that can deduplicate uses it so a retried send shows once. */
  key?: string;
}

/** What a platform allows a bot to send; the send path paces each platform by its own limits. */
export interface SendLimits {
  /** Least time between two messages to one chat. */
  perChatMs: number;
  /** Most messages to one group chat within a window (Telegram: 20 a minute). */
  perGroup?: { max: number; windowMs: number };
  /** Most messages per second in all (Telegram: about 30). */
  perSecond?: number;
}

/** How a channel is doing, for /healthz and the dashboard. */
export interface ChannelStatus {
  /** waiting_for_link: the platform needs a person to link the account (WhatsApp's QR or pairing code). */
  state: 'starting' | 'waiting_for_link' | 'connected' | 'reconnecting' | 'disconnected' | 'logged_out';
  /** When the platform last delivered something (ISO time). */
  lastEventAt?: string;
  /** The last failure, without secrets or message bodies. */
  lastError?: string;
}

/**
 * How a person links the platform's account, for a channel that must be linked by hand (WhatsApp Web):
 * the state and, while it waits, the QR code's content or the pairing code. Whoever scans the code owns
 * the number: only admins are shown it, and it is never logged.
 */
export interface ChannelLink {
  state: ChannelStatus['state'];
  /** The QR code's content, while waiting to be linked; it rotates every ~20 s. */
  qr?: string;
  /** The code to type on the phone when linking by phone number. */
  pairingCode?: string;
  /** When the state or the code last changed (ISO time). */
  updatedAt: string;
}

/** Something a platform reports that is not a message. */
export type ChannelEvent =
  /** A group got a new id (a Telegram group upgraded to a supergroup): its registration follows it. */
  | { type: 'chat_migrated'; fromChatId: string; toChatId: string }
  /** The session is gone (logged out on the phone, or refused): a person must link it again. */
  | { type: 'link_lost'; reason: 'logged_out' | 'auth_failure' };

export interface Channel {
  readonly name: ChannelName;
  /** Starts receiving; every message goes to `onMessage`, which resolves once it is stored. */
  start(
    onMessage: (m: InboundMessage) => Promise<void>,
    onEvent?: (e: ChannelEvent) => Promise<void>,
  ): Promise<void>;
  /** Sends one message; throws a ChannelError saying what kind of failure it was. */
  send(to: ChatRef, m: OutboundMessage): Promise<{ externalId: string }>;
  stop(): Promise<void>;
  status(): ChannelStatus;
  /** The link offer, for a channel linked by scanning a code (only where this process drives it). */
  link?(): ChannelLink;
  readonly limits?: SendLimits;
  /**
   * Downloads an attachment of a message this channel delivered (by its platform reference), reading
   * no more than `maxBytes`: a larger file is `{ tooLarge: true }`. Called by the inbound job, outside
   * the platform's delivery deadline; a failure throws (the attachment then keeps its platform reference).
   */
  fetchAttachment?(a: Attachment, opts: { maxBytes: number }): Promise<DownloadedFile | { tooLarge: true }>;
  /**
   * Only one process may run this channel at a time (a WhatsApp Web session is driven by one browser).
   * The app then starts it only in the process holding its owner lock (src/pipeline/owner-lock.ts, one
   * per channel and `accountId`), stops it as soon as that lock is lost, and sends its outbox from that
   * process alone; a standby process starts it when it takes the lock over. The other processes still
   * process its inbound work and queue its sends. An adapter opts in with `exclusive: true`.
   */
  readonly exclusive?: boolean;
  /**
   * Which account of the platform the channel drives (a session name, never a phone number), when one
   * deployment may run several: each account has its own owner lock. Unset: one account, "default".
   */
  readonly accountId?: string;
}

/**
 * What kind of failure a send met, so the send path can act on it: wait as long as the platform asks
 * (`rate_limited`), try again with backoff (`unreachable`, `transient`), or stop trying and tell someone
 * (`rejected`: the user blocked the bot, the chat does not exist, the bot was removed from the group).
 */
export type ChannelErrorKind = 'rate_limited' | 'unreachable' | 'rejected' | 'transient';

export class ChannelError extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    readonly kind: ChannelErrorKind,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'ChannelError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** Whether trying again can help. */
  get retryable(): boolean {
    return this.kind !== 'rejected';
  }
}
