import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enqueueInbound } from '../../src/pipeline/accept.ts';
import type { NextMessage } from '../../src/pipeline/fast-path.ts';
import type { InboundJob } from '../../src/pipeline/queues.ts';
import { createStepNow } from '../../src/pipeline/step-now.ts';
import { silentLog } from '../support/app.ts';
import { useHelpdesk } from '../support/helpdesk.ts';
import { until } from '../support/until.ts';

const h = useHelpdesk();

describe('messages stepped by the process that accepted them', () => {
  it('answers a person while the inbound queue stands still; a queued message waits for it', async () => {
    const partitions = h.app.queues.inbound;
    await Promise.all(partitions.map((q) => q.pause()));
    try {
      const replies = await h.say('6282200000001', 'jam layanan helpdesk');
      expect(replies.map((r) => r.text).join('\n')).toMatch(/jam|layanan/i);

      // A message that was only queued (as the sweeper queues one a crash left) waits for the queue:
      // the queue really stood still.
      const row = await h.db.prisma.inboundMessage.create({
        data: {
          channel: 'simulator',
          chatId: '6282200000002',
          externalId: randomUUID(),
          fromId: '6282200000002',
          text: 'jam layanan helpdesk',
          payload: {},
          receivedAt: new Date(),
        },
      });
      await enqueueInbound(h.app.queues, 'simulator', row.chatId, row.id);
      await new Promise((r) => setTimeout(r, 1000));
      expect(
        (await h.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: row.id } })).processedAt,
      ).toBeNull();
      await Promise.all(partitions.map((q) => q.resume()));
      await h.waitForOut(row.chatId, 1, 60_000);
    } finally {
      await Promise.all(partitions.map((q) => q.resume()));
    }
  });

  it('answers once a message stepped here while the sweeper queues it at the same moment, in 20 chats', async () => {
    const chats = Array.from({ length: 20 }, (_, i) => `62822000001${String(i).padStart(2, '0')}`);
    await Promise.all(
      chats.map(async (chatId) => {
        const messageId = randomUUID();
        const res = await h.post({ chatId, text: 'jam layanan helpdesk', messageId });
        expect(res.status).toBe(202);
        const row = await h.db.prisma.inboundMessage.findFirstOrThrow({ where: { chatId } });
        await enqueueInbound(h.app.queues, 'simulator', chatId, row.id);
        await h.repliesTo(messageId);
      }),
    );
    // Whatever was still under way has settled: every message processed, its answer written once.
    await until(
      'every message processed',
      async () =>
        (await h.db.prisma.inboundMessage.count({ where: { chatId: { in: chats }, processedAt: null } })) ===
        0,
    );
    await new Promise((r) => setTimeout(r, 1000));
    for (const chatId of chats) {
      const out = (await h.messages(chatId)).filter((m) => m.direction === 'out');
      const written = await h.db.prisma.outboundMessage.count({ where: { chatId } });
      expect(out.length).toBe(written);
      expect(new Set(out.map((m) => m.text)).size).toBe(out.length);
    }
  });

  it('answers an older message left unprocessed before the one just accepted, in order', async () => {
    const chatId = '6282200000301';
    await h.say(chatId, 'halo');
    // A message a crash left unprocessed (stored, never stepped, not queued yet).
    const older = await h.db.prisma.inboundMessage.create({
      data: {
        channel: 'simulator',
        chatId,
        externalId: randomUUID(),
        fromId: chatId,
        text: '2',
        payload: { attachments: [] },
        receivedAt: new Date(),
      },
    });
    const messageId = randomUUID();
    expect((await h.post({ chatId, text: 'jam layanan helpdesk', messageId })).status).toBe(202);
    await h.repliesTo(messageId);
    const newer = await h.db.prisma.inboundMessage.findFirstOrThrow({
      where: { chatId, id: { gt: older.id } },
    });
    const answers = await h.db.prisma.outboundMessage.findMany({
      where: { inboundId: { in: [older.id, newer.id] } },
      orderBy: { id: 'asc' },
    });
    // The older one ("2": the request menu) was stepped first, then the newer one.
    expect(answers[0]?.inboundId).toBe(older.id);
    expect(answers[0]?.text).toMatch(/layanan apa/i);
    expect(answers.at(-1)?.inboundId).toBe(newer.id);
  });
});

describe('chats waiting for a turn to be stepped', () => {
  /** A step that finishes when the test says so. */
  const scheduler = (maxInFlight: number, maxWaiting: number) => {
    const started: InboundJob[] = [];
    /** For each step started: the message it was handed already read, if any. */
    const read: (number | null)[] = [];
    const queued: InboundJob[] = [];
    const finish = new Map<number, () => void>();
    const stepNow = createStepNow({
      step: (job, first) => {
        started.push(job);
        read.push(first?.message.id ?? null);
        return new Promise<void>((resolve) => finish.set(job.inboundId, resolve));
      },
      enqueue: async (job) => {
        queued.push(job);
      },
      maxInFlight,
      maxWaiting,
      log: silentLog,
    });
    const job = (inboundId: number, chatId: string): InboundJob => ({
      inboundId,
      channel: 'simulator',
      chatId,
    });
    return { stepNow, started, read, queued, finish, job };
  };

  it("are stepped first come first served, a chat's later message with its first, none past the limits", async () => {
    const { stepNow, started, queued, finish, job } = scheduler(2, 2);
    expect(stepNow.take(job(1, 'a'))).toBe(true);
    expect(stepNow.take(job(2, 'b'))).toBe(true);
    expect(stepNow.take(job(3, 'c'))).toBe(true); // waits
    expect(stepNow.take(job(4, 'd'))).toBe(true); // waits
    expect(stepNow.take(job(5, 'c'))).toBe(true); // with c's first
    expect(stepNow.take(job(6, 'e'))).toBe(false); // too many waiting: the caller queues it
    expect(started.map((j) => j.chatId)).toEqual(['a', 'b']);

    finish.get(2)?.();
    await until('c stepped', () => started.length === 3);
    expect(started[2]).toEqual(job(5, 'c'));
    finish.get(1)?.();
    await until('d stepped', () => started.length === 4);
    expect(started[3]).toEqual(job(4, 'd'));
    for (const f of finish.values()) f();
    await stepNow.close();
    expect(queued).toEqual([]);
  });

  it('steps a message on the read accept made of it, alone; what came after it is read when its turn comes', async () => {
    const { stepNow, started, read, finish, job } = scheduler(1, 10);
    expect(stepNow.startsNow({ channel: 'simulator', chatId: 'a' })).toBe(true);
    stepNow.take(job(1, 'a'));
    // Accept reads with the store only for a chat stepped at once: a busy chat, or no turn free, is not.
    expect(stepNow.startsNow({ channel: 'simulator', chatId: 'a' })).toBe(false);
    expect(stepNow.startsNow({ channel: 'simulator', chatId: 'b' })).toBe(false);
    const readAtAccept = { message: { id: 2 } } as NextMessage;
    stepNow.take(job(2, 'b'), readAtAccept); // waits, with its read
    stepNow.take(job(3, 'b')); // b's next message: read when b's turn comes
    stepNow.take(job(4, 'a'), { message: { id: 4 } } as NextMessage); // a is busy: its read is dropped
    finish.get(1)?.();
    await until('a stepped again', () => started.length === 2);
    expect([started[1], read[1]]).toEqual([job(4, 'a'), null]);
    finish.get(4)?.();
    await until("b's first message stepped", () => started.length === 3);
    expect([started[2], read[2]]).toEqual([job(2, 'b'), 2]);
    finish.get(2)?.();
    await until("b's second message stepped", () => started.length === 4);
    expect([started[3], read[3]]).toEqual([job(3, 'b'), null]);
    finish.get(3)?.();
    await stepNow.close();
  });

  it('queues what waits when the process stops, and waits for the steps under way', async () => {
    const { stepNow, started, queued, finish, job } = scheduler(1, 10);
    stepNow.take(job(1, 'a'));
    stepNow.take(job(2, 'b'));
    stepNow.take(job(3, 'c'));
    let closed = false;
    const closing = stepNow.close().then(() => {
      closed = true;
    });
    await until('the waiting chats queued', () => queued.length === 2);
    expect(queued).toEqual([job(2, 'b'), job(3, 'c')]);
    expect(stepNow.take(job(4, 'd'))).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    finish.get(1)?.();
    await closing;
    expect(started.map((j) => j.chatId)).toEqual(['a']);
  });
});
