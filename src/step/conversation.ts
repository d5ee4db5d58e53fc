/**
 * One step of a chat's conversation inside a transaction: lock the chat's state, step the pure engine,
 * carry out its effects, then save the state and write the replies to the outbox in one statement. Used for messages, staff commands that reach
 * a reporter, SLA timers and inactivity alike.
 */

import { flowExpires, step } from '../conversation/engine.ts';
import type { ConversationEvent, ConversationState, StepResult } from '../conversation/types.ts';
import { sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import {
  type Draft,
  noteSends,
  outboxDrafts,
  outboxInsert,
  outboxRows,
  type Written,
} from '../outbox/write.ts';
import { type OnBehalf, onBehalfNote } from '../tickets/reporting-method.ts';
import type { ContactProfile } from '../tickets/starting-record.ts';
import type { Origin, Tx } from '../tickets/store.ts';
import type { AfterCommit } from './after-commit.ts';
import { loadStep } from './context.ts';
import { CONSULTATION_SERVICE, type ConversationDeps } from './deps.ts';
import { type EffectEnv, type Reply, runEffects } from './effects.ts';

/**
 * Runs one step of a chat's conversation inside `tx`: loads and locks the state, steps, carries out the
 * effects and writes the replies to the outbox. Also used for events that do not come from a message
 * (a question from staff, a resolved ticket, inactivity).
 */
export async function runConversationStep(
  tx: Tx,
  deps: ConversationDeps,
  chat: { channel: ChannelName; chatId: string; threadId?: string; contactId: number },
  event: ConversationEvent,
  now: Date,
  after: AfterCommit,
  /** A line added to every reply: whom they are for, when an officer reads them on someone's behalf. */
  note?: string | null,
): Promise<void> {
  const { conversationId, state, ctx, profile } = await loadStep(tx, deps, chat, now);
  const stepped: SteppedConversation = {
    conversationId,
    state,
    profile,
    result: step(state, event, ctx),
    isMessage: event.type === 'message',
  };
  await carryOutStep(tx, deps, chat, stepped, now, after, note);
}

/** A conversation the engine has stepped: what the rest of the step carries out. */
export interface SteppedConversation {
  conversationId: number;
  /** The state the engine stepped from. */
  state: ConversationState;
  /** The person's profile as the step read it. */
  profile: ContactProfile | null;
  result: StepResult;
  /** The step is a message's (the chat's activity time moves on). */
  isMessage: boolean;
}

/**
 * The rest of a step once the engine has stepped the conversation (locked in `tx`): carries out the
 * effects, then saves the state and writes the replies in one statement.
 */
export async function carryOutStep(
  tx: Tx,
  deps: ConversationDeps,
  chat: { channel: ChannelName; chatId: string; threadId?: string; contactId: number },
  stepped: SteppedConversation,
  now: Date,
  after: AfterCommit,
  note?: string | null,
): Promise<void> {
  const { conversationId, state, result, isMessage } = stepped;
  const outcome = await runEffects(result.effects, {
    ...effectEnv(deps, tx, chat, now, after),
    profile: stepped.profile,
  });
  const next: ConversationState = outcome.aborted
    ? { ...result.state, flow: { name: 'idle' } }
    : result.state;
  // Replies about a ticket an officer recorded for someone (a rating request after the officer's
  // confirmation, say) say whom they are for, as the progress does.
  note ??= await onBehalfNoteOf(tx, flowCode(next) ?? flowCode(state));
  const written = await sqlOf(tx).rows<Written>(SAVE_STEP, [
    conversationId,
    JSON.stringify(next),
    chat.contactId,
    isMessage ? now : null,
    now,
    outboxRows(replyDrafts(chat, outcome.replies, note)),
    after.inboundId,
  ]);
  noteSends(written, after);
  if (isMessage) armInactivity(after, chat, next, now);
}

/** What a step's effects run with: `tx` (a transaction, or the database for a read-only effect). */
export function effectEnv(
  deps: ConversationDeps,
  tx: Tx,
  origin: Origin,
  now: Date,
  after: AfterCommit,
): EffectEnv {
  return {
    tx,
    after,
    now,
    calendar: deps.calendar,
    origin,
    servicesByCode: deps.services.byCode,
    consultationServiceCode: CONSULTATION_SERVICE,
    media: deps.media,
    admins: deps.admins,
  };
}

/** A step's replies as outbox drafts to its chat (and thread), each with the on-behalf note if any. */
export function replyDrafts(
  chat: { channel: ChannelName; chatId: string; threadId?: string },
  replies: readonly Reply[],
  note?: string | null,
): Draft[] {
  return replies.map((r) => ({
    channel: chat.channel,
    chatId: chat.chatId,
    ...(chat.threadId ? { threadId: chat.threadId } : {}),
    ...r,
    ...(note ? { text: `${r.text}\n${note}` } : {}),
  }));
}

/** After a message: a chat left mid-flow gets its inactivity check once the step has committed. */
export function armInactivity(
  after: AfterCommit,
  chat: { channel: ChannelName; chatId: string },
  next: ConversationState,
  now: Date,
): void {
  if (flowExpires(next))
    after.activity.set(`${chat.channel}:${chat.chatId}`, {
      channel: chat.channel,
      chatId: chat.chatId,
      at: now,
    });
}

/**
 * A ticket event (a question, a resolution, a rating request) in its reporter's own conversation; for a
 * report an officer recorded (/catat), in the officer's conversation, saying whom it is for.
 */
export async function tellReporter(
  tx: Tx,
  deps: ConversationDeps,
  ticket: { channel: ChannelName; chatId: string; reporterId: number } & OnBehalf,
  event: ConversationEvent,
  now: Date,
  after: AfterCommit,
): Promise<void> {
  const recorder = ticket.recordedById
    ? await tx.staff.findUnique({ where: { id: ticket.recordedById }, select: { contactId: true } })
    : null;
  return runConversationStep(
    tx,
    deps,
    { channel: ticket.channel, chatId: ticket.chatId, contactId: recorder?.contactId ?? ticket.reporterId },
    event,
    now,
    after,
    onBehalfNote(ticket),
  );
}

/** Saves the stepped state and writes its replies `$6` (caused by message `$7`): one statement. */
const SAVE_STEP = `
WITH saved AS (
  UPDATE "Conversation"
     SET "state" = $2::jsonb, "contactId" = $3, "lastActivityAt" = COALESCE($4::timestamp(3), "lastActivityAt"),
         "updatedAt" = $5::timestamp(3)
   WHERE "id" = $1)
${outboxInsert({ from: outboxDrafts('$6'), inboundId: '$7', orderBy: 'e.n' })}`;

/** The ticket a flow is about, if any. */
export function flowCode(state: ConversationState): string | null {
  return 'code' in state.flow && state.flow.code ? state.flow.code : null;
}

async function onBehalfNoteOf(tx: Tx, code: string | null): Promise<string | null> {
  if (!code) return null;
  const t = await tx.ticket.findFirst({
    where: { code, recordedById: { not: null } },
    select: { recordedById: true, requesterName: true, reportingMethod: true },
  });
  return t ? onBehalfNote(t) : null;
}
