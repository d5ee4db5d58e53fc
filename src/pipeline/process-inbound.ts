/**
 * The inbound worker's job: one conversation step per accepted message, in one database transaction
 * (conversation state, tickets, audit events and the outbox rows of the replies), then the replies are
 * queued for sending. A message is processed at most once: its row is claimed inside the transaction.
 */

import type { Attachment } from '../channel.ts';
import { continuesListing } from '../commands/listings.ts';
import { isStaffCommand, parseCommand } from '../commands/parse.ts';
import { runCommand } from '../commands/run.ts';
import { resolveContact } from '../contacts/resolve-contact.ts';
import type { ConversationEvent } from '../conversation/types.ts';
import { inTransaction, sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import { staffText } from '../escalation/messages.ts';
import { storeInboundMedia } from '../media/inbound.ts';
import { writeOutbox } from '../outbox/write.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import { runConversationStep } from '../step/conversation.ts';
import type { ConversationDeps } from '../step/deps.ts';

/** Processes the message and, first, any earlier unprocessed messages of the same chat (order). */
export async function processInbound(
  deps: ConversationDeps,
  job: { inboundId: number; channel: ChannelName; chatId: string },
): Promise<void> {
  const backlog = await sqlOf(deps.db).rows<InboundRow>(BACKLOG, [job.channel, job.chatId, job.inboundId]);
  for (const m of backlog) await processOne(deps, m);
}

interface InboundRow {
  id: number;
  channel: ChannelName;
  chatId: string;
  fromId: string;
  fromName: string | null;
  isGroup: boolean;
  text: string;
  payload: unknown;
}

const BACKLOG = `
SELECT "id", "channel"::text AS channel, "chatId", "fromId", "fromName", "isGroup", "text", "payload"
  FROM "InboundMessage"
 WHERE "channel" = $1::"ChannelName" AND "chatId" = $2 AND "processedAt" IS NULL AND "id" <= $3
 ORDER BY "id"`;

/** Marks the message processed in the step's transaction; no row: another worker got here first. */
const CLAIM = `
UPDATE "InboundMessage" SET "processedAt" = $2::timestamp(3)
 WHERE "id" = $1 AND "processedAt" IS NULL
RETURNING "id"`;

async function processOne(deps: ConversationDeps, m: InboundRow): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const payload = m.payload as {
    choice?: string | null;
    attachments?: Attachment[];
    replyTo?: string | null;
    /** The thread or forum topic the message was written in: the replies go there too. */
    threadId?: string | null;
    /** Fields cut at accept (clean-input.ts). */
    cut?: string[];
    /** Other ids of the sender on this channel (a WhatsApp @lid sender's phone JID). */
    alsoKnownAs?: string[];
  };
  const truncated = payload.cut?.includes('text') ?? false;
  const thread = payload.threadId ? { threadId: payload.threadId } : {};
  // Outside the transaction: a download may take seconds, and holds no lock meanwhile.
  const media = await storeInboundMedia(
    { db: deps.db, log: deps.log, channels: deps.channels, maxBytes: deps.media?.maxBytes },
    m,
  );
  const after = emptyAfterCommit(m.id);
  await inTransaction(deps.db, async (tx) => {
    const claimed = await sqlOf(tx).rows(CLAIM, [m.id, now]);
    if (claimed.length === 0) return; // another worker got here first
    const contactId = await resolveContact(tx, m.channel, m.fromId, m.fromName, payload.alsoKnownAs ?? []);
    const typed = parseCommand(m.text);
    // A plain "lanjut" right after a long list is the next page of it.
    const command =
      typed ??
      (/^\s*lanjut\s*$/i.test(m.text) &&
      (await continuesListing(tx, { channel: m.channel, chatId: m.chatId, contactId }, now))
        ? { name: 'lanjut', rest: '' }
        : null);
    let text = m.text;
    if (command && (m.isGroup || isStaffCommand(command.name))) {
      const replies = await runCommand(
        tx,
        deps,
        {
          channel: m.channel,
          chatId: m.chatId,
          ...thread,
          isGroup: m.isGroup,
          fromId: m.fromId,
          contactId,
          replyTo: payload.replyTo ?? null,
        },
        command,
        now,
        after,
      );
      if (Array.isArray(replies)) {
        if (truncated) replies.push(staffText.tooLong);
        await writeOutbox(
          tx,
          replies.map((text) => ({
            channel: m.channel,
            chatId: m.chatId,
            ...thread,
            isGroup: m.isGroup,
            text,
          })),
          after,
        );
        return;
      }
      // Not a staff command for this person (a citizen's /status): the conversation reads it.
      text = replies.asConversation;
    }
    // Staff group chats are for commands; the bot does not converse there.
    if (m.isGroup) return;
    const event: ConversationEvent = {
      type: 'message',
      text,
      attachments: media.attachments,
      ...(media.tooLarge ? { mediaLimitMb: media.limitMb } : {}),
      ...(payload.choice ? { choice: payload.choice } : {}),
      ...(truncated ? { truncated } : {}),
    };
    await runConversationStep(
      tx,
      deps,
      { channel: m.channel, chatId: m.chatId, ...thread, contactId },
      event,
      now,
      after,
    );
  });
  await runAfterCommit(deps, after);
}
