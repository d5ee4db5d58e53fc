import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REQUESTER, useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk({ INACTIVITY_MINUTES: String(1.5 / 60) }); // 1.5 s

async function outCount(chatId: string): Promise<number> {
  return (await h.messages(chatId)).filter((m) => m.direction === 'out').length;
}

describe('the message path (real PostgreSQL and Redis)', () => {
  it('answers a message delivered twice with the same messageId once', async () => {
    const chat = '6282000000001';
    const body = { chatId: chat, text: 'jam layanan helpdesk', messageId: 'dup-1' };
    const [a, b] = await Promise.all([h.post(body), h.post(body)]);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    await h.repliesTo('dup-1');
    expect(await h.post(body).then((r) => r.status)).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    const all = await h.messages(chat);
    expect(all.filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(await h.db.prisma.inboundMessage.count({ where: { chatId: chat } })).toBe(1);
    expect(await outCount(chat)).toBe(await h.db.prisma.outboundMessage.count({ where: { chatId: chat } }));
    expect(await h.db.prisma.outboundMessage.count({ where: { chatId: chat } })).toBeLessThanOrEqual(2);
  });

  it('answers the same message id in two chats both: platform ids are unique only within a chat', async () => {
    // Telegram's message_id 42 and a Slack ts repeat across chats; only a repeat in the same chat is a duplicate.
    const chats = ['6282000000101', '6282000000102'];
    for (const chatId of chats)
      expect((await h.post({ chatId, text: 'jam layanan helpdesk', messageId: '42' })).status).toBe(202);
    expect((await h.post({ chatId: chats[0], text: 'jam layanan helpdesk', messageId: '42' })).status).toBe(
      202,
    );
    for (const chatId of chats) {
      const out = await h.waitForOut(chatId, 1);
      expect(out.filter((m) => m.direction === 'out').length).toBeGreaterThanOrEqual(1);
      expect(await h.db.prisma.inboundMessage.count({ where: { chatId, externalId: '42' } })).toBe(1);
    }
    for (const chatId of chats)
      expect((await h.messages(chatId)).filter((m) => m.direction === 'in')).toHaveLength(1);
    const rows = await h.db.prisma.inboundMessage.findMany({ where: { externalId: '42' } });
    expect(rows.map((r) => r.chatId).sort()).toEqual(chats);
    expect(rows.every((r) => r.processedAt && !r.error)).toBe(true);
  });

  it('answers a burst of 20 messages in one chat in the order they were sent', async () => {
    const chat = '6282000000002';
    const ids: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const id = randomUUID();
      ids.push(id);
      // Each is accepted before the next is sent, as a platform delivers one chat's messages, but
      // no reply is awaited: all 20 are in the queue at once.
      const res = await h.post({ chatId: chat, text: `status LYN-2026-${String(9000 + i)}`, messageId: id });
      expect(res.status).toBe(202);
    }
    for (const id of ids) await h.repliesTo(id);
    const codes = (await h.messages(chat))
      .filter((m) => m.direction === 'out')
      .map((m) => /LYN-2026-(\d+)/.exec(m.text)?.[1]);
    expect(codes).toEqual(Array.from({ length: 20 }, (_, i) => String(9001 + i)));
  });

  it('answers once a message the platform delivered three times at the same moment, in 30 chats at once', async () => {
    // Deliveries that arrive together are stored in one statement: the repeats in it are duplicates.
    const chats = Array.from({ length: 30 }, (_, i) => `6283100000${String(i).padStart(3, '0')}`);
    const deliveries = chats.flatMap((chatId) => {
      const body = { chatId, text: 'jam layanan helpdesk', messageId: `triple-${chatId}` };
      return [body, body, body];
    });
    const statuses = await Promise.all(deliveries.map((b) => h.post(b).then((r) => r.status)));
    expect(statuses.every((s) => s === 202)).toBe(true);
    await Promise.all(chats.map((chatId) => h.repliesTo(`triple-${chatId}`, 30_000)));
    await new Promise((r) => setTimeout(r, 500));
    for (const chatId of chats) {
      expect(await h.db.prisma.inboundMessage.count({ where: { chatId } })).toBe(1);
      const replies = await h.db.prisma.outboundMessage.findMany({ where: { chatId } });
      expect(replies.length).toBeGreaterThanOrEqual(1);
      expect(await outCount(chatId)).toBe(replies.length);
    }
  });

  it('keeps 50 chats at once apart: every chat gets only its own answers', async () => {
    const chats = Array.from({ length: 50 }, (_, i) => `6283000000${String(i).padStart(3, '0')}`);
    const sent = await Promise.all(
      chats.map(async (chat, i) => {
        const id = randomUUID();
        const res = await h.post({ chatId: chat, text: `status GGN-2026-${8000 + i}`, messageId: id });
        expect(res.status).toBe(202);
        return id;
      }),
    );
    await Promise.all(sent.map((id) => h.repliesTo(id, 30_000)));
    for (const [i, chat] of chats.entries()) {
      const out = (await h.messages(chat)).filter((m) => m.direction === 'out');
      expect(out).toHaveLength(1);
      expect(out[0]?.text).toContain(`GGN-2026-${8000 + i}`);
    }
  });

  it('refuses malformed requests to the simulator API with an Indonesian message', async () => {
    const bad = await fetch(`${h.app.url}/api/simulator/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"chatId": "x", "text": ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/JSON/);
    const missing = await h.post({ text: 'halo' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toMatch(/chatId wajib diisi/);
    const noText = await h.post({ chatId: '6282000000003' });
    expect(((await noText.json()) as { error: string }).error).toMatch(/text wajib diisi/);
  });

  it('serves the simulator page and lists the chats it knows', async () => {
    const page = await fetch(`${h.app.url}/simulator`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Simulator Helpdesk SPBE');
    await h.say('6282000000099', 'halo', { group: true, from: 'teknisi9' });
    const chats = (await (await fetch(`${h.app.url}/api/simulator/chats`)).json()) as {
      chatId: string;
      group: boolean;
    }[];
    expect(chats).toContainEqual(expect.objectContaining({ chatId: '6282000000001', group: false }));
    expect(chats).toContainEqual(expect.objectContaining({ chatId: '6282000000099', group: true }));
  });

  it('puts an unfinished report aside after the inactivity timeout, with a message, and goes on with "lanjut"', async () => {
    const chat = '6282000000004';
    await h.say(chat, '3');
    await h.say(chat, 'simpeg');
    const before = await outCount(chat);
    const all = await h.waitForOut(chat, before + 1, 10_000);
    expect(all.at(-1)?.text).toMatch(/kami simpan sampai/);
    // "lanjut" asks the question the report stopped at again.
    const [next] = await h.say(chat, 'lanjut');
    expect(next?.text).toMatch(/Gangguan pada \*SIMPEG\*\. Apa yang terjadi/);
  });

  it('asks the reporter to confirm a resolved ticket, then takes a rating and feedback', async () => {
    const chat = '6282000000005';
    await h.say(chat, '2');
    await h.say(chat, 'lisensi');
    await h.say(chat, 'aktivasi office di laptop bidang keuangan');
    await h.say(chat, REQUESTER);
    const [opened] = await h.say(chat, '1');
    const code = /LYN-\d{4}-\d{4}/.exec(opened?.text ?? '')?.[0] ?? '';
    const staff = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
    await h.say('pt-lisensi', `/ambil ${code}`, staff);
    const before = await outCount(chat);
    await h.say('pt-lisensi', `/selesai ${code} Office sudah diaktivasi`, staff);
    const asked = (await h.waitForOut(chat, before + 1)).at(-1);
    expect(asked?.text).toContain('Apakah masalah sudah selesai?');
    expect(asked?.choices?.map((c) => c.label)).toEqual(['Ya, sudah selesai', 'Belum']);
    const [rate] = await h.say(chat, '1');
    expect(rate?.text).toMatch(/1\* \(tidak puas\) sampai \*5/);
    const [again] = await h.say(chat, 'bagus sekali');
    expect(again?.text).toMatch(/satu angka dari \*1\* sampai \*5\*/);
    const [feedback] = await h.say(chat, '4');
    expect(feedback?.text).toMatch(/saran atau masukan/);
    await h.say(chat, 'petugasnya cepat, terima kasih');
    const closed = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { events: true } });
    expect(closed).toMatchObject({ status: 'CLOSED', rating: 4, feedback: 'petugasnya cepat, terima kasih' });
    expect(closed.reporterConfirmedAt).not.toBeNull();
    expect(closed.resolutionMet).toBe(true);
    expect(closed.events.map((e) => e.type)).toEqual([
      'created',
      'claim',
      'resolve',
      'confirm',
      'rated',
      'feedback',
    ]);
  });
});
