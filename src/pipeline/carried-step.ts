/**
 * The middle way of the inbound worker, between the fast path (fast-path.ts) and the full one
 * (process-inbound.ts). A step the fast path read and stepped, but whose effects need a transaction —
 * a ticket to open, an outage to follow, a comment, a reply that needs the on-behalf note — is carried
 * out in a short one on what was read: one statement locks the conversation if it is still the version
 * read and claims the message, then the effects run and the state and replies are saved, as the full
 * way does after its own reads. The full way would read the sender's identities, lock and read the
 * conversation again and step the engine again for the same answer; here none of that is repeated.
 * The guarantees are the fast path's: the version unchanged means no other step of the chat came
 * between the read and the write, and the claim means the message is stepped once. A conversation that
 * moved on, or one another transaction holds, is left to the full way, which reads it afresh.
 */
import { inTransaction, sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import { carryOutStep, type SteppedConversation } from '../step/conversation.ts';
import type { ConversationDeps } from '../step/deps.ts';

/** Locks conversation `$1` if it is still version `$2`, then claims message `$3` at `$4`. */
const LOCK_AND_CLAIM = `
WITH conv AS (
  SELECT "id" FROM "Conversation" WHERE "id" = $1 AND xmin = $2::xid FOR UPDATE SKIP LOCKED),
claim AS (
  UPDATE "InboundMessage" SET "processedAt" = $4::timestamp(3)
   WHERE "id" = $3 AND "processedAt" IS NULL AND EXISTS (SELECT 1 FROM conv)
  RETURNING "id")
SELECT count(*)::int AS claimed FROM claim`;

export interface CarriedStep {
  /** The message stepped, and its chat (with the thread its replies go to). */
  inboundId: number;
  chat: { channel: ChannelName; chatId: string; threadId?: string; contactId: number };
  /** The conversation's row version as read. */
  version: string;
  /** What the engine made of the message on that read. */
  stepped: Omit<SteppedConversation, 'isMessage'>;
  now: Date;
}

/**
 * Carries the stepped message out in one transaction; false: the conversation moved on (or is being
 * stepped right now), nothing was written, and the message is the full way's.
 */
export async function stepCarried(deps: ConversationDeps, s: CarriedStep): Promise<boolean> {
  const after = emptyAfterCommit(s.inboundId);
  const done = await inTransaction(deps.db, async (tx) => {
    const [held] = await sqlOf(tx).rows<{ claimed: number }>(LOCK_AND_CLAIM, [
      s.stepped.conversationId,
      s.version,
      s.inboundId,
      s.now,
    ]);
    if (!held?.claimed) return false;
    await carryOutStep(tx, deps, s.chat, { ...s.stepped, isMessage: true }, s.now, after);
    return true;
  });
  if (done) await runAfterCommit(deps, after);
  return done;
}
