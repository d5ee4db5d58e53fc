/**
 * One step of a chat's conversation inside a transaction: lock the chat's state, step the pure engine,
 * carry out its effects and write the replies to the outbox. Used for messages, staff commands that reach
 * a reporter, SLA timers and inactivity alike.
 */

import { flowExpires, step } from '../conversation/engine.ts';
import {
  type ConversationEvent,
  type ConversationState,
  INITIAL_STATE,
  type StepContext,
} from '../conversation/types.ts';
import type { ChannelName } from '../domain.ts';
import { normalizeText } from '../faq/normalize.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { writeOutbox } from '../outbox/write.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { type OnBehalf, onBehalfNote } from '../tickets/reporting-method.ts';
import { answeredBy, type Tx } from '../tickets/store.ts';
import type { AfterCommit } from './after-commit.ts';
import { CONSULTATION_SERVICE, type ConversationDeps } from './deps.ts';
import { runEffects } from './effects.ts';

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
    media: deps.media,
    admins: deps.admins,
  });
  const next: ConversationState = outcome.aborted
    ? { ...result.state, flow: { name: 'idle' } }
    : result.state;
  const isMessage = event.type === 'message';
  // Replies about a ticket an officer recorded for someone (a rating request after the officer's
  // confirmation, say) say whom they are for, as the progress does.
  note ??= await onBehalfNoteOf(tx, flowCode(next) ?? flowCode(state));
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
    outcome.replies.map((r) => ({
      channel: chat.channel,
      chatId: chat.chatId,
      ...(chat.threadId ? { threadId: chat.threadId } : {}),
      ...r,
      ...(note ? { text: `${r.text}\n${note}` } : {}),
    })),
    after,
  );
  if (isMessage && flowExpires(next))
    after.activity.set(`${chat.channel}:${chat.chatId}`, { ...chat, at: now });
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

function flowCode(state: ConversationState): string | null {
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

async function buildStepContext(
  tx: Tx,
  deps: ConversationDeps,
  contactId: number,
  now: Date,
): Promise<StepContext> {
  const [own, openIncidents, contact] = await Promise.all([
    tx.ticket.findMany({
      where: {
        status: { in: [...OPEN_STATUSES, 'RESOLVED'] },
        OR: [...answeredBy(contactId), { followers: { some: { contactId } } }],
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
    tx.contact.findUnique({
      where: { id: contactId },
      select: { name: true, opd: true, nip: true, profileAskedAt: true },
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
    findService: (text, kind, answer) =>
      deps.understander.services.find(normalizeText(text), text, kind, answer),
    faq: (text) => deps.faq.match(text),
    calendar: deps.calendar,
    ownOpenTickets: own.map((t) => ({
      code: t.code,
      status: t.status,
      serviceCode: byId.get(t.serviceId)?.code ?? '',
      serviceName: byId.get(t.serviceId)?.name ?? '',
    })),
    openIncidentByService,
    understand: (text) => deps.understander.understand(text),
    vocabulary: deps.understander.vocabulary,
    draftKeepMs: deps.draftKeepMs,
    requester: contact?.profileAskedAt ? { name: contact.name, opd: contact.opd, nip: contact.nip } : null,
  };
}
