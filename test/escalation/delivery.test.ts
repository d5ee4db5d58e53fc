import { describe, expect, it } from 'vitest';
import { acceptInbound } from '../../src/pipeline/accept.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';
import { until } from '../support/until.ts';

const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const api = (path: string) => `${h.app.url}/api/simulator${path}`;
const post = (path: string, body: unknown) =>
  fetch(api(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const report = (chat: string, service: string) =>
  h.reportIncident(chat, {
    service,
    symptom: 'tidak bisa dibuka',
    since: 'barusan',
    impact: 'semua pegawai kena',
  });

describe('what the platforms do to group posts', () => {
  it('tells the coordinators and admins when a group refused an escalation for good', async () => {
    await h.waitForOut('pt-jdih', 1); // the demo's welcome went out first
    expect((await post('/chats/pt-jdih/trouble', { kind: 'rejected', count: 1 })).status).toBe(204);
    const code = await report('6286100000001', 'jdih');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    const failed = await until('the escalation to fail', async () => {
      const row = await h.db.prisma.outboundMessage.findFirst({
        where: { chatId: 'pt-jdih', ticketId: ticket.id, status: { not: 'PENDING' } },
      });
      return row ?? undefined;
    });
    expect(failed.status).toBe('FAILED');
    for (const chat of ['koordinator1', 'admin']) {
      const notes = await h.waitForOut(chat, 1);
      expect(notes.at(-1)?.text).toMatch(new RegExp(`tiket ${code} ke grup .* tidak dapat dikirim`));
      expect(notes.at(-1)?.text).not.toContain('tidak bisa dibuka'); // the post's text stays out
    }
  });

  it('keeps a group’s registration when the group moves to a new id', async () => {
    expect((await post('/chats/pt-lpse/migrate', { toChatId: 'pt-lpse-baru' })).status).toBe(204);
    const lpse = await h.db.prisma.service.findUniqueOrThrow({
      where: { code: 'lpse' },
      include: { teamGroup: true },
    });
    expect(lpse.teamGroup?.chatId).toBe('pt-lpse-baru');
    const code = await report('6286100000002', 'lpse');
    const posts = await h.waitForOut('pt-lpse-baru', 1);
    expect(posts.at(-1)?.text).toContain(code);
    const [claimed] = await h.say('pt-lpse-baru', `/ambil ${code}`, teknisi1);
    expect(claimed?.text).toContain('diambil oleh');
  });

  it('answers in the thread a command was written in', async () => {
    const code = await report('6286100000003', 'sipd');
    await h.say('pt-sipd', `/ambil ${code}`, { ...teknisi1, thread: 'utas-1' });
    const row = await h.db.prisma.outboundMessage.findFirstOrThrow({
      where: { chatId: 'pt-sipd', text: { contains: 'diambil oleh' } },
    });
    expect(row.threadId).toBe('utas-1');
  });

  it('neither stores nor answers group chatter not addressed to the bot', async () => {
    const accepted = await acceptInbound(h.app.db.prisma, h.app.queues, {
      chat: { channel: 'simulator', chatId: 'pt-sipd' },
      externalId: 'obrolan-1',
      from: { externalId: 'teknisi2' },
      text: 'siang ini makan di mana?',
      isGroup: true,
      addressed: false,
      receivedAt: new Date(),
    });
    expect(accepted.ignored).toBe(true);
    expect(await h.db.prisma.inboundMessage.count({ where: { externalId: 'obrolan-1' } })).toBe(0);
  });
});
