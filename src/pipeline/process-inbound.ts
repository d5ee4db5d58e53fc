/**
 * The inbound worker's job: one conversation step per accepted message, in one database transaction
 * (conversation state, tickets, audit events and the outbox rows of the replies), then the replies are
 * queued for sending. A message is processed at most once: its row is claimed inside the transaction.
 */

import type { ServiceDirectory } from '../catalogue/directory.ts';
import type { Attachment } from '../channel.ts';
import { isStaffCommand, parseCommand } from '../commands/parse.ts';
import { runCommand } from '../commands/run.ts';
import { runEffects } from '../conversation/effects.ts';
import { flowExpires, step } from '../conversation/engine.ts';
import {
  type ConversationEvent,
  type ConversationState,
  INITIAL_STATE,
  type StepContext,
} from '../conversation/types.ts';
import type { Db } from '../db/client.ts';
import type { ChannelName } from '../domain.ts';
import { staffText } from '../escalation/messages.ts';
import { type AfterCommit, emptyAfterCommit, writeOutbox } from '../escalation/outbox.ts';
import type { FaqMatcher } from '../faq/matcher.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Logger } from '../logger.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import type { Tx } from '../tickets/store.ts';
import { runAfterCommit } from './after-commit.ts';
import type { Queues } from './queues.ts';

export const CONSULTATION_SERVICE = 'konsultasi';

export interface ConversationDeps {
  db: Db;
  queues: Queues;
  calendar: BusinessCalendar;
  faq: FaqMatcher;
  services: ServiceDirectory;
  /** After this long without a message, an unfinished flow ends with a message. */
  inactivityMs: number;
  /** Working days the reporter has to confirm a resolution. */
  confirmationDays: number;
  /** Warnings to one chat within this window go out as one message. */
  noticeWindowMs: number;
  /** "channel:userId" of the helpdesk admins. */
  admins: ReadonlySet<string>;
  log: Logger;
  now?: () => Date;
}

/** Processes the message and, first, any earlier unprocessed messages of the same chat (order). */
export async function processInbound(
  deps: ConversationDeps,
  job: { inboundId: number; channel: ChannelName; chatId: string },
): Promise<void> {
  const backlog = await deps.db.inboundMessage.findMany({
    where: { channel: job.channel, chatId: job.chatId, processedAt: null, id: { lte: job.inboundId } },
    orderBy: { id: 'asc' },
  });
  for (const m of backlog) await processOne(deps, m);
}

type InboundRow = NonNullable<Awaited<ReturnType<Db['inboundMessage']['findUnique']>>>;

async function processOne(deps: ConversationDeps, m: InboundRow): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const payload = m.payload as {
    choice?: string | null;
    attachments?: Attachment[];
    replyTo?: string | null;
    /** Fields cut at accept (clean-input.ts). */
    cut?: string[];
  };
  const truncated = payload.cut?.includes('text') ?? false;
  const after = emptyAfterCommit(m.id);
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.inboundMessage.updateMany({
      where: { id: m.id, processedAt: null },
      data: { processedAt: now },
    });
    if (count === 0) return; // another worker got here first
    const contactId = await resolveContact(tx, m.channel, m.fromId, m.fromName);
    const command = parseCommand(m.text);
    if (command && (m.isGroup || isStaffCommand(command.name))) {
      const replies = await runCommand(
        tx,
        deps,
        {
          channel: m.channel,
          chatId: m.chatId,
          isGroup: m.isGroup,
          fromId: m.fromId,
          contactId,
          replyTo: payload.replyTo ?? null,
        },
        command,
        now,
        after,
      );
      if (truncated) replies.push(staffText.tooLong);
      await writeOutbox(
        tx,
        replies.map((text) => ({ channel: m.channel, chatId: m.chatId, isGroup: m.isGroup, text })),
        after,
      );
      return;
    }
    // Staff group chats are for commands; the bot does not converse there.
    if (m.isGroup) return;
    const event: ConversationEvent = {
      type: 'message',
      text: m.text,
      attachments: payload.attachments ?? [],
      ...(payload.choice ? { choice: payload.choice } : {}),
      ...(truncated ? { truncated } : {}),
    };
    await runConversationStep(
      tx,
      deps,
      { channel: m.channel, chatId: m.chatId, contactId },
      event,
      now,
      after,
    );
  });
  await runAfterCommit(deps, after);
}

/** Finds or creates the contact behind a platform identity. */
export async function resolveContact(
  tx: Tx,
  channel: ChannelName,
  externalId: string,
  displayName: string | null,
): Promise<number> {
  const identity = await tx.contactIdentity.findUnique({
    where: { channel_externalId: { channel, externalId } },
  });
  if (identity) {
    if (displayName && identity.displayName !== displayName)
      await tx.contactIdentity.update({ where: { id: identity.id }, data: { displayName } });
    return identity.contactId;
  }
  const contact = await tx.contact.create({
    data: { name: displayName, identities: { create: { channel, externalId, displayName } } },
  });
  return contact.id;
}

/**
 * Runs one step of a chat's conversation inside `tx`: loads and locks the state, steps, carries out the
 * effects and writes the replies to the outbox. Also used for events that do not come from a message
 * (a question from staff, a resolved ticket, inactivity).
 */
export async function runConversationStep(
  tx: Tx,
  deps: ConversationDeps,
  chat: { channel: ChannelName; chatId: string; contactId: number },
  event: ConversationEvent,
  now: Date,
  after: AfterCommit,
): Promise<void> {
  // Creates or locks the chat's row in one statement: ON CONFLICT DO UPDATE holds the row lock to commit.
  const [conv] = await tx.$queryRaw<{ id: number; state: unknown }[]>`
    INSERT INTO "Conversation" ("channel", "chatId", "contactId", "updatedAt")
    VALUES (${chat.channel}::"ChannelName", ${chat.chatId}, ${chat.contactId}, now())
    ON CONFLICT ("channel", "chatId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt"
    RETURNING "id", "state"`;
  if (!conv) throw new Error('conversation upsert returned no row');
  const state = { ...INITIAL_STATE, ...(conv.state as Partial<ConversationState>) } as ConversationState;
  const ctx = await buildStepContext(tx, deps, chat.contactId, now);
  const result = step(state, event, ctx);
  const outcome = await runEffects(result.effects, {
    tx,
    after,
    now,
    calendar: deps.calendar,
    origin: chat,
    servicesByCode: deps.services.byCode,
    consultationServiceCode: CONSULTATION_SERVICE,
  });
  const next: ConversationState = outcome.aborted
    ? { ...result.state, flow: { name: 'idle' } }
    : result.state;
  const isMessage = event.type === 'message';
  await tx.conversation.update({
    where: { id: conv.id },
    data: {
      state: next as unknown as Prisma.InputJsonValue,
      contactId: chat.contactId,
      ...(isMessage ? { lastActivityAt: now } : {}),
    },
    select: { id: true },
  });
  await writeOutbox(
    tx,
    outcome.replies.map((r) => ({ channel: chat.channel, chatId: chat.chatId, ...r })),
    after,
  );
  if (isMessage && flowExpires(next))
    after.activity.set(`${chat.channel}:${chat.chatId}`, { ...chat, at: now });
}

/** A ticket event (a question, a resolution, a rating request) in its reporter's own conversation. */
export function tellReporter(
  tx: Tx,
  deps: ConversationDeps,
  ticket: { channel: ChannelName; chatId: string; reporterId: number },
  event: ConversationEvent,
  now: Date,
  after: AfterCommit,
): Promise<void> {
  return runConversationStep(
    tx,
    deps,
    { channel: ticket.channel, chatId: ticket.chatId, contactId: ticket.reporterId },
    event,
    now,
    after,
  );
}

async function buildStepContext(
  tx: Tx,
  deps: ConversationDeps,
  contactId: number,
  now: Date,
): Promise<StepContext> {
  const [own, openIncidents] = await Promise.all([
    tx.ticket.findMany({
      where: {
        status: { in: [...OPEN_STATUSES, 'RESOLVED'] },
        OR: [{ reporterId: contactId }, { followers: { some: { contactId } } }],
      },
      select: { code: true, status: true, serviceId: true },
      orderBy: { id: 'desc' },
      take: 10,
    }),
    tx.ticket.findMany({
      where: { kind: 'INCIDENT', status: { in: OPEN_STATUSES } },
      select: { code: true, serviceId: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  const { byId } = deps.services;
  const openIncidentByService = new Map<string, string>();
  for (const t of openIncidents) {
    const code = byId.get(t.serviceId)?.code;
    if (code && !openIncidentByService.has(code)) openIncidentByService.set(code, t.code);
  }
  return {
    now,
    services: deps.services.options,
    rankServices: deps.services.rank,
    faq: (text) => deps.faq.match(text),
    calendar: deps.calendar,
    ownOpenTickets: own.map((t) => ({
      code: t.code,
      status: t.status,
      serviceName: byId.get(t.serviceId)?.name ?? '',
    })),
    openIncidentByService,
  };
}

/** The inactivity timer fired: end the flow if nothing was said since. */
export async function expireConversation(
  deps: ConversationDeps,
  job: { channel: ChannelName; chatId: string; activityAt: string },
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const after = emptyAfterCommit();
  await deps.db.$transaction(async (tx) => {
    // Lock first: a message being processed right now must not be answered with "session ended".
    await tx.$queryRaw`SELECT id FROM "Conversation" WHERE "channel" = ${job.channel}::"ChannelName" AND "chatId" = ${job.chatId} FOR UPDATE`;
    const conv = await tx.conversation.findUnique({
      where: { channel_chatId: { channel: job.channel, chatId: job.chatId } },
    });
    if (!conv?.contactId || !conv.lastActivityAt) return;
    if (conv.lastActivityAt.getTime() > new Date(job.activityAt).getTime()) return;
    if (now.getTime() - conv.lastActivityAt.getTime() < deps.inactivityMs - 1000) return;
    await runConversationStep(
      tx,
      deps,
      { channel: job.channel, chatId: job.chatId, contactId: conv.contactId },
      { type: 'inactivity_timeout' },
      now,
      after,
    );
  });
  await runAfterCommit(deps, after);
}
