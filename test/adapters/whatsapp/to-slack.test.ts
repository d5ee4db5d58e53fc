/**
 * Across platforms: a citizen reports on WhatsApp, the technical team works on Slack, and every step
 * reaches the citizen back on WhatsApp (fake whatsapp-web.js Client and fake Slack, real PostgreSQL and
 * Redis).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../../support/calendar.ts';
import { sayInSlackThread, startFakeSlack } from '../../support/fake-slack.ts';
import { FakeWhatsAppNetwork } from '../../support/fake-whatsapp.ts';
import { REQUESTER, useHelpdesk } from '../../support/helpdesk.ts';

const SECRET = 'wa-to-slack-signing-secret';
const STAFF_CHANNEL = 'C0SIPD0001';
const TEKNISI = 'U0TEKNIS7';
const CITIZEN = '6281234500777@c.us';
const network = new FakeWhatsAppNetwork();
const slack = await startFakeSlack();
afterAll(() => slack.close());

const h = useHelpdesk(
  {
    CHANNELS: 'whatsapp,slack',
    WHATSAPP_MIN_GAP_SECONDS: '0',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    TEAM_GROUPS: `sipd=slack:${STAFF_CHANNEL}`,
    HELPDESK_STAFF: `pengelola-teknis:slack:${TEKNISI}@sipd`,
    CALENDAR_FILE: allDayCalendarFile(),
  },
  { whatsappClientFactory: network.factory },
);

const WAIT = 60_000;
async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + WAIT;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Says something on WhatsApp and waits for the bot's next message there. */
async function onWhatsApp(text: string): Promise<string> {
  const before = network.sent(CITIZEN).length;
  network.say(CITIZEN, text, { name: 'Rina' });
  return until(`a reply to "${text}"`, () => network.sent(CITIZEN)[before]?.text);
}

const untilWhatsApp = (pattern: RegExp) =>
  until(String(pattern), () => network.sent(CITIZEN).find((s) => pattern.test(s.text)));

async function inSlackThread(threadTs: string, text: string): Promise<void> {
  const res = await sayInSlackThread(`${h.app.url}/slack/events`, SECRET, {
    channel: STAFF_CHANNEL,
    user: TEKNISI,
    threadTs,
    text,
  });
  expect(res.status).toBe(200);
}

describe('an incident reported on WhatsApp and handled on Slack', () => {
  it('escalates to the Slack staff channel, and every step comes back to the reporter on WhatsApp', async () => {
    slack.addUser(TEKNISI, { name: 'teknisi', realName: 'Teknisi Tujuh' });
    await until('whatsapp connected', () =>
      h.app.channels.get('whatsapp')?.status().state === 'connected' ? true : undefined,
    );
    // The first message says the service, the symptom and since when: only the impact is asked.
    const asked = await onWhatsApp('sipd tidak bisa dibuka sama sekali dari pagi');
    expect(asked).toMatch(/Seberapa luas dampaknya/);
    await onWhatsApp('satu kantor');
    await onWhatsApp(REQUESTER);
    const opened = await onWhatsApp('kirim');
    const code = /GGN-\d{4}-\d{4}/.exec(opened)?.[0] ?? '';
    expect(code, opened).not.toBe('');

    const [escalation] = await slack.waitForPosts(1, STAFF_CHANNEL, WAIT);
    expect(escalation?.text).toContain(code);
    // The reporter's number is masked in the team's post.
    expect(escalation?.text).not.toContain('6281234500777');

    await inSlackThread(escalation?.ts ?? '', '/ambil');
    await untilWhatsApp(new RegExp(`${code}.*sedang ditangani`));
    await inSlackThread(
      escalation?.ts ?? '',
      `/selesai ${code} layanan SIPD dipulihkan. penyebab: server basis data mati`,
    );
    await untilWhatsApp(/Apakah masalah sudah selesai/);
    await onWhatsApp('udah bisa, makasih');
    await onWhatsApp('5');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket).toMatchObject({ channel: 'whatsapp', status: 'CLOSED', rating: 5, impact: 'MAJOR' });
  });
});
