/**
 * The whole helpdesk with the Telegram channel against the fake Bot API: a citizen in a private chat, a
 * Pengelola Teknis supergroup registered by TEAM_GROUPS, staff by HELPDESK_STAFF.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TELEGRAM_LIMITS } from '../../../adapters/telegram/index.ts';
import { allDayCalendarFile } from '../../support/calendar.ts';
import { FAKE_BOT, type FakeUser, type SentMessage, startFakeTelegram } from '../../support/fake-telegram.ts';
import { REQUESTER, useHelpdesk } from '../../support/helpdesk.ts';

const fake = await startFakeTelegram('123:TEST');
const GROUP = -1001111111111;
/** A basic group (not yet a supergroup) for JDIH. */
const OLD_GROUP = -4555;
const TEKNISI: FakeUser = { id: 9901, first_name: 'Teknisi', last_name: 'Satu' };

const h = useHelpdesk(
  {
    CHANNELS: 'simulator,telegram',
    TELEGRAM_BOT_TOKEN: '123:TEST',
    TELEGRAM_API_ROOT: fake.url,
    // One supergroup serves two services (one team); staff belong to the group.
    TEAM_GROUPS: `simpeg=telegram:${GROUP},ekinerja=telegram:${GROUP},jdih=telegram:${OLD_GROUP}`,
    HELPDESK_STAFF: `pengelola-teknis:telegram:${TEKNISI.id}@simpeg`,
    CALENDAR_FILE: allDayCalendarFile(),
  },
  // Telegram's one message a second per chat is tested in the outbox's pacing tests; here it would
  // only make each step of a conversation wait a second for its reply.
  { telegramLimits: { ...TELEGRAM_LIMITS, perChatMs: 0 } },
);
afterAll(() => fake.close());

const texts = (sent: SentMessage[]) => sent.map((s) => s.text).join('\n---\n');

/** Waits until the helpdesk processed the message and delivered every reply it wrote; returns those to `chatId`. */
async function repliesTo(chatId: number, externalId: string, timeoutMs = 30_000): Promise<SentMessage[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const inbound = await h.db.prisma.inboundMessage.findFirst({
      where: { channel: 'telegram', chatId: String(chatId), externalId },
    });
    if (inbound?.processedAt) {
      const out = await h.db.prisma.outboundMessage.findMany({
        where: { inboundId: inbound.id },
        orderBy: { id: 'asc' },
      });
      if (out.every((o) => o.status !== 'PENDING')) {
        const ids = new Set(out.filter((o) => o.chatId === String(chatId)).map((o) => o.externalId));
        return fake.sent(chatId).filter((s) => ids.has(String(s.message_id)));
      }
    }
    if (Date.now() > end)
      throw new Error(`no replies to telegram ${chatId}/${externalId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function say(
  chatId: number,
  from: FakeUser,
  text: string,
  extra?: Record<string, unknown>,
): Promise<SentMessage[]> {
  const { message } = fake.message(chatId, from, text, extra);
  return repliesTo(chatId, String(message.message_id));
}

async function tap(
  chatId: number,
  from: FakeUser,
  asked: SentMessage,
  label: RegExp,
): Promise<SentMessage[]> {
  const button = asked.reply_markup?.inline_keyboard.flat().find((b) => label.test(b.text));
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(asked.reply_markup)}`);
  const update = fake.tap(asked, from, button.callback_data);
  return repliesTo(chatId, `cb-${(update.callback_query as { id: string }).id}`);
}

describe('the helpdesk on Telegram (fake Bot API, real PostgreSQL and Redis)', () => {
  it('answers a citizen’s question in a private chat with the FAQ answer', async () => {
    const citizen = { id: 8801, first_name: 'Ani' };
    const replies = await say(citizen.id, citizen, 'jam brp helpdesk buka y?');
    expect(texts(replies)).toMatch(/Jam layanan/i);
    expect(fake.calls('sendMessage').every((c) => c.parse_mode === 'HTML')).toBe(true);
    expect(h.app.channels.get('telegram')?.status().state).toBe('connected');
  });

  it('takes an incident through the menu by tap, escalates it to the staff supergroup, /ambil@botname claims it, progress reaches the reporter', async () => {
    const reporter = { id: 8802, first_name: 'Budi' };
    // The START button of a first contact shows the menu.
    const [greeting] = await say(reporter.id, reporter, '/start');
    expect(greeting?.reply_markup?.inline_keyboard.map((row) => row[0]?.text)).toContain(
      '3. Laporkan gangguan',
    );
    if (!greeting) throw new Error('no greeting');
    // The menu by tap: "3. Laporkan gangguan".
    const [askService] = await tap(reporter.id, reporter, greeting, /Laporkan gangguan/);
    expect(askService?.text).toBeDefined();
    expect(
      fake.sent(reporter.id).find((s) => s.message_id === greeting.message_id)?.reply_markup,
    ).toBeUndefined();
    await say(reporter.id, reporter, 'simpeg');
    await say(reporter.id, reporter, 'tidak bisa login, muncul error 500');
    const [askImpact] = await say(reporter.id, reporter, 'sejak jam 8 pagi');
    expect(askImpact?.text).toContain('Seberapa luas dampaknya?');
    expect(askImpact?.reply_markup?.inline_keyboard.map((row) => row[0]?.callback_data)).toEqual([
      'impact:MAJOR',
      'impact:MINOR',
    ]);
    if (!askImpact) throw new Error('no impact question');
    const [who] = await tap(reporter.id, reporter, askImpact, /^1\. Semua/);
    // A first-time reporter says who they are once, before the summary (002:501).
    expect(who?.text).toContain('nama lengkap dan instansi/OPD');
    const [summary] = await say(reporter.id, reporter, REQUESTER);
    expect(summary?.text).toContain('Mohon periksa laporan Anda');
    if (!summary) throw new Error('no summary');
    const [opened] = await tap(reporter.id, reporter, summary, /Kirim laporan/);
    const code = /GGN-\d{4}-\d{4}/.exec(opened?.text ?? '')?.[0] ?? '';
    expect(code, opened?.text).not.toBe('');

    // The escalation reached the staff supergroup, bold rendered as <b>.
    const escalation = await fake.waitFor(() => fake.sent(GROUP).find((s) => s.text.includes(code)));
    expect(escalation.text).toContain('SIMPEG');
    expect(escalation.bold.length).toBeGreaterThan(0);
    expect(escalation.text).not.toContain(String(reporter.id));

    // /ambil@botname claims it; the reporter hears of it.
    const [claimed] = await say(GROUP, TEKNISI, `/ambil@${FAKE_BOT.username} ${code}`);
    expect(claimed?.text).toContain('diambil oleh');
    await fake.waitFor(() => fake.sent(reporter.id).find((s) => /sedang ditangani/.test(s.text)));

    // Progress reaches the reporter's chat.
    const [updated] = await say(GROUP, TEKNISI, `/update ${code} server aplikasi sedang direstart`);
    expect(updated?.text).toBeDefined();
    const progress = await fake.waitFor(() =>
      fake.sent(reporter.id).find((s) => s.text.includes('server aplikasi sedang direstart')),
    );
    expect(progress.text).toContain(code);
  });

  it('takes the menu by typed number too, and a reply /ambil to the escalation post claims it', async () => {
    const reporter = { id: 8803, first_name: 'Citra' };
    await say(reporter.id, reporter, '3');
    await say(reporter.id, reporter, 'ekinerja');
    await say(reporter.id, reporter, 'halaman laporan harian tidak muncul');
    await say(reporter.id, reporter, 'kemarin sore');
    await say(reporter.id, reporter, '2');
    await say(reporter.id, reporter, REQUESTER);
    const [opened] = await say(reporter.id, reporter, 'kirim');
    const code = /GGN-\d{4}-\d{4}/.exec(opened?.text ?? '')?.[0] ?? '';
    expect(code, opened?.text).not.toBe('');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket).toMatchObject({ impact: 'MINOR', channel: 'telegram', chatId: String(reporter.id) });

    const escalation = await fake.waitFor(() => fake.sent(GROUP).find((s) => s.text.includes(code)));
    const [claimed] = await say(GROUP, TEKNISI, '/ambil', {
      reply_to_message: {
        message_id: escalation.message_id,
        date: 1,
        chat: { id: GROUP, type: 'supergroup', title: 'PT SIMPEG' },
        from: FAKE_BOT,
        text: escalation.text,
      },
    });
    expect(claimed?.text).toContain('diambil oleh');
    expect(claimed?.text).toContain(code);
    await fake.waitFor(() => fake.sent(reporter.id).find((s) => /sedang ditangani/.test(s.text)));
  });

  it('stores no group chatter that is not addressed to the bot', async () => {
    const { message } = fake.message(GROUP, TEKNISI, 'makan siang di mana kita?');
    const marker = fake.message(GROUP, TEKNISI, '/bantuan').message;
    await repliesTo(GROUP, String(marker.message_id));
    expect(
      await h.db.prisma.inboundMessage.count({
        where: { channel: 'telegram', chatId: String(GROUP), externalId: String(message.message_id) },
      }),
    ).toBe(0);
  });

  it('follows a group upgraded to a supergroup: the refused post goes to the new id, the registration too', async () => {
    const NEW_GROUP = -1004555;
    fake.failNext(OLD_GROUP, 'migrated', { migrateTo: NEW_GROUP });
    const reporter = { id: 8804, first_name: 'Dewi' };
    await say(reporter.id, reporter, '3');
    await say(reporter.id, reporter, 'jdih');
    await say(reporter.id, reporter, 'pencarian perda tidak menampilkan hasil');
    await say(reporter.id, reporter, 'sejak tadi pagi');
    await say(reporter.id, reporter, '2');
    await say(reporter.id, reporter, REQUESTER);
    const [opened] = await say(reporter.id, reporter, 'kirim');
    const code = /GGN-\d{4}-\d{4}/.exec(opened?.text ?? '')?.[0] ?? '';
    expect(code, opened?.text).not.toBe('');
    const moved = await fake.waitFor(() => fake.sent(NEW_GROUP).find((s) => s.text.includes(code)), 30_000);
    expect(moved.text).toContain('JDIH');
    expect(fake.sent(OLD_GROUP)).toEqual([]);
    const group = await h.db.prisma.teamGroup.findUnique({
      where: { channel_chatId: { channel: 'telegram', chatId: String(NEW_GROUP) } },
    });
    expect(group).not.toBeNull();
  });
});
