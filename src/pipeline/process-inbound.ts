/**
 * The inbound worker's job: one conversation step per accepted message, in one database transaction
 * (conversation state, tickets, audit events and the outbox rows of the replies), then the replies are
 * queued for sending. A message is processed at most once: its row is claimed inside the transaction.
 * Most messages take the fast path instead (fast-path.ts): the same work in two statements.
 */

import { continuesListing } from '../commands/listings.ts';
import { isStaffCommand, parseCommand } from '../commands/parse.ts';
import { runCommand } from '../commands/run.ts';
import { resolveContact } from '../contacts/resolve-contact.ts';
import { inTransaction, sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import { staffText } from '../escalation/messages.ts';
import { storeInboundMedia } from '../media/inbound.ts';
import { writeOutbox } from '../outbox/write.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import { runConversationStep } from '../step/conversation.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { type NextMessage, readNext, stepFast } from './fast-path.ts';
import { type InboundRow, messageEvent, payloadOf, threadOf } from './inbound-row.ts';

/**
 * Processes the message and, first, any earlier unprocessed messages of the same chat (order): each the
 * fast way when its step only moves the conversation on and answers (fast-path.ts), else in full.
 */
export async function processInbound(
  deps: ConversationDeps,
  job: { inboundId: number; channel: ChannelName; chatId: string },
  /** The job's message as accept read it with its step's reads, when it was the chat's oldest (accept.ts). */
  first?: NextMessage,
): Promise<void> {
  let next = first ?? (await readNext(deps, job));
  for (;;) {
    if (!next) return;
    if (!(await stepFast(deps, next))) await processOne(deps, next.message);
    if (next.backlog <= 1) return;
    next = await readNext(deps, job);
  }
}

/** Marks the message processed in the step's transaction; no row: another worker got here first. */
const CLAIM = `
UPDATE "InboundMessage" SET "processedAt" = $2::timestamp(3)
 WHERE "id" = $1 AND "processedAt" IS NULL
RETURNING "id"`;

async function processOne(deps: ConversationDeps, m: InboundRow): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const payload = payloadOf(m);
  const truncated = payload.cut?.includes('text') ?? false;
  const thread = threadOf(payload);
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
    await runConversationStep(
      tx,
      deps,
      { channel: m.channel, chatId: m.chatId, ...thread, contactId },
      messageEvent(text, payload, media),
      now,
      after,
    );
  });
  await runAfterCommit(deps, after);
}
