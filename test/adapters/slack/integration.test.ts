/**
 * The whole helpdesk with the Slack channel next to the simulator, Slack played by the fake Web API and
 * signed requests to POST /slack/events, on the real PostgreSQL and Redis.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../../support/calendar.ts';
import { eventEnvelope, FAKE_BOT_USER, slackRequest, startFakeSlack } from '../../support/fake-slack.ts';
import { useHelpdesk } from '../../support/helpdesk.ts';

const SECRET = 'integration-signing-secret';
const STAFF_CHANNEL = 'C0STAFF01';
const TEKNISI = 'U0TEKNIS1';

const fake = await startFakeSlack();
afterAll(() => fake.close());

const h = useHelpdesk({
  CHANNELS: 'simulator,slack',
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: `${fake.url}/api/`,
  TEAM_GROUPS: `simpeg=slack:${STAFF_CHANNEL}`,
  HELPDESK_STAFF: `pengelola-teknis:slack:${TEKNISI}@simpeg`,
  CALENDAR_FILE: allDayCalendarFile(),
});

let seq = 0;
const ts = () => `1720000000.${String(++seq).padStart(6, '0')}`;
const events = () => `${h.app.url}/slack/events`;

async function deliver(event: Record<string, unknown>): Promise<void> {
  const res = await slackRequest(events(), SECRET, { json: eventEnvelope(event) });
  expect(res.status).toBe(200);
}

const dm = (channel: string, user: string, text: string) =>
  deliver({ type: 'message', channel, channel_type: 'im', user, text, ts: ts() });

describe('Slack through the whole helpdesk', () => {
  it('answers a question in a DM at Slack', async () => {
    fake.addUser('U0WARGA01', { name: 'warga', realName: 'Warga Satu' });
    await dm('D0WARGA01', 'U0WARGA01', 'jam layanan helpdesk');
    const [answer] = await fake.waitForPosts(1, 'D0WARGA01');
    expect(answer?.text.length).toBeGreaterThan(10);
    const stored = await h.db.prisma.inboundMessage.findFirstOrThrow({ where: { chatId: 'D0WARGA01' } });
    expect(stored).toMatchObject({ channel: 'slack', fromId: 'U0WARGA01', fromName: 'Warga Satu' });
  });

  it('stores a message Slack delivers under two event ids (a message event and its app_mention) once', async () => {
    const event = {
      type: 'message',
      channel: 'D0WARGA05',
      channel_type: 'im',
      user: 'U0WARGA05',
      text: 'halo',
      ts: ts(),
    };
    for (const eventId of ['EvTWICE-A', 'EvTWICE-B']) {
      const res = await slackRequest(events(), SECRET, { json: eventEnvelope(event, eventId) });
      expect(res.status).toBe(200);
    }
    await fake.waitForPosts(1, 'D0WARGA05');
    expect(await h.db.prisma.inboundMessage.count({ where: { channel: 'slack', chatId: 'D0WARGA05' } })).toBe(
      1,
    );
  });

  it('renders the menu as numbered buttons; a tap and a typed number both pick', async () => {
    await dm('D0WARGA02', 'U0WARGA02', 'halo');
    const [menu] = await fake.waitForPosts(1, 'D0WARGA02');
    const buttons = menu?.blocks?.find((b) => b.type === 'actions')?.elements ?? [];
    expect(buttons.map((b) => b.text.text)).toEqual([
      '1. Tanya jawab (FAQ)',
      '2. Ajukan permintaan layanan',
      '3. Laporkan gangguan',
      '4. Cek status tiket',
      '5. Bicara dengan petugas',
    ]);
    const tap = buttons[2];
    const res = await slackRequest(events(), SECRET, {
      payload: {
        type: 'block_actions',
        user: { id: 'U0WARGA02' },
        channel: { id: 'D0WARGA02' },
        container: { type: 'message', message_ts: menu?.ts, channel_id: 'D0WARGA02' },
        message: { ts: menu?.ts, text: menu?.text, blocks: menu?.blocks },
        actions: [
          { type: 'button', action_id: tap?.action_id, value: tap?.value, text: tap?.text, action_ts: ts() },
        ],
      },
    });
    expect(res.status).toBe(200);
    const afterTap = await fake.waitForPosts(2, 'D0WARGA02');
    expect(afterTap[1]?.text).toMatch(/layanan/i);
    await expect
      .poll(() => fake.updates().filter((u) => u.ts === menu?.ts).length, { timeout: 15_000 })
      .toBe(1);

    // Typed: the second menu's number 3 is the same choice.
    await dm('D0WARGA03', 'U0WARGA03', 'halo');
    await fake.waitForPosts(1, 'D0WARGA03');
    await dm('D0WARGA03', 'U0WARGA03', '3');
    const typed = await fake.waitForPosts(2, 'D0WARGA03');
    expect(typed[1]?.text).toBe(afterTap[1]?.text);
  });

  it('escalates a citizen incident from the simulator to the Slack staff channel; /ambil in its thread claims it', async () => {
    fake.addUser(TEKNISI, { name: 'teknisi', realName: 'Teknisi Slack' });
    const reporter = '6285100000001';
    const code = await h.reportIncident(reporter, {
      service: 'simpeg',
      symptom: 'tidak bisa login, muncul error 500',
      since: 'sejak jam 8 pagi',
      impact: 'semua pegawai kena',
    });
    expect(code).toMatch(/^GGN-/);
    const [escalation] = await fake.waitForPosts(1, STAFF_CHANNEL);
    expect(escalation?.text).toContain(code);
    expect(escalation?.text).not.toContain(reporter);

    await deliver({
      type: 'message',
      channel: STAFF_CHANNEL,
      channel_type: 'channel',
      user: TEKNISI,
      text: '/ambil',
      ts: ts(),
      thread_ts: escalation?.ts,
      parent_user_id: FAKE_BOT_USER,
    });
    const posts = await fake.waitForPosts(2, STAFF_CHANNEL);
    expect(posts[1]?.text).toContain('diambil oleh');
    // The answer goes into the thread it was asked in.
    expect(posts[1]?.thread_ts).toBe(escalation?.ts);
    await expect
      .poll(async () => (await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).status, {
        timeout: 15_000,
      })
      .not.toBe('OPEN');
    // The reporter, on the simulator, hears that the ticket is being handled.
    await expect
      .poll(async () => (await h.messages(reporter)).filter((m) => m.direction === 'out').at(-1)?.text, {
        timeout: 15_000,
      })
      .toMatch(/sedang ditangani oleh tim/);

    // Chatter in the staff channel that is not for the bot is neither stored nor answered.
    await deliver({
      type: 'message',
      channel: STAFF_CHANNEL,
      channel_type: 'channel',
      user: TEKNISI,
      text: 'saya cek dulu ya',
      ts: ts(),
    });
    expect(
      await h.db.prisma.inboundMessage.count({ where: { chatId: STAFF_CHANNEL, text: 'saya cek dulu ya' } }),
    ).toBe(0);
  });

  it('acknowledges /tiket status at once; the answer arrives as a message', async () => {
    const res = await slackRequest(events(), SECRET, {
      form: {
        command: '/tiket',
        text: 'status GGN-2026-0999',
        channel_id: 'D0WARGA04',
        channel_name: 'directmessage',
        user_id: 'U0WARGA04',
        trigger_id: 'trig-int-1',
        team_id: 'T0000001',
        response_url: `${fake.url}/response`,
      },
    });
    expect(res.status).toBe(200);
    const [answer] = await fake.waitForPosts(1, 'D0WARGA04');
    expect(answer?.text).toContain('GGN-2026-0999');
  });

  it('shows the Slack channel on /healthz without secrets', async () => {
    const health = (await (await fetch(`${h.app.url}/healthz`)).json()) as {
      channels: Record<string, { state: string }>;
    };
    expect(health.channels.slack?.state).toBe('connected');
    expect(JSON.stringify(health)).not.toContain('xoxb');
  });
});
