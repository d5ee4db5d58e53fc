import { describe, expect, it } from 'vitest';
import { type Channel, ChannelError, type ChatRef, type OutboundMessage } from '../../src/channel.ts';
import { sendPending } from '../../src/outbox/send.ts';
import { silentLog } from '../support/app.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

/** A platform that takes every message and notes it, with the limits a real one sets. */
function platform(limits: Channel['limits']): Channel & { got: string[] } {
  const got: string[] = [];
  return {
    name: 'telegram',
    got,
    limits,
    start: async () => {},
    stop: async () => {},
    status: () => ({ state: 'connected' }),
    send: async (_to: ChatRef, m: OutboundMessage) => {
      got.push(m.text);
      return { externalId: String(got.length) };
    },
  };
}

/** Runs the chat's send job as the queue would: again after each put-off, as long as it asks. */
async function drain(channel: Channel, chatId: string): Promise<number> {
  let putOff = 0;
  for (;;) {
    try {
      await sendPending(
        { db: db.prisma, channels: new Map([['telegram', channel]]), log: silentLog },
        {
          channel: 'telegram',
          chatId,
        },
      );
      return putOff;
    } catch (e) {
      if (!(e instanceof ChannelError && e.kind === 'rate_limited')) throw e;
      putOff++;
      await new Promise((r) => setTimeout(r, e.retryAfterMs));
    }
  }
}

describe('pacing sends by the platform’s limits', () => {
  it('sends a burst to one group complete and in order, never more than the group limit in a window', async () => {
    const chatId = '-100777';
    const texts = Array.from({ length: 8 }, (_, i) => `eskalasi ${i + 1}`);
    await db.prisma.outboundMessage.createMany({
      data: texts.map((text) => ({ channel: 'telegram' as const, chatId, isGroup: true, text })),
    });
    const channel = platform({ perChatMs: 20, perGroup: { max: 3, windowMs: 400 } });
    const putOff = await drain(channel, chatId);

    expect(channel.got).toEqual(texts);
    expect(putOff).toBeGreaterThan(0); // it waited instead of sending everything at once
    const sent = await db.prisma.outboundMessage.findMany({ where: { chatId }, orderBy: { id: 'asc' } });
    expect(sent.every((r) => r.status === 'SENT')).toBe(true);
    const at = sent.map((r) => r.sentAt?.getTime() ?? 0);
    const gap = (i: number, n: number) => (at[i + n] ?? 0) - (at[i] ?? 0);
    for (let i = 0; i + 3 < at.length; i++) expect(gap(i, 3)).toBeGreaterThanOrEqual(400);
    for (let i = 0; i + 1 < at.length; i++) expect(gap(i, 1)).toBeGreaterThanOrEqual(20);
  });

  it('spaces messages to one private chat by putting its job off, not by sleeping in it', async () => {
    const channel = platform({ perChatMs: 300 });
    await db.prisma.outboundMessage.createMany({
      data: [
        { channel: 'telegram', chatId: '501', text: 'satu' },
        { channel: 'telegram', chatId: '501', text: 'dua' },
        { channel: 'telegram', chatId: '502', text: 'lain' },
      ],
    });
    // The first chat's second message is put off, not slept on: the job returns at once.
    await expect(drain(channel, '501')).resolves.toBeGreaterThan(0);
    await drain(channel, '502');
    expect(channel.got).toEqual(['satu', 'dua', 'lain']);
  });
});
