/**
 * The whole helpdesk on WhatsApp, the whatsapp-web.js Client played by the fake (one per connect, all
 * on one fake phone network), on the real PostgreSQL and Redis: a citizen in a private chat, a
 * Pengelola Teknis group registered by /daftar-grup, a staff member approved by the admin, the session
 * dropped and restored, messages that waited while the bot was away, the daily cap and a logout.
 */
import { describe, expect, it } from 'vitest';
import wweb from 'whatsapp-web.js';
import type { WhatsAppChannel } from '../../../adapters/whatsapp/index.ts';
import { allDayCalendarFile } from '../../support/calendar.ts';
import { type FakeSent, FakeWhatsAppNetwork } from '../../support/fake-whatsapp.ts';
import { REQUESTER, useHelpdesk } from '../../support/helpdesk.ts';

const { WAState } = wweb;
const network = new FakeWhatsAppNetwork();
const ADMIN = '6281234500100@c.us';
const TEKNISI = '6281234500101@c.us';
const GROUP = '120363000000000777@g.us';
const ADMIN_TOKEN = 'admin-token-for-the-link-page';

const h = useHelpdesk(
  {
    CHANNELS: 'whatsapp',
    HELPDESK_ADMINS: `whatsapp:${ADMIN}`,
    ADMIN_TOKEN: ADMIN_TOKEN,
    WHATSAPP_MIN_GAP_SECONDS: '0',
    CALENDAR_FILE: allDayCalendarFile(),
  },
  { whatsappClientFactory: network.factory },
);

const WAIT = 60_000;
const channel = () => h.app.channels.get('whatsapp') as WhatsAppChannel;
const texts = (sent: FakeSent[]) => sent.map((s) => s.text).join('\n---\n');
const until = <T>(probe: () => T | undefined | false, what: string, ms = WAIT) =>
  network.waitFor(probe, ms, what);

/** Waits until the message is processed and every reply it wrote is settled; returns those to its chat. */
async function repliesTo(chatId: string, externalId: string, timeoutMs = WAIT): Promise<FakeSent[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const inbound = await h.db.prisma.inboundMessage.findFirst({
      where: { channel: 'whatsapp', chatId, externalId },
    });
    if (inbound?.processedAt) {
      const out = await h.db.prisma.outboundMessage.findMany({
        where: { inboundId: inbound.id },
        orderBy: { id: 'asc' },
      });
      if (out.every((o) => o.status !== 'PENDING')) {
        const ids = new Set(out.filter((o) => o.chatId === chatId).map((o) => o.externalId));
        return network.sent(chatId).filter((s) => ids.has(s.id));
      }
    }
    if (Date.now() > end)
      throw new Error(`no replies to whatsapp ${chatId}/${externalId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const say = (chatId: string, text: string, extra = {}) =>
  repliesTo(chatId, network.say(chatId, text, extra).id._serialized);
const sayInGroup = (author: string, text: string, extra = {}) =>
  repliesTo(GROUP, network.sayInGroup(GROUP, author, text, extra).id._serialized);
const codeIn = (sent: FakeSent[]) => /GGN-\d{4}-\d{4}/.exec(texts(sent))?.[0] ?? '';
const connected = () => until(() => channel().status().state === 'connected', 'whatsapp connected');

describe('the helpdesk on WhatsApp (fake whatsapp-web.js Client, real PostgreSQL and Redis)', () => {
  it('answers a citizen’s question in a private chat with the FAQ answer', async () => {
    await connected();
    const replies = await say('6281234500001@c.us', 'jam brp helpdesk buka y?', { name: 'Ani' });
    expect(texts(replies)).toMatch(/Jam layanan/i);
    const stored = await h.db.prisma.inboundMessage.findFirstOrThrow({
      where: { channel: 'whatsapp', chatId: '6281234500001@c.us' },
    });
    expect(stored).toMatchObject({ fromId: '6281234500001@c.us', fromName: 'Ani', isGroup: false });
  });

  it('offers the menu as a numbered list, and the typed number picks', async () => {
    const chat = '6281234500002@c.us';
    const [menu] = await say(chat, 'menu');
    expect(menu?.text).toMatch(/\n1\. .+\n2\. .+\n3\. Laporkan gangguan/);
    const [afterThree] = await say(chat, '3');
    expect(afterThree?.text).toMatch(/layanan/i);
  });

  it('escalates a private-chat incident to the group registered by /daftar-grup; the approved staff member claims it and progress reaches the reporter', async () => {
    // The admin registers the group; a technician asks to be staff there; the admin approves in private.
    const [registered] = await sayInGroup(ADMIN, '/daftar-grup simpeg', { name: 'Admin' });
    expect(registered?.text).toMatch(/menerima tiket layanan SIMPEG/);
    const [asked] = await sayInGroup(TEKNISI, '/daftar-staf pengelola-teknis', { name: 'Teknisi Satu' });
    const id = /nomor (\d+)/.exec(asked?.text ?? '')?.[1];
    expect(id, asked?.text).toBeDefined();
    expect(texts(network.sent(ADMIN))).toContain(`/setujui-staf ${id}`);
    const [approved] = await say(ADMIN, `/setujui-staf ${id}`);
    expect(approved?.text).toMatch(/disetujui/);
    await until(
      () => network.sent(TEKNISI).find((s) => /terdaftar sebagai Pengelola Teknis/.test(s.text)),
      'the approval',
    );

    const reporter = '6281234500003@c.us';
    await say(reporter, '3');
    await say(reporter, 'simpeg');
    await say(reporter, 'tidak bisa login, muncul error 500');
    await say(reporter, 'sejak jam 8 pagi');
    await say(reporter, '1');
    await say(reporter, REQUESTER);
    const opened = await say(reporter, 'kirim');
    const code = codeIn(opened);
    expect(code, texts(opened)).not.toBe('');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket).toMatchObject({ channel: 'whatsapp', chatId: reporter });

    const escalation = await until(
      () => network.sent(GROUP).find((s) => s.text.includes(code)),
      'the escalation',
    );
    expect(escalation.text).toContain('SIMPEG');
    expect(escalation.text).toMatch(/\*[^*\n]+\*/);
    expect(escalation.text).not.toContain('81234500003');

    const [claimed] = await sayInGroup(TEKNISI, `/ambil ${code}`);
    expect(claimed?.text).toContain('diambil oleh Teknisi Satu');
    await until(
      () => network.sent(reporter).find((s) => /sedang ditangani/.test(s.text)),
      'the reporter told',
    );

    await sayInGroup(TEKNISI, `/update ${code} server aplikasi sedang direstart`);
    const progress = await until(
      () => network.sent(reporter).find((s) => s.text.includes('server aplikasi sedang direstart')),
      'the progress',
    );
    expect(progress.text).toContain(code);

    // A reply to the bot's post in the group addresses it too (no command needed for the code).
    const [byReply] = await sayInGroup(TEKNISI, '/update sudah normal kembali', { quoted: escalation.id });
    expect(byReply?.text).toBeDefined();
    await until(
      () => network.sent(reporter).find((s) => s.text.includes('sudah normal kembali')),
      'the reply update',
    );
  });

  it('keeps a photo sent during a report in the media store, linked on the ticket', async () => {
    await connected();
    const chat = '6281234500010@c.us';
    await say(chat, '3');
    await say(chat, 'jdih');
    const photo = network.say(chat, 'ini fotonya', { type: 'image', hasMedia: true });
    await repliesTo(chat, photo.id._serialized);
    await say(chat, 'dokumen perbup tidak bisa diunduh');
    await say(chat, 'kemarin');
    await say(chat, '2');
    await say(chat, REQUESTER);
    const opened = await say(chat, 'kirim');
    const code = codeIn(opened);
    expect(code, texts(opened)).not.toBe('');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    const [attachment] = ticket.attachments as { ref: string; source?: string; caption?: string }[];
    // The file itself, not a reference to a WhatsApp message that expires.
    expect(attachment?.ref).toMatch(/^media:\d+$/);
    expect(attachment).toMatchObject({ source: photo.id._serialized, caption: 'ini fotonya' });
    const media = await h.db.prisma.media.findUniqueOrThrow({
      where: { id: Number(attachment?.ref.slice('media:'.length)) },
    });
    expect(Buffer.from(media.bytes).toString()).toBe(`media of ${photo.id._serialized}`);
    expect(media).toMatchObject({ channel: 'whatsapp', mime: 'image/jpeg' });
  });

  it('stores no group chatter that is not a command, a reply to the bot or a mention', async () => {
    const chatter = network.sayInGroup(GROUP, TEKNISI, 'makan siang di mana kita?');
    const toSomeoneElse = network.sayInGroup(GROUP, TEKNISI, 'siap', { quoted: chatter.id._serialized });
    const mention = network.sayInGroup(GROUP, TEKNISI, `@${network.me.wid.split('@')[0]} bantuan dong`, {
      mentions: [network.me.wid],
    });
    await repliesTo(GROUP, mention.id._serialized);
    for (const m of [chatter, toSomeoneElse])
      expect(
        await h.db.prisma.inboundMessage.count({
          where: { channel: 'whatsapp', chatId: GROUP, externalId: m.id._serialized },
        }),
      ).toBe(0);
  });

  it('answers a message WhatsApp delivers twice once', async () => {
    const chat = '6281234500004@c.us';
    network.say(chat, 'jam layanan helpdesk', { id: 'DUPLICATE01' });
    network.say(chat, 'jam layanan helpdesk', { id: 'DUPLICATE01' });
    const later = await say(chat, 'status LYN-2026-9100');
    expect(texts(later)).toContain('LYN-2026-9100');
    const sent = network.sent(chat);
    expect(sent.filter((s) => /Jam layanan/i.test(s.text))).toHaveLength(1);
    expect(await h.db.prisma.inboundMessage.count({ where: { channel: 'whatsapp', chatId: chat } })).toBe(2);
  });

  it('makes a new client after WhatsApp disconnects, and answers what comes after', async () => {
    const clients = network.clients.length;
    network.disconnect(WAState.CONFLICT);
    expect(channel().status().state).toBe('reconnecting');
    await until(
      () => network.clients.length > clients && channel().status().state === 'connected',
      'reconnected',
    );
    expect(network.clients[clients - 1]?.destroyed).toBe(true);
    const replies = await say('6281234500005@c.us', 'status LYN-2026-9200');
    expect(texts(replies)).toContain('LYN-2026-9200');
  });

  it('after a downtime tells the sender of a too-old message once, and answers the newer ones in order', async () => {
    network.disconnect(WAState.UNPAIRED);
    network.setOffline(true);
    await until(() => channel().status().lastError?.includes('tidak terjangkau'), 'the failed start');
    const health = (await (await fetch(`${h.app.url}/healthz`)).json()) as {
      channels: Record<string, { state: string; lastError?: string }>;
    };
    expect(health.channels.whatsapp).toMatchObject({ state: 'reconnecting' });

    const nowS = Math.floor(Date.now() / 1000);
    const OLD = '6281234500006@c.us';
    const NEW = '6281234500007@c.us';
    const old1 = network.say(OLD, 'status LYN-2026-9301', { timestamp: nowS - 30 * 3600 });
    network.say(OLD, 'status LYN-2026-9302', { timestamp: nowS - 25 * 3600 });
    // Delivered out of order: answered in the order they were sent.
    const n3 = network.say(NEW, 'status LYN-2026-9403', { timestamp: nowS - 60 });
    network.say(NEW, 'status LYN-2026-9401', { timestamp: nowS - 5 * 3600 });
    network.say(NEW, 'status LYN-2026-9402', { timestamp: nowS - 3600 });
    network.setOffline(false);
    await connected();

    await repliesTo(NEW, n3.id._serialized);
    const answered = network.sent(NEW).map((s) => /LYN-2026-(\d+)/.exec(s.text)?.[1]);
    expect(answered).toEqual(['9401', '9402', '9403']);
    const notice = await until(() => network.sent(OLD)[0], 'the too-old notice');
    expect(notice.text).toMatch(/lebih dari 24 jam.*kirim ulang/);
    // A newer message from the same sender is answered as usual, after the single notice.
    const fresh = await say(OLD, 'status LYN-2026-9303');
    expect(texts(fresh)).toContain('LYN-2026-9303');
    expect(network.sent(OLD)).toHaveLength(2);
    expect(
      await h.db.prisma.inboundMessage.count({
        where: { channel: 'whatsapp', chatId: OLD, externalId: old1.id._serialized },
      }),
    ).toBe(0);
  });

  it('keeps to the daily cap: over it a reply waits in the outbox', async () => {
    await h.restart({ WHATSAPP_DAILY_CAP: '2' });
    await connected();
    const chat = '6281234500008@c.us';
    await say(chat, 'status LYN-2026-9501');
    await say(chat, 'status LYN-2026-9502');
    const third = network.say(chat, 'status LYN-2026-9503');
    const rowOf = async () => {
      const inbound = await h.db.prisma.inboundMessage.findFirst({
        where: { channel: 'whatsapp', chatId: chat, externalId: third.id._serialized },
      });
      return inbound?.processedAt
        ? h.db.prisma.outboundMessage.findFirst({ where: { inboundId: inbound.id } })
        : null;
    };
    const end = Date.now() + WAIT;
    while (!(await rowOf()) && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    // The send path has time to try (and to be put off by the cap).
    await new Promise((r) => setTimeout(r, 2_000));
    const row = await rowOf();
    if (!row) throw new Error('the third reply was not written');
    expect(row.status).toBe('PENDING');
    expect(network.sent(chat)).toHaveLength(2);
    expect(channel().status()).toMatchObject({ sentToday: 2, dailyCap: 2 });
  });

  it('on a logout says logged_out on /healthz, stops, and offers a new link on /whatsapp', async () => {
    await h.restart({});
    await connected();
    const clients = network.clients.length;
    network.disconnect('LOGOUT');
    await until(() => channel().status().state === 'logged_out', 'logged_out');
    const health = (await (await fetch(`${h.app.url}/healthz`)).json()) as {
      channels: Record<string, { state: string; lastError?: string }>;
    };
    expect(health.channels.whatsapp).toMatchObject({ state: 'logged_out' });

    // No attempt to restore the session: one client without it offers a new QR code on the link page.
    await until(() => channel().link().qr, 'a new QR code');
    const state = await fetch(`${h.app.url}/whatsapp/state`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(state.status).toBe(200);
    expect(await state.json()).toMatchObject({ state: 'waiting_for_link', hasQr: true });
    expect((await fetch(`${h.app.url}/whatsapp/state`)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(network.clients).toHaveLength(clients + 1);

    network.scan();
    await connected();
    const replies = await say('6281234500009@c.us', 'status LYN-2026-9600');
    expect(texts(replies)).toContain('LYN-2026-9600');
  });
});
