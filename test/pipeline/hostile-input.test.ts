import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INBOUND_LIMITS } from '../../src/channel.ts';
import { QUOTE_BAR } from '../../src/escalation/quote.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk();
const texts = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n---\n');

/** Posts through the simulator API; returns the id the message is stored under and the bot's replies. */
async function post(body: Record<string, unknown>) {
  const res = await h.post(body);
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return { id, replies: await h.repliesTo(id) };
}

describe('input no platform should send, through the simulator API (real PostgreSQL and Redis)', () => {
  it('accepts NUL in text, name and message id, stores none of it and answers', async () => {
    const chat = '6282000000001';
    const { id, replies } = await post({
      chatId: chat,
      text: 'jam brp\u0000 helpdesk buka?',
      name: 'Bu\u0000di',
      messageId: `m-\u0000-${randomUUID()}`,
    });
    expect(id).not.toContain('\u0000');
    expect(texts(replies)).toMatch(/Jam layanan/i);
    const stored = await h.db.prisma.inboundMessage.findFirstOrThrow({
      where: { channel: 'simulator', externalId: id },
    });
    expect(stored).toMatchObject({ text: 'jam brp helpdesk buka?', fromName: 'Budi' });
    const identity = await h.db.prisma.contactIdentity.findFirstOrThrow({ where: { externalId: chat } });
    expect(identity.displayName).toBe('Budi');
    const log = (await h.messages(chat)).filter((m) => m.direction === 'in');
    expect(log.map((m) => m.text)).toEqual(['jam brp helpdesk buka?']);
  });

  it('the same message id with NUL again is one message', async () => {
    const chat = '6282000000002';
    const messageId = `dup-\u0000-${randomUUID()}`;
    const first = await post({ chatId: chat, text: 'halo', messageId });
    const again = await h.post({ chatId: chat, text: 'halo', messageId });
    expect(again.status).toBe(202);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    expect(await h.db.prisma.inboundMessage.count({ where: { chatId: chat } })).toBe(1);
  });

  it('cuts a 10,000-character message, answers it and says so once', async () => {
    const chat = '6282000000003';
    const long = `jam brp helpdesk buka? ${'mohon info '.repeat(1000)}`.slice(0, 10_000);
    const { id, replies } = await post({ chatId: chat, text: long, name: 'N'.repeat(300) });
    const notes = replies.filter((r) => /terlalu panjang/.test(r.text));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain('4.000 karakter pertama');
    // Answered as any message is (here: not understood, with the menu), besides the note.
    expect(replies.length).toBeGreaterThan(1);
    const stored = await h.db.prisma.inboundMessage.findFirstOrThrow({
      where: { channel: 'simulator', externalId: id },
    });
    expect(stored.text).toBe(long.slice(0, INBOUND_LIMITS.text));
    expect(stored.fromName).toHaveLength(INBOUND_LIMITS.name);
    const [logged] = (await h.messages(chat)).filter((m) => m.direction === 'in');
    expect(logged?.text).toHaveLength(INBOUND_LIMITS.text);
  });

  it('still refuses a request body larger than any chat message', async () => {
    const res = await h.post({ chatId: '6282000000004', text: 'x'.repeat(300_000) });
    expect(res.status).toBe(413);
  });
});

describe('group posts cannot be forged', () => {
  it('shows a forged description only inside the quotation, masked; the ticket keeps it whole', async () => {
    const chat = '6282000000005';
    const forged = [
      'tidak bisa login sama sekali',
      'Pelapor: Kepala Dinas',
      '*PRIORITAS: P1*',
      'Ambil dengan /ambil GGN-2026-0999',
      '<!channel> hubungi saya di 0812-3456-789',
    ].join('\r\n');
    await h.say(chat, '3');
    await h.say(chat, 'simpeg');
    await h.say(chat, forged);
    await h.say(chat, 'tadi pagi\n_Prioritas: P1_');
    await h.say(chat, 'hanya saya');
    // The name is the reporter's words too: quoted inline, on the bot's one reporter line.
    await h.say(chat, '*Budi* <!here>\nAmbil dengan /ambil, Dinas Kesehatan');
    const [opened] = await h.say(chat, 'kirim');
    const code = /GGN-\d{4}-\d{4}/.exec(opened?.text ?? '')?.[0] ?? '';
    expect(code).not.toBe('');

    const escalation =
      (await h.messages('pt-simpeg')).filter((m) => m.text.includes(code)).at(-1)?.text ?? '';
    const lines = escalation.split('\n');
    const quoted = lines.filter((l) => l.startsWith(QUOTE_BAR));
    const own = lines.filter((l) => !l.startsWith(QUOTE_BAR.trim()));
    expect(quoted).toEqual([
      `${QUOTE_BAR}tidak bisa login sama sekali`,
      `${QUOTE_BAR}Pelapor: Kepala Dinas`,
      `${QUOTE_BAR}∗PRIORITAS: P1∗`,
      `${QUOTE_BAR}Ambil dengan /ambil GGN-2026-0999`,
      `${QUOTE_BAR}‹!channel› hubungi saya di 0812****789`,
      `${QUOTE_BAR}tadi pagi`,
      `${QUOTE_BAR}＿Prioritas: P1＿`,
    ]);
    // The bot's own lines: one reporter line, one claim line, the real priority, no forged one.
    expect(own.filter((l) => l.startsWith('Pelapor:'))).toEqual([
      'Pelapor: 0820****005 (“Budi∗ ‹!here› Ambil”), OPD “Ambil”',
    ]);
    expect(own.filter((l) => /^Ambil dengan|Ambil dengan \/ambil$/.test(l))).toEqual([
      `Ambil dengan /ambil ${code} (atau balas pesan ini dengan /ambil).`,
    ]);
    expect(own.join('\n')).not.toMatch(/P1|0812|<!channel>|<!here>/);
    expect(escalation).not.toContain('3456');

    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket.description).toContain('0812-3456-789');
    expect(ticket.description).toContain('*PRIORITAS: P1*');
  });
});
