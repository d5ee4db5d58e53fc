/**
 * An accepted message as the inbound worker reads it back, and the conversation event it becomes. Both
 * ways of processing one (process-inbound.ts, fast-path.ts) read the same row and step the same event.
 */
import type { Attachment } from '../channel.ts';
import type { ConversationEvent } from '../conversation/types.ts';
import type { ChannelName } from '../domain.ts';
import type { StoredAttachments } from '../media/inbound.ts';

export interface InboundRow {
  id: number;
  channel: ChannelName;
  chatId: string;
  fromId: string;
  fromName: string | null;
  isGroup: boolean;
  text: string;
  payload: unknown;
}

/** What accept stored beside the text (accept.ts). */
export interface InboundPayload {
  choice?: string | null;
  attachments?: Attachment[];
  replyTo?: string | null;
  /** The thread or forum topic the message was written in: the replies go there too. */
  threadId?: string | null;
  /** Fields cut at accept (clean-input.ts). */
  cut?: string[];
  /** Other ids of the sender on this channel (a WhatsApp @lid sender's phone JID). */
  alsoKnownAs?: string[];
}

export function payloadOf(m: InboundRow): InboundPayload {
  return (m.payload ?? {}) as InboundPayload;
}

/** The thread the replies go to, spread into a chat reference. */
export function threadOf(payload: InboundPayload): { threadId?: string } {
  return payload.threadId ? { threadId: payload.threadId } : {};
}

/** The conversation event of a message (its text may be a citizen's command, read as conversation). */
export function messageEvent(
  text: string,
  payload: InboundPayload,
  media: Pick<StoredAttachments, 'attachments' | 'tooLarge' | 'limitMb'>,
): ConversationEvent {
  const truncated = payload.cut?.includes('text') ?? false;
  return {
    type: 'message',
    text,
    attachments: media.attachments,
    ...(media.tooLarge ? { mediaLimitMb: media.limitMb } : {}),
    ...(payload.choice ? { choice: payload.choice } : {}),
    ...(truncated ? { truncated } : {}),
  };
}
