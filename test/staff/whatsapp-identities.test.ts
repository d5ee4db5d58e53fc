/**
 * Staff and admins configured by phone number are recognised when WhatsApp delivers their messages
 * under an @lid id (with the number in alsoKnownAs) and under their number's JID; a WhatsApp reporter is
 * masked in the team group's post whatever form their id came in. WhatsApp messages are accepted the way
 * the WhatsApp channel hands them over (acceptInbound); what the bot answers is read from the outbox.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acceptInbound } from '../../src/pipeline/accept.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { REQUESTER, useHelpdesk } from '../support/helpdesk.ts';

const GROUP = '120363000000000001@g.us';
const TEKNISI_PHONE = '6281234567890@c.us';
const TEKNISI_LID = '185727391514849@lid';
const ADMIN_PHONE = '6281111111111@c.us';

const h = useHelpdesk({
  CALENDAR_FILE: allDayCalendarFile(),
  TEAM_GROUPS: ['simpeg', 'ekinerja', 'jdih', 'sipd'].map((s) => `${s}=whatsapp:${GROUP}`).join(','),
  // Written as operators write numbers: national form with dashes, international with "+".
  HELPDESK_STAFF: 'pengelola-teknis:whatsapp:0812-3456-7890@simpeg',
  HELPDESK_ADMINS: 'whatsapp:+6281111111111',
});

/** A WhatsApp message as the channel delivers it; resolves with the bot's answers in that chat. */
async function wa(
  from: string,
  text: string,
  opts: { alsoKnownAs?: string[]; chatId?: string; group?: boolean } = {},
): Promise<string[]> {
  const group = opts.group ?? true;
  const chatId = opts.chatId ?? (group ? GROUP : from);
  const externalId = `wamid.${randomUUID()}`;
  await acceptInbound(h.app.db.prisma, h.app.queues, {
    chat: { channel: 'whatsapp', chatId, isGroup: group },
    externalId,
    from: { externalId: from, ...(opts.alsoKnownAs ? { alsoKnownAs: opts.alsoKnownAs } : {}) },
    text,
    isGroup: group,
    ...(group ? { addressed: true } : {}),
    receivedAt: new Date(),
  });
  const end = Date.now() + 20_000;
  for (;;) {
    const row = await h.db.prisma.inboundMessage.findFirst({ where: { channel: 'whatsapp', externalId } });
    if (row?.processedAt) {
      const out = await h.db.prisma.outboundMessage.findMany({
        where: { inboundId: row.id, chatId },
        orderBy: { id: 'asc' },
      });
      return out.map((o) => o.text);
    }
    if (Date.now() > end) throw new Error(`whatsapp message ${text} not processed`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reports an outage as a WhatsApp reporter in a private chat; returns the ticket code. */
async function reportOnWhatsApp(from: string, alsoKnownAs?: string[], service = 'simpeg'): Promise<string> {
  const say = (text: string) => wa(from, text, { group: false, ...(alsoKnownAs ? { alsoKnownAs } : {}) });
  let replies = [...(await say('3')), ...(await say(service))];
  for (let turn = 0; turn < 6; turn++) {
    const said = replies.join('\n');
    const code = /GGN-\d{4}-\d{4}/.exec(said)?.[0];
    if (code) return code;
    const answer = /apa yang terjadi/i.test(said)
      ? 'tidak bisa login'
      : /sejak kapan/i.test(said)
        ? 'sejak pagi'
        : /seberapa luas dampaknya/i.test(said)
          ? 'semua pegawai kena'
          : /nama lengkap dan instansi/i.test(said)
            ? REQUESTER
            : /kirim laporan ini/i.test(said)
              ? '1'
              : undefined;
    if (!answer) throw new Error(`unexpected reply: ${said}`);
    replies = await say(answer);
  }
  throw new Error('no ticket');
}

const escalationOf = async (code: string) =>
  (
    await h.db.prisma.outboundMessage.findFirstOrThrow({
      where: { chatId: GROUP, text: { contains: `Gangguan baru ${code}` } },
    })
  ).text;

describe('WhatsApp people under their @lid and their number', () => {
  it('recognises staff configured by number when they write as @lid, and as their number', async () => {
    const code = await reportOnWhatsApp('6285700000001@c.us');
    // A stranger's @lid is no staff.
    expect(await wa('999000000000001@lid', `/ambil ${code}`)).toEqual([
      expect.stringMatching(/hanya untuk staf terdaftar/),
    ]);
    // The configured technician, hidden behind @lid; WhatsApp tells the number with it.
    const [claimed] = await wa(TEKNISI_LID, `/ambil ${code}`, { alsoKnownAs: [TEKNISI_PHONE] });
    expect(claimed).toMatch(new RegExp(`${code} diambil oleh`));
    // Not the whole number in the group: masked.
    expect(claimed).not.toContain('1234567890');
    const [updated] = await wa(TEKNISI_PHONE, `/update ${code} sedang dicek`);
    expect(updated).toMatch(/Kabar perkembangan .* sudah dikirim/);
    // The @lid alone, once linked, is the same person.
    const [estimated] = await wa(TEKNISI_LID, `/estimasi ${code} 2 jam`);
    expect(estimated).toMatch(/Estimasi/);
    const ids = await h.db.prisma.contactIdentity.findMany({
      where: { channel: 'whatsapp', externalId: { in: [TEKNISI_PHONE, TEKNISI_LID] } },
    });
    expect(new Set(ids.map((i) => i.contactId)).size).toBe(1);
  });

  it('recognises an admin configured by number when they write as @lid', async () => {
    const stranger = await wa('999000000000002@lid', '/setujui-staf 9999', { group: false });
    expect(stranger).toEqual([expect.stringMatching(/hanya untuk admin/)]);
    const admin = await wa('777000000000001@lid', '/setujui-staf 9999', {
      group: false,
      alsoKnownAs: [ADMIN_PHONE],
    });
    expect(admin).toEqual([expect.stringMatching(/#9999 tidak ditemukan/)]);
  });

  it('masks the reporter in the team group’s post whatever form the id came in', async () => {
    // One service each: a second report of the same service would join the first as a known outage.
    const byNumber = await reportOnWhatsApp('6285711112222@c.us', undefined, 'ekinerja');
    expect(await escalationOf(byNumber)).toContain('Pelapor: 0857****222');
    const hidden = await reportOnWhatsApp('185700000000777@lid', undefined, 'jdih');
    const post = await escalationOf(hidden);
    expect(post).toContain('Pelapor: lid:…777');
    expect(post).not.toContain('185700000000777');
    // Known by both: the number tells staff more.
    const both = await reportOnWhatsApp('185700000000888@lid', ['6285733334444@c.us'], 'sipd');
    expect(await escalationOf(both)).toContain('Pelapor: 0857****444');
  });
});
