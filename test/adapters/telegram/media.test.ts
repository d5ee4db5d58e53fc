/**
 * A reporter's files on Telegram, end to end: sent with an incident report, downloaded from the (fake)
 * Bot API by the inbound job, stored in the media table, linked on the ticket as media:<id>, and
 * viewable by the team through the signed link in the escalation post. A file the platform cannot
 * serve keeps its file id; one over MEDIA_MAX_MB is not stored and the reporter is told.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { TELEGRAM_LIMITS } from '../../../adapters/telegram/index.ts';
import type { Attachment } from '../../../src/channel.ts';
import { allDayCalendarFile } from '../../support/calendar.ts';
import { type FakeUser, type SentMessage, startFakeTelegram } from '../../support/fake-telegram.ts';
import { REQUESTER, useHelpdesk } from '../../support/helpdesk.ts';

const fake = await startFakeTelegram('123:TEST');
afterAll(() => fake.close());
const GROUP = -1003333333333;
/** MEDIA_MAX_MB=0.1: 104,857 bytes. */
const LIMIT = Math.round(0.1 * 1024 * 1024);

const h = useHelpdesk(
  {
    CHANNELS: 'simulator,telegram',
    TELEGRAM_BOT_TOKEN: '123:TEST',
    TELEGRAM_API_ROOT: fake.url,
    TEAM_GROUPS: ['simpeg', 'ekinerja', 'jdih'].map((s) => `${s}=telegram:${GROUP}`).join(','),
    CALENDAR_FILE: allDayCalendarFile(),
    MEDIA_LINK_SECRET: 'rahasia-tautan-lampiran-0123456789abcdef',
    MEDIA_MAX_MB: '0.1',
  },
  // Telegram's one message a second per chat is tested in the outbox's pacing tests; here it would
  // only make each step of a conversation wait a second for its reply.
  { telegramLimits: { ...TELEGRAM_LIMITS, perChatMs: 0 } },
);

const texts = (sent: SentMessage[]) => sent.map((s) => s.text).join('\n');

/** Sends as `from` in their private chat; resolves with the bot's replies once all it wrote are sent. */
async function say(from: FakeUser, text: string, extra?: Record<string, unknown>): Promise<string> {
  const { message } = fake.message(from.id, from, text, extra);
  const end = Date.now() + 30_000;
  for (;;) {
    const inbound = await h.db.prisma.inboundMessage.findFirst({
      where: { channel: 'telegram', chatId: String(from.id), externalId: String(message.message_id) },
    });
    if (inbound?.processedAt) {
      const out = await h.db.prisma.outboundMessage.findMany({ where: { inboundId: inbound.id } });
      if (out.every((o) => o.status !== 'PENDING')) {
        const ids = new Set(out.filter((o) => o.chatId === String(from.id)).map((o) => o.externalId));
        return texts(fake.sent(from.id).filter((s) => ids.has(String(s.message_id))));
      }
    }
    if (Date.now() > end) throw new Error(`no replies to ${text}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reports an outage, sending the symptom with `file` (a photo or document message's fields). */
async function reportWith(
  from: FakeUser,
  service: string,
  file: Record<string, unknown>,
): Promise<{ code: string; replies: string }> {
  await say(from, '3');
  let said = await say(from, service);
  expect(said).toMatch(/apa yang terjadi/i);
  said = await say(from, '', { caption: 'layar error 500 waktu login', ...file });
  const all = [said];
  for (let turn = 0; turn < 5; turn++) {
    const code = /GGN-\d{4}-\d{4}/.exec(said)?.[0];
    if (code) return { code, replies: all.join('\n') };
    const answer = /sejak kapan/i.test(said)
      ? 'sejak pagi'
      : /seberapa luas dampaknya/i.test(said)
        ? 'semua pegawai kena'
        : /nama lengkap dan instansi/i.test(said)
          ? REQUESTER
          : /kirim laporan ini/i.test(said)
            ? '1'
            : undefined;
    if (!answer) throw new Error(`unexpected reply: ${said}`);
    said = await say(from, answer);
    all.push(said);
  }
  throw new Error('no ticket');
}

const ticketAttachments = async (code: string) =>
  (await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).attachments as unknown as Attachment[];
const escalationOf = (code: string) =>
  fake.waitFor(() => fake.sent(GROUP).find((s) => s.text.includes(`Gangguan baru ${code}`)));

describe('a reporter’s files on Telegram', () => {
  it('stores a photo sent with the report, links it on the ticket, and the team can open it', async () => {
    const citizen = { id: 8811, first_name: 'Rina' };
    const photo = randomBytes(40_000);
    const file = fake.addFile('photo-big', photo, { path: 'photos/file_7.jpg' });
    const { code, replies } = await reportWith(citizen, 'simpeg', {
      photo: [
        { file_id: 'photo-small', file_unique_id: 'ps', width: 90, height: 60, file_size: 900 },
        { ...file, width: 1280, height: 960 },
      ],
    });
    expect(replies).toMatch(/foto Anda sudah kami simpan/);
    expect(fake.downloads).toContain('photos/file_7.jpg');

    const [attachment] = await ticketAttachments(code);
    expect(attachment).toMatchObject({
      kind: 'image',
      ref: expect.stringMatching(/^media:\d+$/),
      source: 'photo-big',
    });
    const id = Number(attachment?.ref.slice('media:'.length));
    const row = await h.db.prisma.media.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ channel: 'telegram', mime: 'image/jpeg', size: photo.length });
    expect(Buffer.from(row.bytes).equals(photo)).toBe(true);

    // The team group's post carries a link that works for anyone who has it, and only as it is.
    const post = await escalationOf(code);
    expect(post.text).toMatch(/Lampiran \(tautan berlaku sampai .+\):/);
    const url = /http:\/\/\S+\/media\/\d+\?exp=\d+&sig=[0-9a-f]{64}/.exec(post.text)?.[0];
    expect(url).toBeDefined();
    expect(url?.startsWith(`${h.app.url}/media/${id}?`)).toBe(true);
    const res = await fetch(url as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
    const forged = (url as string).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect((await fetch(forged)).status).toBe(403);
  });

  it('keeps the message and the file id when Telegram cannot serve the file', async () => {
    const citizen = { id: 8812, first_name: 'Dodi' };
    const { code } = await reportWith(citizen, 'ekinerja', {
      document: {
        file_id: 'gone-file',
        file_unique_id: 'g',
        file_name: 'bukti.pdf',
        mime_type: 'application/pdf',
      },
    });
    expect(await ticketAttachments(code)).toEqual([
      expect.objectContaining({ kind: 'document', ref: 'gone-file', name: 'bukti.pdf' }),
    ]);
    const post = await escalationOf(code);
    expect(post.text).toContain(`Lampiran: 1 berkas, tercatat di tiket ${code}.`);
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket.description).toContain('layar error 500');
  });

  it('tells the reporter a file over MEDIA_MAX_MB was not stored, and does not download it', async () => {
    const citizen = { id: 8813, first_name: 'Tono' };
    const big = fake.addFile('big-video', randomBytes(LIMIT + 1), { path: 'videos/file_9.mp4' });
    const { code, replies } = await reportWith(citizen, 'jdih', {
      video: { ...big, duration: 30, mime_type: 'video/mp4' },
    });
    expect(replies).toMatch(/Maaf, video Anda lebih dari 0,1 MB sehingga tidak bisa kami simpan/);
    expect(replies).not.toMatch(/video Anda sudah kami simpan/);
    expect(fake.downloads).not.toContain('videos/file_9.mp4');
    expect(await ticketAttachments(code)).toEqual([
      expect.objectContaining({ kind: 'video', ref: 'big-video', refused: 'too_large' }),
    ]);
    expect(await h.db.prisma.media.count({ where: { size: { gt: LIMIT } } })).toBe(0);
  });
});
