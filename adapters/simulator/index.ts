/**
 * The simulator channel: a real Channel whose "platform" is a chat log in the helpdesk's database, with
 * an HTTP API and a page (/simulator) where a person chats as a citizen or as staff in a group chat.
 * Used for demos, local trials and the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Attachment, Channel, ChatRef, InboundMessage, OutboundMessage } from '../../src/channel.ts';
import type { Db } from '../../src/db/client.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { protectSimulator } from './access.ts';

const CHAT_ID = z
  .string({ error: 'chatId wajib diisi (teks)' })
  .trim()
  .min(1, 'chatId wajib diisi')
  .max(64, 'chatId paling panjang 64 karakter')
  .regex(/^[^\s/\\?#\p{Cc}]+$/u, 'chatId tidak boleh berisi spasi atau / \\ ? #');

const POST_BODY = z.object({
  chatId: CHAT_ID,
  text: z
    .string({ error: 'text wajib diisi (teks, boleh kosong)' })
    .max(20_000, 'text paling panjang 20.000 karakter'),
  from: CHAT_ID.optional(),
  name: z.string().max(100).optional(),
  group: z.boolean().optional(),
  messageId: z.string().min(1).max(128).optional(),
  choice: z.string().max(128).optional(),
  /** The id (from GET …/messages) of the bot message this one replies to. */
  replyTo: z.number().int().positive().optional(),
  attachments: z
    .array(
      z.object({
        kind: z.enum(['image', 'audio', 'video', 'document', 'sticker', 'location']),
        ref: z.string().min(1).max(500),
        name: z.string().max(200).optional(),
      }),
    )
    .max(10)
    .optional(),
});

export interface SimulatorChannel extends Channel {
  /** Adds the simulator's HTTP API and page to the helpdesk's server. */
  registerRoutes(app: FastifyInstance): void;
}

const PAGE = new URL('./page.html', import.meta.url);

export function createSimulatorChannel(opts: {
  db: Db;
  /** SIMULATOR_TOKEN: when set, every simulator route requires it. */
  token?: string | undefined;
}): SimulatorChannel {
  const { db } = opts;
  let onMessage: ((m: InboundMessage) => Promise<void>) | undefined;

  return {
    name: 'simulator',
    async start(handler) {
      onMessage = handler;
    },
    async stop() {
      onMessage = undefined;
    },
    async send(to: ChatRef, m: OutboundMessage) {
      const externalId = m.key ?? `bot-${randomUUID()}`;
      // The key makes a retried send (after a crash between sending and recording it) show once.
      const [created] = await db.simulatorMessage.createManyAndReturn({
        data: [
          {
            chatId: to.chatId,
            isGroup: to.isGroup ?? false,
            direction: 'out',
            externalId,
            text: m.text,
            choices: (m.choices ?? undefined) as Prisma.InputJsonValue | undefined,
          },
        ],
        skipDuplicates: true,
        select: { id: true },
      });
      const row =
        created ??
        (await db.simulatorMessage.findUniqueOrThrow({ where: { externalId }, select: { id: true } }));
      return { externalId: `sim-${row.id}` };
    },
    registerRoutes(app) {
      protectSimulator(app, opts.token);
      app.post('/api/simulator/messages', async (req, reply) => {
        const parsed = POST_BODY.safeParse(req.body);
        if (!parsed.success)
          return reply.code(400).send({ error: parsed.error.issues.map((i) => i.message).join('; ') });
        if (!onMessage) return reply.code(503).send({ error: 'Simulator belum siap; coba lagi sebentar.' });
        const b = parsed.data;
        const messageId = b.messageId ?? randomUUID();
        const from = b.from ?? b.chatId;
        try {
          await db.simulatorMessage.create({
            data: {
              chatId: b.chatId,
              isGroup: b.group ?? false,
              direction: 'in',
              externalId: `in-${messageId}`,
              fromId: from,
              fromName: b.name ?? null,
              text: b.text,
            },
          });
        } catch (e) {
          // The same messageId again: it is one message, already in the log.
          if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')) throw e;
        }
        await onMessage({
          chat: { channel: 'simulator', chatId: b.chatId },
          externalId: messageId,
          from: { externalId: from, ...(b.name ? { displayName: b.name } : {}) },
          text: b.text,
          ...(b.choice ? { choice: b.choice } : {}),
          ...(b.replyTo ? { replyToExternalId: `sim-${b.replyTo}` } : {}),
          ...(b.attachments ? { attachments: b.attachments as Attachment[] } : {}),
          isGroup: b.group ?? false,
          receivedAt: new Date(),
        });
        return reply.code(202).send({ id: messageId });
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
