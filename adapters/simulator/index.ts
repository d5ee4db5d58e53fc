/**
 * The simulator channel: a real Channel whose "platform" is a chat log in the helpdesk's database, with
 * an HTTP API and a page (/simulator) where a person chats as a citizen or as staff in a group chat.
 * Used for demos, local trials and the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type Attachment,
  type Channel,
  ChannelError,
  type ChannelErrorKind,
  type ChannelEvent,
  type ChannelStatus,
  type ChatRef,
  type InboundMessage,
  type OutboundMessage,
} from '../../src/channel.ts';
import { splitText } from '../../src/channel-text.ts';
import { batched, idsByKey, records } from '../../src/db/batch.ts';
import type { Db } from '../../src/db/client.ts';
import { sqlOf } from '../../src/db/sql.ts';
import { cleanInbound } from '../../src/pipeline/clean-input.ts';
import { protectSimulator } from './access.ts';

const CHAT_ID = z
  .string({ error: 'chatId wajib diisi (teks)' })
  .trim()
  .min(1, 'chatId wajib diisi')
  .max(64, 'chatId paling panjang 64 karakter')
  .regex(/^[^\s/\\?#\p{Cc}]+$/u, 'chatId tidak boleh berisi spasi atau / \\ ? #');

// Over-long text, names and ids are cut by clean-input.ts as on every channel, not refused; the body
// limit keeps a request to what a chat message can be (the largest platform message, with room).
const BODY_LIMIT_BYTES = 256 * 1024;

const POST_BODY = z.object({
  chatId: CHAT_ID,
  text: z.string({ error: 'text wajib diisi (teks, boleh kosong)' }),
  from: CHAT_ID.optional(),
  name: z.string().optional(),
  group: z.boolean().optional(),
  /** A thread (Slack) or forum topic (Telegram) inside the chat: the replies go into it. */
  thread: z.string().min(1).optional(),
  messageId: z.string().min(1).optional(),
  choice: z.string().optional(),
  /** The id (from GET …/messages) of the bot message this one replies to. */
  replyTo: z.number().int().positive().optional(),
  attachments: z
    .array(
      z.object({
        kind: z.enum(['image', 'audio', 'video', 'document', 'sticker', 'location']),
        ref: z.string().min(1),
        name: z.string().optional(),
      }),
    )
    .optional(),
});

/** Like Telegram's: a longer text is shown as several messages. */
const SIMULATOR_MAX_TEXT = 4_096;

const TROUBLE_BODY = z.object({
  kind: z.enum(['rate_limited', 'unreachable', 'rejected', 'transient']),
  count: z.number().int().min(0).max(100),
  retryAfterMs: z.number().int().min(0).max(600_000).optional(),
});

export interface SimulatorChannel extends Channel {
  /** Adds the simulator's HTTP API and page to the helpdesk's server. */
  registerRoutes(app: FastifyInstance): void;
}

const PAGE = new URL('./page.html', import.meta.url);

// Every message in and every reply out is logged here: plain SQL on the driver (src/db/sql.ts), the
// entries of the same moment in one statement (src/db/batch.ts). The external id makes a repeated
// delivery or a retried send show once.
const STORE = `
INSERT INTO "SimulatorMessage" ("chatId", "isGroup", "direction", "externalId", "fromId", "fromName", "text",
                                "choices", "at")
SELECT r."chatId", r."isGroup", r."direction", r."externalId", r."fromId", r."fromName", r."text",
       r."choices", now() AT TIME ZONE 'UTC'
  FROM jsonb_to_recordset($1::jsonb) AS r("chatId" text, "isGroup" boolean, "direction" text,
       "externalId" text, "fromId" text, "fromName" text, "text" text, "choices" jsonb, n int)
 ORDER BY r.n
ON CONFLICT ("externalId") DO NOTHING
RETURNING "id", "externalId"`;

const FIND = `SELECT "id" FROM "SimulatorMessage" WHERE "externalId" = $1`;

interface LogEntry {
  chatId: string;
  isGroup: boolean;
  direction: 'in' | 'out';
  externalId: string;
  fromId: string | null;
  fromName: string | null;
  text: string;
  choices: unknown;
}

/** Logs the entry; its id, or null when an entry with its external id is logged already. */
const store = batched<LogEntry, number | null>(async (db, entries) =>
  idsByKey(
    entries,
    await sqlOf(db).rows<{ id: number; externalId: string }>(STORE, [records(entries)]),
    (e) => e.externalId,
  ),
);

export function createSimulatorChannel(opts: {
  db: Db;
  /** SIMULATOR_TOKEN: when set, every simulator route requires it. */
  token?: string | undefined;
  /**
   * SIMULATOR_EXCLUSIVE (a test and demo aid): behave as a channel only one process may drive, like a
   * WhatsApp number: only the owner process starts it (the others answer 503 to its API) and sends.
   */
  exclusive?: boolean;
}): SimulatorChannel {
  const { db } = opts;
  let onMessage: ((m: InboundMessage) => Promise<void>) | undefined;
  let onEvent: ((e: ChannelEvent) => Promise<void>) | undefined;
  // Platform trouble a demo or test switched on for a chat: its next sends fail with that kind.
  const trouble = new Map<string, { kind: ChannelErrorKind; count: number; retryAfterMs?: number }>();
  /** Sends asked for per chat, failed ones included (what a platform's own log would show). */
  const attempts = new Map<string, number>();
  let lastEventAt: string | undefined;

  return {
    name: 'simulator',
    ...(opts.exclusive ? { exclusive: true } : {}),
    async start(handler, events) {
      onMessage = handler;
      onEvent = events;
    },
    async stop() {
      onMessage = undefined;
      onEvent = undefined;
    },
    status: (): ChannelStatus => ({
      state: onMessage ? 'connected' : 'disconnected',
      ...(lastEventAt ? { lastEventAt } : {}),
    }),
    async send(to: ChatRef, m: OutboundMessage) {
      attempts.set(to.chatId, (attempts.get(to.chatId) ?? 0) + 1);
      const t = trouble.get(to.chatId);
      if (t && t.count > 0) {
        t.count--;
        throw new ChannelError(`simulated ${t.kind}`, t.kind, {
          ...(t.retryAfterMs !== undefined ? { retryAfterMs: t.retryAfterMs } : {}),
        });
      }
      const key = m.key ?? `bot-${randomUUID()}`;
      // Shown as a chat app would: over its limit, in several messages, the choices with the last.
      const parts = splitText(m.text, SIMULATOR_MAX_TEXT);
      let lastId = 0;
      for (const [i, text] of parts.entries()) {
        const externalId = parts.length === 1 ? key : `${key}-${i + 1}`;
        const isLast = i === parts.length - 1;
        // The key makes a retried send (after a crash between sending and recording it) show once.
        const created = await store(db, {
          chatId: to.chatId,
          isGroup: to.isGroup ?? false,
          direction: 'out',
          externalId,
          fromId: null,
          fromName: null,
          text,
          choices: isLast && m.choices ? m.choices : null,
        });
        lastId = created ?? (await sqlOf(db).rows<{ id: number }>(FIND, [externalId]))[0]?.id ?? 0;
      }
      return { externalId: `sim-${lastId}` };
    },
    registerRoutes(app) {
      protectSimulator(app, opts.token);
      app.post('/api/simulator/messages', { bodyLimit: BODY_LIMIT_BYTES }, async (req, reply) => {
        const parsed = POST_BODY.safeParse(req.body);
        if (!parsed.success)
          return reply.code(400).send({ error: parsed.error.issues.map((i) => i.message).join('; ') });
        if (!onMessage) return reply.code(503).send({ error: 'Simulator belum siap; coba lagi sebentar.' });
        const b = parsed.data;
        lastEventAt = new Date().toISOString();
        const from = b.from ?? b.chatId;
        const message: InboundMessage = {
          chat: { channel: 'simulator', chatId: b.chatId, ...(b.thread ? { threadId: b.thread } : {}) },
          externalId: b.messageId ?? randomUUID(),
          from: { externalId: from, ...(b.name ? { displayName: b.name } : {}) },
          text: b.text,
          ...(b.choice ? { choice: b.choice } : {}),
          ...(b.replyTo ? { replyToExternalId: `sim-${b.replyTo}` } : {}),
          ...(b.attachments ? { attachments: b.attachments as Attachment[] } : {}),
          isGroup: b.group ?? false,
          receivedAt: new Date(),
        };
        // The log shows what the helpdesk stores; accept cleans the message again, the same way, and
        // so still knows what was cut.
        const { message: clean } = cleanInbound(message);
        // Message ids are unique per chat, as on the real platforms; the same messageId again is one
        // message, already in the log.
        await store(db, {
          chatId: clean.chat.chatId,
          isGroup: clean.isGroup,
          direction: 'in',
          externalId: `in-${clean.chat.chatId}-${clean.externalId}`,
          fromId: clean.from.externalId,
          fromName: clean.from.displayName ?? null,
          text: clean.text,
          choices: null,
        });
        await onMessage(message);
        return reply.code(202).send({ id: clean.externalId });
      });

      app.get<{ Params: { chatId: string } }>('/api/simulator/chats/:chatId/messages', async (req, reply) => {
        const chatId = CHAT_ID.safeParse(req.params.chatId);
        if (!chatId.success) return reply.code(400).send({ error: chatId.error.issues[0]?.message });
        const rows = await db.simulatorMessage.findMany({
          where: { chatId: chatId.data },
          orderBy: { id: 'asc' },
        });
        return rows.map((r) => ({
          id: r.id,
          direction: r.direction,
          text: r.text,
          ...(r.choices ? { choices: r.choices } : {}),
          at: r.at.toISOString(),
          ...(r.direction === 'in' ? { from: r.fromId, name: r.fromName } : {}),
        }));
      });

      // What a real platform does to a bot now and then, for demos and tests: fail the chat's next sends
      // with an error kind, or move a group to a new id (a Telegram group upgraded to a supergroup).
      app.post<{ Params: { chatId: string } }>('/api/simulator/chats/:chatId/trouble', async (req, reply) => {
        const chatId = CHAT_ID.safeParse(req.params.chatId);
        const body = TROUBLE_BODY.safeParse(req.body);
        if (!chatId.success || !body.success)
          return reply
            .code(400)
            .send({ error: 'Tulis {"kind": "rate_limited|unreachable|rejected|transient", "count": n}.' });
        const { kind, count, retryAfterMs } = body.data;
        trouble.set(chatId.data, { kind, count, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
        return reply.code(204).send();
      });
      app.get<{ Params: { chatId: string } }>('/api/simulator/chats/:chatId/trouble', async (req) => ({
        ...(trouble.get(req.params.chatId) ?? { count: 0 }),
        attempts: attempts.get(req.params.chatId) ?? 0,
      }));
      app.post<{ Params: { chatId: string } }>('/api/simulator/chats/:chatId/migrate', async (req, reply) => {
        const from = CHAT_ID.safeParse(req.params.chatId);
        const to = CHAT_ID.safeParse((req.body as { toChatId?: unknown } | undefined)?.toChatId);
        if (!from.success || !to.success) return reply.code(400).send({ error: 'Tulis {"toChatId": "…"}.' });
        if (!onEvent) return reply.code(503).send({ error: 'Simulator belum siap; coba lagi sebentar.' });
        await onEvent({ type: 'chat_migrated', fromChatId: from.data, toChatId: to.data });
        return reply.code(204).send();
      });

      app.get('/api/simulator/chats', async () => {
        const rows = await db.simulatorMessage.groupBy({ by: ['chatId'], _max: { at: true } });
        const groups = new Set(
          (
            await db.simulatorMessage.findMany({
              where: { isGroup: true },
              distinct: ['chatId'],
              select: { chatId: true },
            })
          ).map((r) => r.chatId),
        );
        return rows
          .map((r) => ({
            chatId: r.chatId,
            group: groups.has(r.chatId),
            lastAt: r._max.at?.toISOString() ?? null,
          }))
          .sort((a, b) => (b.lastAt ?? '').localeCompare(a.lastAt ?? ''));
      });

      app.get('/simulator', async (_req, reply) =>
        reply.type('text/html; charset=utf-8').send(readFileSync(PAGE)),
      );
    },
  };
}
