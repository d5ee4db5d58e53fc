import { describe, expect, it } from 'vitest';
import { readNext, stepFast } from '../../src/pipeline/fast-path.ts';
import { processInbound } from '../../src/pipeline/process-inbound.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk();

/** Stores a message as accept does, but queues nothing: the test decides who processes it. */
async function stored(chatId: string, text: string, externalId: string): Promise<number> {
  const row = await h.db.prisma.inboundMessage.create({
    data: {
      channel: 'simulator',
      chatId,
      externalId,
      fromId: chatId,
      fromName: null,
      isGroup: false,
      text,
      payload: { attachments: [] },
      receivedAt: new Date(),
    },
  });
  return row.id;
}

const job = (chatId: string, inboundId: number) => ({ channel: 'simulator' as const, chatId, inboundId });

/** The chat's next message as the worker reads it; the test stored one, so there is one. */
async function read(chatId: string, inboundId: number) {
  const next = await readNext(h.app.conversation, job(chatId, inboundId));
  if (!next) throw new Error(`no message to process in ${chatId}`);
  return next;
}

async function outbox(inboundId: number): Promise<string[]> {
  const rows = await h.db.prisma.outboundMessage.findMany({ where: { inboundId }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.text);
}

describe('the fast path of the inbound worker (real PostgreSQL)', () => {
  it('steps a menu choice in a known chat without a transaction, and answers it once', async () => {
    const chat = '6287100000001';
    await h.say(chat, 'halo');
    const id = await stored(chat, '2', 'fast-1');
    const next = await read(chat, id);
    expect(next.message.id).toBe(id);
    expect(await stepFast(h.app.conversation, next)).toBe(true);
    const replies = await outbox(id);
    expect(replies.join('\n')).toMatch(/layanan apa/i);
    const row = await h.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } });
    expect(row.processedAt).not.toBeNull();
    // The job that comes for it later finds nothing left to do.
    await processInbound(h.app.conversation, job(chat, id));
    expect(await outbox(id)).toEqual(replies);
  });

  it('saves who the person said they are on their contact with the step, and asks them once', async () => {
    const chat = '6287100000006';
    await h.say(chat, 'simpeg error ga bisa login dari pagi, semua pegawai kena');
    const id = await stored(chat, 'Lina, RSUD Serang, nip 19900101-201501-2-001', 'fast-profile');
    expect(await stepFast(h.app.conversation, await read(chat, id))).toBe(true);
    const conv = await h.db.prisma.conversation.findUniqueOrThrow({
      where: { channel_chatId: { channel: 'simulator', chatId: chat } },
    });
    const contact = await h.db.prisma.contact.findUniqueOrThrow({ where: { id: conv.contactId ?? 0 } });
    expect(contact).toMatchObject({ name: 'Lina', opd: 'RSUD Serang', nip: '199001012015012001' });
    expect(contact.profileAskedAt).not.toBeNull();
    // The summary to confirm names them.
    expect((await outbox(id)).join('\n')).toContain('Lina');
  });

  it('writes nothing when the conversation moved on after it was read, and the full path answers from the new state', async () => {
    const chat = '6287100000002';
    await h.say(chat, 'halo');
    await h.say(chat, '2');
    const id = await stored(chat, 'menu', 'fast-2');
    const next = await read(chat, id);
    // Meanwhile a timer or a staff command steps the same conversation (here: back to idle).
    const conv = await h.db.prisma.conversation.findUniqueOrThrow({
      where: { channel_chatId: { channel: 'simulator', chatId: chat } },
    });
    await h.db.prisma.conversation.update({
      where: { id: conv.id },
      data: { state: { ...(conv.state as object), flow: { name: 'idle' } } },
    });
    expect(await stepFast(h.app.conversation, next)).toBe(false);
    expect(await outbox(id)).toEqual([]);
    expect((await h.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt).toBeNull();
    const after = await h.db.prisma.conversation.findUniqueOrThrow({ where: { id: conv.id } });
    expect((after.state as { flow: { name: string } }).flow.name).toBe('idle');
    await processInbound(h.app.conversation, job(chat, id));
    expect((await outbox(id)).length).toBeGreaterThan(0);
    expect(
      (await h.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt,
    ).not.toBeNull();
  });

  it('steps a message read by two workers at once only once, even when both writes go in one statement', async () => {
    const chat = '6287100000003';
    const other = '6287100000013';
    await h.say(chat, 'halo');
    await h.say(other, 'halo');
    const id = await stored(chat, '3', 'fast-3');
    const otherId = await stored(other, '3', 'fast-3b');
    const [a, b, c] = await Promise.all([read(chat, id), read(chat, id), read(other, otherId)]);
    // The other chat's write goes first, alone; the two writes of the same message wait behind it and
    // go together.
    const [, ...won] = await Promise.all([
      stepFast(h.app.conversation, c),
      stepFast(h.app.conversation, a),
      stepFast(h.app.conversation, b),
    ]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const replies = await outbox(id);
    expect(replies.length).toBeGreaterThan(0);
    // The loser falls back to the full path, which finds the message claimed and writes nothing.
    await processInbound(h.app.conversation, job(chat, id));
    expect(await outbox(id)).toEqual(replies);
  });

  it('leaves a conversation another transaction is stepping to the full path, without waiting for it', async () => {
    const chat = '6287100000007';
    await h.say(chat, 'halo');
    const id = await stored(chat, '2', 'fast-7');
    const next = await read(chat, id);
    let fast: boolean | undefined;
    await h.db.prisma.$transaction(async (tx) => {
      // A staff command or a timer holds the conversation's row (as the full path's step does).
      await tx.$queryRaw`SELECT "id" FROM "Conversation" WHERE "chatId" = ${chat} FOR UPDATE`;
      fast = await stepFast(h.app.conversation, next);
    });
    expect(fast).toBe(false);
    expect(await outbox(id)).toEqual([]);
    await processInbound(h.app.conversation, job(chat, id));
    expect((await outbox(id)).join('\n')).toMatch(/layanan apa/i);
  });

  it('creates someone never seen with their first message, and leaves a known id in a new chat to the full path', async () => {
    const chat = '6287100000004';
    const first = await stored(chat, 'halo', 'fast-4a');
    expect(await stepFast(h.app.conversation, await read(chat, first))).toBe(true);
    expect((await outbox(first)).length).toBeGreaterThan(0);
    const identity = await h.db.prisma.contactIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'simulator', externalId: chat } },
      include: { contact: true },
    });
    const conv = await h.db.prisma.conversation.findUniqueOrThrow({
      where: { channel_chatId: { channel: 'simulator', chatId: chat } },
    });
    expect(conv.contactId).toBe(identity.contactId);
    // The same person (as a staff member configured by number would be) writing from another chat id:
    // nothing is created twice, the full path finds them.
    const other = '6287100000005';
    const again = await h.db.prisma.inboundMessage.create({
      data: {
        channel: 'simulator',
        chatId: other,
        externalId: 'fast-4b',
        fromId: chat,
        isGroup: false,
        text: 'halo',
        payload: { attachments: [] },
        receivedAt: new Date(),
      },
    });
    const contacts = await h.db.prisma.contact.count();
    expect(await stepFast(h.app.conversation, await read(other, again.id))).toBe(false);
    expect(await h.db.prisma.contact.count()).toBe(contacts);
    await processInbound(h.app.conversation, job(other, again.id));
    const otherConv = await h.db.prisma.conversation.findUniqueOrThrow({
      where: { channel_chatId: { channel: 'simulator', chatId: other } },
    });
    expect(otherConv.contactId).toBe(identity.contactId);
  });

  it("answers a status check without a transaction, the reporter's own ticket only", async () => {
    const chat = '6287100000008';
    const code = await h.requestService(chat, {
      service: 'vicon',
      need: 'butuh zoom untuk rapat hari kamis',
    });
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({
      where: { code },
      include: { service: true },
    });
    const asked = await stored(chat, `status ${code}`, 'fast-8');
    expect(await stepFast(h.app.conversation, await read(chat, asked))).toBe(true);
    const [reply] = await h.db.prisma.outboundMessage.findMany({ where: { inboundId: asked } });
    expect(reply?.text).toContain(code);
    expect(reply?.text).toContain(ticket.service.name);
    expect(reply?.ticketId).toBe(ticket.id);
    // Someone else asking for that code learns nothing of it.
    const stranger = '6287100000018';
    await h.say(stranger, 'halo');
    const theirs = await stored(stranger, `status ${code}`, 'fast-8b');
    expect(await stepFast(h.app.conversation, await read(stranger, theirs))).toBe(true);
    const said = (await outbox(theirs)).join('\n');
    expect(said).toMatch(/tidak ditemukan, atau bukan tiket Anda/);
    expect(said).not.toContain(ticket.service.name);
  });

  /** A request driven up to its summary, so that the next "1" opens the ticket. */
  async function atSummary(chat: string): Promise<void> {
    await h.say(chat, '2');
    await h.say(chat, 'vicon');
    let said = (await h.say(chat, 'butuh zoom untuk rapat dinas hari kamis')).map((r) => r.text).join('\n');
    if (/nama lengkap dan instansi/i.test(said))
      said = (await h.say(chat, 'Rudi, Dinas Kominfo')).map((r) => r.text).join('\n');
    expect(said).toMatch(/periksa permintaan anda/i);
  }

  const ticketsOf = (chatId: string) =>
    h.db.prisma.ticket.findMany({ where: { chatId }, include: { events: true } });

  it('opens a ticket on the step it read in one short transaction: ticket, audit trail, claim and reply together', async () => {
    const chat = '6287100000021';
    await atSummary(chat);
    const id = await stored(chat, '1', 'carried-1');
    expect(await stepFast(h.app.conversation, await read(chat, id))).toBe(true);
    const [ticket, ...more] = await ticketsOf(chat);
    expect(more).toEqual([]);
    expect(ticket?.code).toMatch(/^LYN-/);
    expect(ticket?.events.map((e) => e.type)).toContain('created');
    expect((await outbox(id)).join('\n')).toContain(ticket?.code);
    expect(
      (await h.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt,
    ).not.toBeNull();
    // The job that comes for it later finds it done: no second ticket, no second answer.
    const replies = await outbox(id);
    await processInbound(h.app.conversation, job(chat, id));
    expect(await ticketsOf(chat)).toHaveLength(1);
    expect(await outbox(id)).toEqual(replies);
  });

  it('opens no ticket on a read the conversation moved on from; the full way opens it once, from the new state', async () => {
    const chat = '6287100000022';
    await atSummary(chat);
    const id = await stored(chat, '1', 'carried-2');
    const next = await read(chat, id);
    // Meanwhile a timer touches the conversation (any step changes its row).
    await h.db.prisma.conversation.updateMany({ where: { chatId: chat }, data: { updatedAt: new Date() } });
    expect(await stepFast(h.app.conversation, next)).toBe(false);
    expect(await ticketsOf(chat)).toEqual([]);
    expect(await outbox(id)).toEqual([]);
    expect((await h.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt).toBeNull();
    await processInbound(h.app.conversation, job(chat, id));
    const tickets = await ticketsOf(chat);
    expect(tickets).toHaveLength(1);
    expect((await outbox(id)).join('\n')).toContain(tickets[0]?.code);
  });

  it('opens one ticket when two workers carry the same read at once', async () => {
    const chat = '6287100000023';
    await atSummary(chat);
    const id = await stored(chat, '1', 'carried-3');
    const [a, b] = await Promise.all([read(chat, id), read(chat, id)]);
    const won = await Promise.all([stepFast(h.app.conversation, a), stepFast(h.app.conversation, b)]);
    expect(won.filter(Boolean)).toHaveLength(1);
    await processInbound(h.app.conversation, job(chat, id));
    expect(await ticketsOf(chat)).toHaveLength(1);
    // One answer to the reporter (the team's group hears of it once too: both rows point to the message).
    const answers = await h.db.prisma.outboundMessage.findMany({ where: { inboundId: id, chatId: chat } });
    expect(answers.filter((r) => /LYN-/.test(r.text))).toHaveLength(1);
  });

  it('leaves a staff command to the full path', async () => {
    const chat = '6287100000006';
    await h.say(chat, 'halo');
    const command = await stored(chat, '/antrian', 'fast-6');
    expect(await stepFast(h.app.conversation, await read(chat, command))).toBe(false);
    await processInbound(h.app.conversation, job(chat, command));
    expect((await outbox(command)).join('\n')).toMatch(/staf/i);
  });
});
