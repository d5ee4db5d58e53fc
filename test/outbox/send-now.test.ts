import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Channel, ChatRef, OutboundMessage } from '../../src/channel.ts';
import { withChatLock } from '../../src/outbox/chat-lock.ts';
import { enqueueOutbound, sendPending } from '../../src/outbox/send.ts';
import { silentLog } from '../support/app.ts';
import { testRedisUrl } from '../support/env.ts';
import { useHelpdesk } from '../support/helpdesk.ts';
import { until } from '../support/until.ts';

const h = useHelpdesk();

describe('replies sent by the process that stepped them', () => {
  it('answers a person while the outbound queue stands still; queued sends wait for it', async () => {
    const lanes = h.app.queues.outbound.get('simulator') ?? [];
    await Promise.all(lanes.map((q) => q.pause()));
    try {
      const replies = await h.say('6282100000001', 'jam layanan helpdesk');
      expect(replies.map((r) => r.text).join('\n')).toMatch(/jam|layanan/i);

      // A send that was queued (here by hand, as a staff command in another chat's step would when
      // this process does not send it) waits for the queue: the queue really stood still.
      const row = await h.db.prisma.outboundMessage.create({
        data: { channel: 'simulator', chatId: '6282100000002', text: 'lewat antrean' },
      });
      await enqueueOutbound(h.app.queues, 'simulator', row.chatId, row.id);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await h.db.prisma.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(
        'PENDING',
      );
      await Promise.all(lanes.map((q) => q.resume()));
      await until('the queued reply sent', async () => {
        const r = await h.db.prisma.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
        return r.status === 'SENT';
      });
    } finally {
      await Promise.all(lanes.map((q) => q.resume()));
    }
  });
});

describe('the chat send lock (real Redis and PostgreSQL)', () => {
  const prefix = `t${randomUUID().slice(0, 8)}`;
  // Two processes' connections: an outbound job in one, a step's send after its commit in another.
  const clients = [new Redis(testRedisUrl()), new Redis(testRedisUrl())];
  afterAll(async () => {
    const keys = await clients[0]?.keys(`${prefix}:*`);
    if (keys?.length) await clients[0]?.del(...keys);
    for (const c of clients) c.disconnect();
  });

  it('sends every reply of a chat once and in order while two senders meet on it, leaving none behind', async () => {
    const chatId = '6282100000003';
    const got: string[] = [];
    // A platform that takes a little while per message, so the senders overlap.
    const platform: Channel = {
      name: 'simulator',
      start: async () => {},
      stop: async () => {},
      status: () => ({ state: 'connected' }),
      send: async (_to: ChatRef, m: OutboundMessage) => {
        await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
        got.push(m.text);
        return { externalId: String(got.length) };
      },
    };
    const deps = { db: h.db.prisma, channels: new Map([['simulator' as const, platform]]), log: silentLog };
    const chat = { channel: 'simulator' as const, chatId };
    const texts = Array.from({ length: 40 }, (_, i) => `balasan ${i + 1}`);
    const sends: Promise<boolean>[] = [];
    for (const text of texts) {
      await h.db.prisma.outboundMessage.create({ data: { ...chat, text } });
      // Each new row wakes a sender in each process, as the step's send and a queued job would.
      for (const redis of clients)
        sends.push(withChatLock({ redis, prefix }, chat, () => sendPending(deps, chat)));
      await new Promise((r) => setTimeout(r, Math.random() * 6));
    }
    const ran = await Promise.all(sends);

    expect(ran).toContain(false); // senders did meet: some found the chat taken and left it to the holder
    expect(got).toEqual(texts);
    const rows = await h.db.prisma.outboundMessage.findMany({ where: { chatId } });
    expect(rows.filter((r) => r.status !== 'SENT')).toEqual([]);
  });
});
