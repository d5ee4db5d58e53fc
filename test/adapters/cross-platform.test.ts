/**
 * The journey across platforms: a citizen reports on Telegram, the technical team works on Slack, and
 * every step reaches the citizen back on Telegram (fake Bot API and fake Slack, real PostgreSQL and Redis).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { sayInSlackThread, startFakeSlack } from '../support/fake-slack.ts';
import { type FakeUser, type SentMessage, startFakeTelegram } from '../support/fake-telegram.ts';
import { REQUESTER, useHelpdesk } from '../support/helpdesk.ts';

const SECRET = 'cross-platform-signing-secret';
const STAFF_CHANNEL = 'C0SIMPEG1';
const TEKNISI = 'U0TEKNIS9';
const telegram = await startFakeTelegram('123:TEST');
const slack = await startFakeSlack();
afterAll(async () => {
  await telegram.close();
  await slack.close();
});

const h = useHelpdesk({
  CHANNELS: 'telegram,slack',
  TELEGRAM_BOT_TOKEN: '123:TEST',
  TELEGRAM_API_ROOT: telegram.url,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
  TEAM_GROUPS: `simpeg=slack:${STAFF_CHANNEL}`,
  HELPDESK_STAFF: `pengelola-teknis:slack:${TEKNISI}@simpeg`,
  CALENDAR_FILE: allDayCalendarFile(),
});

const citizen: FakeUser = { id: 7701, first_name: 'Dewi' };

/** Says something on Telegram and waits for the bot's next message there. */
async function onTelegram(text: string): Promise<SentMessage> {
  const before = telegram.sent(citizen.id).length;
  telegram.message(citizen.id, citizen, text);
  const sent = await telegram.waitForSent(citizen.id, before + 1, 60_000);
  return sent[sent.length - 1] as SentMessage;
}

/** A staff member writes in the escalation's thread on Slack. */
async function inSlackThread(threadTs: string, text: string): Promise<void> {
  const res = await sayInSlackThread(`${h.app.url}/slack/events`, SECRET, {
    channel: STAFF_CHANNEL,
    user: TEKNISI,
    threadTs,
    text,
  });
  expect(res.status).toBe(200);
}

const untilTelegram = (pattern: RegExp) =>
  telegram.waitFor(() => telegram.sent(citizen.id).find((s) => pattern.test(s.text)), 60_000);

describe('an incident reported on Telegram and handled on Slack', () => {
  it('escalates to the Slack staff channel, and every step comes back to the reporter on Telegram', async () => {
    slack.addUser(TEKNISI, { name: 'teknisi', realName: 'Teknisi Sembilan' });
    await onTelegram('3');
    await onTelegram('simpeg');
    await onTelegram('tidak bisa login, muncul error 500');
    await onTelegram('sejak jam 8 pagi');
    await onTelegram('1');
    await onTelegram(REQUESTER);
    const opened = await onTelegram('kirim');
    const code = /GGN-\d{4}-\d{4}/.exec(opened.text)?.[0] ?? '';
    expect(code, opened.text).not.toBe('');

    const [escalation] = await slack.waitForPosts(1, STAFF_CHANNEL, 60_000);
    expect(escalation?.text).toContain(code);
    expect(escalation?.text).not.toContain(String(citizen.id));

    await inSlackThread(escalation?.ts ?? '', '/ambil');
    await untilTelegram(new RegExp(`${code}.*sedang ditangani`));
    await inSlackThread(escalation?.ts ?? '', `/update ${code} akun sedang kami periksa`);
    await untilTelegram(/akun sedang kami periksa/);
    await inSlackThread(
      escalation?.ts ?? '',
      `/selesai ${code} sesi login dibersihkan. penyebab: sesi menumpuk`,
    );
    const confirm = await untilTelegram(/Apakah masalah sudah selesai/);
    expect(confirm.reply_markup?.inline_keyboard.flat().length).toBeGreaterThan(0);

    const rating = await onTelegram('1');
    expect(rating.text).toMatch(/1.*5|nilai/i);
    await onTelegram('5');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket).toMatchObject({ channel: 'telegram', status: 'CLOSED', rating: 5 });
    expect(ticket.reporterConfirmedAt).not.toBeNull();
    // The team's answers stayed in the escalation's thread on Slack.
    const threadPosts = slack.posts(STAFF_CHANNEL).filter((p) => p.thread_ts === escalation?.ts);
    expect(threadPosts.some((p) => p.text.includes('diambil oleh'))).toBe(true);
  });
});
