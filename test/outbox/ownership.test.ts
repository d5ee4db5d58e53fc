import { describe, expect, it } from 'vitest';
import { type Channel, ChannelError, type ChatRef, type OutboundMessage } from '../../src/channel.ts';
import { NotOwnerError, sendPending } from '../../src/outbox/send.ts';
import { silentLog } from '../support/app.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

/** An exclusive platform (one process drives it) that notes what it delivered. */
function platform(onSend?: (text: string) => void): Channel & { got: string[] } {
  const got: string[] = [];
  return {
    name: 'whatsapp',
    exclusive: true,
    got,
    start: async () => {},
    stop: async () => {},
    status: () => ({ state: 'connected' }),
    send: async (_to: ChatRef, m: OutboundMessage) => {
      onSend?.(m.text);
      got.push(m.text);
      return { externalId: `wa-${got.length}` };
    },
  };
}

async function rows(chatId: string) {
  return db.prisma.outboundMessage.findMany({ where: { chatId }, orderBy: { id: 'asc' } });
}

describe('sending for an exclusive channel', () => {
  it('sends nothing from a process that does not own the channel, and counts nothing against the rows', async () => {
    const chatId = '6285100000001@c.us';
    await db.prisma.outboundMessage.createMany({
      data: ['satu', 'dua'].map((text) => ({ channel: 'whatsapp' as const, chatId, text })),
    });
    const channel = platform();
    await expect(
      sendPending(
        { db: db.prisma, channels: new Map([['whatsapp', channel]]), log: silentLog, drives: () => false },
        { channel: 'whatsapp', chatId },
      ),
    ).rejects.toBeInstanceOf(NotOwnerError);
    expect(channel.got).toEqual([]);
    expect((await rows(chatId)).map((r) => [r.status, r.attempts])).toEqual([
      ['PENDING', 0],
      ['PENDING', 0],
    ]);
  });

  it('stops at once when ownership is lost during a job; the next owner sends the rest, each once and in order', async () => {
    const chatId = '6285100000002@c.us';
    const texts = ['satu', 'dua', 'tiga'];
    await db.prisma.outboundMessage.createMany({
      data: texts.map((text) => ({ channel: 'whatsapp' as const, chatId, text })),
    });
    let owned = true;
    // The lock is lost while "dua" is being sent: the channel is stopped under the send, which fails.
    const old = platform((text) => {
      if (text === 'dua') {
        owned = false;
        throw new ChannelError('session closed', 'unreachable');
      }
    });
    const err = await sendPending(
      { db: db.prisma, channels: new Map([['whatsapp', old]]), log: silentLog, drives: () => owned },
      { channel: 'whatsapp', chatId },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(NotOwnerError);
    // A retryable channel error: the queue tries the job again (in the new owner's lane).
    expect((err as ChannelError).retryable).toBe(true);
    expect(old.got).toEqual(['satu']);
    // The failed send is not the message's fault: not counted, no error recorded.
    expect((await rows(chatId)).map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ['SENT', 1, null],
      ['PENDING', 0, null],
      ['PENDING', 0, null],
    ]);

    const next = platform();
    await sendPending(
      { db: db.prisma, channels: new Map([['whatsapp', next]]), log: silentLog, drives: () => true },
      { channel: 'whatsapp', chatId },
    );
    expect(next.got).toEqual(['dua', 'tiga']);
    expect((await rows(chatId)).every((r) => r.status === 'SENT')).toBe(true);
  });
});
