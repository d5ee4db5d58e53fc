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

/** Something other than text the person sent; kept as a reference, never downloaded by the core. */
export interface Attachment {
  kind: AttachmentKind;
  /** Platform reference (file id, media key, or "lat,long" for a location). */
  ref: string;
  name?: string;
}

/**
 * The most of each kind of field a message keeps; longer is cut at accept (src/pipeline/clean-input.ts),
 * the same for every platform. Text: 4,000 characters, a full typed page and what a Telegram message can
 * hold (4,096), so a report is cut only when pasted from somewhere; the team group then still gets it in
 * one post. Names: 100 (a display name, a file name). Ids: 256; a longer one is replaced by a hash so it
 * stays unique. Attachments: 10 per message.
 */
export const INBOUND_LIMITS = { text: 4_000, name: 100, id: 256, attachments: 10 } as const;

export interface InboundMessage {
  chat: ChatRef;
  /** Platform message id: the idempotency key. */
  externalId: string;
  from: { externalId: string; displayName?: string };
  text: string;
  /** The id of a tapped button / chosen item, when the platform has them. */
  choice?: string;
  attachments?: Attachment[];
  replyToExternalId?: string;
  isGroup: boolean;
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

export interface Channel {
  readonly name: ChannelName;
  start(onMessage: (m: InboundMessage) => Promise<void>): Promise<void>;
  send(to: ChatRef, m: OutboundMessage): Promise<{ externalId: string }>;
  stop(): Promise<void>;
}

/** A send failure; `retryable` says whether trying again can help. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChannelError';
  }
}
