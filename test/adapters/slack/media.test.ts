/**
 * A reporter's file shared in a Slack DM: the inbound job asks files.info for its url_private_download
 * and downloads it with the bot token (the fake answers anything else with Slack's sign-in page), and
 * the ticket links the stored file as media:<id>.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../../src/channel.ts';
import { allDayCalendarFile } from '../../support/calendar.ts';
import { eventEnvelope, slackRequest, startFakeSlack } from '../../support/fake-slack.ts';
import { REQUESTER, useHelpdesk } from '../../support/helpdesk.ts';

const SECRET = 'media-signing-secret';
const STAFF_CHANNEL = 'C0STAFF09';
const fake = await startFakeSlack();
afterAll(() => fake.close());

const h = useHelpdesk({
  CHANNELS: 'simulator,slack',
  SLACK_BOT_TOKEN: 'xoxb-media',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: `${fake.url}/api/`,
  TEAM_GROUPS: `simpeg=slack:${STAFF_CHANNEL}`,
  CALENDAR_FILE: allDayCalendarFile(),
});

let seq = 0;
const ts = () => `1730000000.${String(++seq).padStart(6, '0')}`;

/** A DM event as Slack delivers it; resolves with the bot's replies once all it wrote are sent. */
async function dm(user: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const channel = `D${user}`;
  const at = ts();
  const res = await slackRequest(`${h.app.url}/slack/events`, SECRET, {
    json: eventEnvelope({ type: 'message', channel, channel_type: 'im', user, text, ts: at, ...extra }),
  });
  expect(res.status).toBe(200);
  const end = Date.now() + 30_000;
  for (;;) {
    const inbound = await h.db.prisma.inboundMessage.findFirst({
      where: { channel: 'slack', chatId: channel, externalId: at },
    });
    if (inbound?.processedAt) {
      const out = await h.db.prisma.outboundMessage.findMany({
        where: { inboundId: inbound.id, chatId: channel },
      });
      if (out.every((o) => o.status !== 'PENDING')) return out.map((o) => o.text).join('\n');
    }
    if (Date.now() > end) throw new Error(`no replies to ${text}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a reporter’s file on Slack', () => {
  it('is downloaded with the bot token, stored, and linked on the ticket', async () => {
    const user = 'U0WARGA77';
    const bytes = randomBytes(12_345);
    const file = fake.addFile('F0SCREEN1', bytes, { name: 'layar error.png', mimetype: 'image/png' });
    await dm(user, '3');
    expect(await dm(user, 'simpeg')).toMatch(/apa yang terjadi/i);
    let said = await dm(user, 'muncul error 500 waktu login', { subtype: 'file_share', files: [file] });
    expect(said).toMatch(/foto Anda sudah kami simpan/);
    for (const answer of ['sejak pagi', 'semua pegawai kena', REQUESTER, '1']) said = await dm(user, answer);
    const code = /GGN-\d{4}-\d{4}/.exec(said)?.[0] as string;
    expect(code).toBeDefined();

    expect(fake.downloads).toContainEqual({ id: 'F0SCREEN1', authorization: 'Bearer xoxb-media' });
    const [attachment] = (await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } }))
      .attachments as unknown as Attachment[];
    expect(attachment).toMatchObject({
      kind: 'image',
      ref: expect.stringMatching(/^media:\d+$/),
      name: 'layar error.png',
    });
    const row = await h.db.prisma.media.findUniqueOrThrow({
      where: { id: Number(attachment?.ref.slice(6)) },
    });
    expect(row).toMatchObject({ channel: 'slack', mime: 'image/png', name: 'layar error.png' });
    expect(Buffer.from(row.bytes).equals(bytes)).toBe(true);
    // No MEDIA_LINK_SECRET here: the team hears how many files there are, and where.
    const [post] = await fake.waitForPosts(1, STAFF_CHANNEL);
    expect(post?.text).toContain(`Lampiran: 1 berkas, tercatat di tiket ${code}.`);
  });

  it('keeps the file id when the file is gone, or Slack answers with its sign-in page instead', async () => {
    const user = 'U0WARGA78';
    const hidden = fake.addFile('F0HIDDEN1', randomBytes(100), {
      name: 'y.png',
      mimetype: 'image/png',
      hidden: true,
    });
    await dm(user, 'halo');
    await dm(user, 'ini fotonya', {
      subtype: 'file_share',
      // One files.info does not know (deleted), one whose download is a page, not the file.
      files: [{ id: 'F0MISSING', name: 'x.png', mimetype: 'image/png', size: 10 }, hidden],
    });
    const row = await h.db.prisma.inboundMessage.findFirstOrThrow({
      where: { channel: 'slack', chatId: `D${user}`, text: 'ini fotonya' },
    });
    expect((row.payload as unknown as { attachments: Attachment[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'image', ref: 'F0MISSING' }),
      expect.objectContaining({ kind: 'image', ref: 'F0HIDDEN1' }),
    ]);
    expect(fake.downloads).toContainEqual({ id: 'F0HIDDEN1', authorization: 'Bearer xoxb-media' });
    expect(await h.db.prisma.media.count({ where: { name: 'y.png' } })).toBe(0);
  });
});
