/**
 * The WhatsApp channel on its own, against the fake whatsapp-web.js Client: linking, the session kept
 * alive (reconnect, probe, logout), what is read and what is ignored, sending, acks, the daily cap and
 * the offline backlog. The whole helpdesk on WhatsApp: integration.test.ts and conformance.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import wweb from 'whatsapp-web.js';
import { createWhatsAppChannel, type WhatsAppChannel } from '../../../adapters/whatsapp/index.ts';
import { ChannelError, type ChannelEvent, type InboundMessage } from '../../../src/channel.ts';
import { silentLog, tempDir } from '../../support/app.ts';
import { FAKE_ERRORS, FAKE_ME, FakeWhatsAppNetwork } from '../../support/fake-whatsapp.ts';

const { MessageAck, WAState } = wweb;
const HOUR = 3_600_000;

interface Running {
  network: FakeWhatsAppNetwork;
  channel: WhatsAppChannel;
  received: InboundMessage[];
  events: ChannelEvent[];
}

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.channel.stop();
});

async function start(
  opts: { linked?: boolean; dailyCap?: number; pairingNumber?: string; minGapMs?: number } = {},
): Promise<Running> {
  const network = new FakeWhatsAppNetwork({ linked: opts.linked ?? true });
  const received: InboundMessage[] = [];
  const events: ChannelEvent[] = [];
  const channel = createWhatsAppChannel({
    log: silentLog,
    auth: { clientId: 'test', dataDir: tempDir('wa-channel') },
    chromiumPath: '/usr/bin/chromium',
    pairingNumber: opts.pairingNumber,
    maxBacklogMs: 24 * HOUR,
    dailyCap: opts.dailyCap ?? 1000,
    minGapMs: opts.minGapMs ?? 0,
    probeMs: 400,
    clientFactory: network.factory,
    reconnect: { initialMs: 50, maxMs: 400 },
    linkOfferMs: 300,
    backlogSettleMs: 100,
    showQr: () => {},
  });
  await channel.start(
    async (m) => {
      received.push(m);
    },
    async (e) => {
      events.push(e);
    },
  );
  const r = { network, channel, received, events };
  running.push(r);
  if (opts.linked ?? true) await connected(r);
  return r;
}

const until = <T>(r: Running, probe: () => T | undefined | false, what: string, ms = 15_000) =>
  r.network.waitFor(probe, ms, what);
const connected = (r: Running) => until(r, () => r.channel.status().state === 'connected', 'connected');
const arrived = (r: Running, id: string) =>
  until(r, () => r.received.find((m) => m.externalId === id), `message ${id}`);
const PERSON = '6281234500001@c.us';
const GROUP = '120363000000000001@g.us';
const STAFF = '6281234500009@c.us';

describe('linking', () => {
  it('waits for a link with the QR code, follows its rotation, and connects once scanned', async () => {
    const r = await start({ linked: false });
    await until(r, () => r.channel.status().state === 'waiting_for_link', 'waiting_for_link');
    expect(r.channel.link()).toMatchObject({ state: 'waiting_for_link', qr: r.network.qrs[0] });
    const before = r.channel.link().updatedAt;
    await new Promise((res) => setTimeout(res, 5));
    const rotated = r.network.rotateQr();
    expect(r.channel.link().qr).toBe(rotated);
    expect(r.channel.link().updatedAt > before).toBe(true);
    r.network.scan();
    await connected(r);
    const link = r.channel.link();
    expect(link.state).toBe('connected');
    expect(link.qr).toBeUndefined();
  });

  it('offers a pairing code instead when a pairing number is configured', async () => {
    const r = await start({ linked: false, pairingNumber: '6281100000001' });
    await until(r, () => r.channel.link().pairingCode, 'a pairing code');
    expect(r.channel.link()).toMatchObject({
      state: 'waiting_for_link',
      pairingCode: r.network.pairingCodes[0],
    });
    expect(r.channel.link().qr).toBeUndefined();
    expect(r.network.clients[0]?.settings.pairingNumber).toBe('6281100000001');
  });
});

describe('keeping the session alive', () => {
  it('makes a new client after a disconnect and goes on answering', async () => {
    const r = await start();
    r.network.disconnect(WAState.CONFLICT);
    expect(r.channel.status().state).toBe('reconnecting');
    expect(r.channel.status().lastError).toContain('CONFLICT');
    await connected(r);
    expect(r.network.clients).toHaveLength(2);
    expect(r.network.clients[0]?.destroyed).toBe(true);
    const msg = r.network.say(PERSON, 'halo lagi');
    expect((await arrived(r, msg.id._serialized)).text).toBe('halo lagi');
  });

  it('retries a start that fails (no internet) with backoff, saying why, until it gets through', async () => {
    const network = new FakeWhatsAppNetwork();
    network.failInitialize(3);
    const r = await startOn(network);
    await until(r, () => r.channel.status().lastError, 'an error');
    expect(r.channel.status()).toMatchObject({ state: 'reconnecting' });
    expect(r.channel.status().lastError).toMatch(/WhatsApp Web tidak terjangkau.*ERR_NAME_NOT_RESOLVED/);
    await connected(r);
    expect(network.initializeCalls).toBe(4);
    // Each failed Client was destroyed before the next one: no Chromium left behind.
    expect(network.clients.slice(0, 3).every((c) => c.destroyed)).toBe(true);
  });

  it('restarts a session that went silent and whose state check fails', async () => {
    const r = await start();
    r.network.wedge(WAState.TIMEOUT);
    await until(
      r,
      () => r.network.clients.length === 2 && r.channel.status().state === 'connected',
      'a new client',
      20_000,
    );
    expect(r.channel.status().lastError).toMatch(/health probe: state TIMEOUT/);
    expect(r.network.clients[0]?.destroyed).toBe(true);
  });

  it('checks the session at once when a send finds the page gone, and restarts it', async () => {
    const network = new FakeWhatsAppNetwork();
    const r = await startOn(network);
    await connected(r);
    network.wedge(new Error('Protocol error (Runtime.callFunctionOn): Session closed.'));
    network.failNextSends(PERSON, FAKE_ERRORS.unreachable);
    const failed = await r.channel
      .send({ channel: 'whatsapp', chatId: PERSON }, { text: 'x' })
      .catch((e) => e);
    expect((failed as ChannelError).kind).toBe('unreachable');
    // probeMs is a minute here: only the send's suspicion explains a new client this soon.
    await until(
      r,
      () => network.clients.length === 2 && r.channel.status().state === 'connected',
      'a new client',
    );
    expect(r.channel.status().lastError).toMatch(/health probe: Protocol error/);
  });

  it('keeps a quiet session whose state check says CONNECTED', async () => {
    const r = await start();
    await new Promise((res) => setTimeout(res, 1_200));
    expect(r.network.clients).toHaveLength(1);
    expect(r.channel.status().state).toBe('connected');
  });

  it('stops at a logout: logged_out, link_lost told once, then one client offering a new QR code', async () => {
    const r = await start();
    r.network.disconnect('LOGOUT');
    await until(r, () => r.events.length > 0, 'link_lost');
    expect(r.events).toEqual([{ type: 'link_lost', reason: 'logged_out' }]);
    expect(r.channel.status()).toMatchObject({ state: 'logged_out', lastError: 'logged out (LOGOUT)' });
    // No attempt to restore the session; after a moment a client without one offers a new link.
    await until(r, () => r.channel.link().qr, 'a new QR code');
    expect(r.channel.link().state).toBe('waiting_for_link');
    await new Promise((res) => setTimeout(res, 600));
    expect(r.network.clients).toHaveLength(2);
    r.network.scan();
    await connected(r);
    expect(r.events).toHaveLength(1);
  });

  it('stops at an auth failure; when the offered link fails too it stays logged_out until relink()', async () => {
    const r = await start();
    r.network.failAuth();
    await until(r, () => r.events.length > 0, 'link_lost');
    expect(r.events).toEqual([{ type: 'link_lost', reason: 'auth_failure' }]);
    expect(r.channel.status()).toMatchObject({
      state: 'logged_out',
      lastError: expect.stringMatching(/auth failure/),
    });
    // The client offering a new link cannot restore either: no loop, told once.
    r.network.failAuth('still broken');
    await until(
      r,
      () => r.network.clients.length === 2 && r.network.clients[1]?.destroyed,
      'the offered client',
    );
    await new Promise((res) => setTimeout(res, 800));
    expect(r.network.clients).toHaveLength(2);
    expect(r.channel.status().state).toBe('logged_out');
    expect(r.events).toHaveLength(1);
    await r.channel.relink();
    await until(r, () => r.channel.link().qr, 'a QR code');
    expect(r.channel.link().state).toBe('waiting_for_link');
    r.network.scan();
    await connected(r);
  });

  it('counts a client asking for a new link after the number was linked as a logout', async () => {
    const r = await start();
    // Unlinked on the phone: WhatsApp says UNPAIRED, and the next client finds no session.
    r.network.linked = false;
    r.network.disconnect(WAState.UNPAIRED);
    await until(r, () => r.channel.link().qr, 'a QR code');
    expect(r.events).toEqual([{ type: 'link_lost', reason: 'logged_out' }]);
    expect(r.channel.status().state).toBe('waiting_for_link');
    r.network.rotateQr();
    expect(r.events).toHaveLength(1);
  });

  it('destroys its client when stopped, and starts again (the owner lock taken back)', async () => {
    const r = await start();
    expect(r.channel).toMatchObject({ exclusive: true, accountId: 'test' });
    await r.channel.stop();
    expect(r.network.clients[0]?.destroyed).toBe(true);
    expect(r.channel.status().state).toBe('disconnected');
    await r.channel.start(
      async (m) => {
        r.received.push(m);
      },
      async (e) => {
        r.events.push(e);
      },
    );
    await connected(r);
    expect(r.network.clients).toHaveLength(2);
    const msg = r.network.say(PERSON, 'sudah kembali?');
    expect((await arrived(r, msg.id._serialized)).text).toBe('sudah kembali?');
  });
});

async function startOn(network: FakeWhatsAppNetwork): Promise<Running> {
  const received: InboundMessage[] = [];
  const events: ChannelEvent[] = [];
  const channel = createWhatsAppChannel({
    log: silentLog,
    auth: { clientId: 'test', dataDir: tempDir('wa-channel') },
    chromiumPath: '/usr/bin/chromium',
    maxBacklogMs: 24 * HOUR,
    dailyCap: 1000,
    minGapMs: 0,
    probeMs: 60_000,
    clientFactory: network.factory,
    reconnect: { initialMs: 50, maxMs: 400 },
    backlogSettleMs: 100,
    showQr: () => {},
  });
  await channel.start(
    async (m) => {
      received.push(m);
    },
    async (e) => {
      events.push(e);
    },
  );
  const r = { network, channel, received, events };
  running.push(r);
  return r;
}

describe('reading messages', () => {
  it('passes a private message on with its sender, name, time and id', async () => {
    const r = await start();
    const msg = r.network.say(PERSON, 'jam layanan helpdesk?', { name: 'Ani' });
    const m = await arrived(r, msg.id._serialized);
    expect(m).toMatchObject({
      chat: { channel: 'whatsapp', chatId: PERSON, isGroup: false },
      from: { externalId: PERSON, displayName: 'Ani' },
      text: 'jam layanan helpdesk?',
      isGroup: false,
    });
    expect(m.addressed).toBeUndefined();
    expect(Math.abs(m.receivedAt.getTime() - msg.timestamp * 1000)).toBe(0);
  });

  it('names the phone JID of an @lid sender, asking WhatsApp once per person', async () => {
    const r = await start();
    const lid = '207000000000042@lid';
    r.network.mapLid(lid, '6281234500042@c.us');
    const lookupsBefore = r.network.lookups.length;
    const first = r.network.say(lid, 'halo');
    expect((await arrived(r, first.id._serialized)).from).toMatchObject({
      externalId: lid,
      alsoKnownAs: ['6281234500042@c.us'],
    });
    const second = r.network.say(lid, 'status GGN-2026-0001');
    expect((await arrived(r, second.id._serialized)).from.alsoKnownAs).toEqual(['6281234500042@c.us']);
    // The answer for the @lid told the phone JID's too: never asked for either again.
    const third = r.network.say('6281234500042@c.us', 'tes');
    expect((await arrived(r, third.id._serialized)).from.alsoKnownAs).toEqual([lid]);
    expect(r.network.lookups.slice(lookupsBefore)).toEqual([[lid]]);
  });

  it('ignores status updates, its own messages typed on the phone, and group chatter', async () => {
    const r = await start();
    r.network.deliver({ chatId: PERSON, text: 'status baru', status: true });
    r.network.typeOnPhone(PERSON, 'diketik di HP');
    r.network.sayInGroup(GROUP, STAFF, 'makan siang di mana?');
    const marker = r.network.say(PERSON, 'penanda');
    await arrived(r, marker.id._serialized);
    expect(r.received.map((m) => m.text)).toEqual(['penanda']);
  });

  it('in a group passes commands, mentions of the bot and replies to it, with the sender as author', async () => {
    const r = await start();
    const command = r.network.sayInGroup(GROUP, STAFF, '/antrian', { name: 'Teknisi' });
    const c = await arrived(r, command.id._serialized);
    expect(c).toMatchObject({
      chat: { chatId: GROUP, isGroup: true },
      from: { externalId: STAFF, displayName: 'Teknisi' },
      isGroup: true,
      addressed: true,
    });
    const mention = r.network.sayInGroup(GROUP, STAFF, '@6281100000001 tolong cek antrian', {
      mentions: [FAKE_ME.wid],
    });
    expect(await arrived(r, mention.id._serialized)).toMatchObject({
      text: 'tolong cek antrian',
      addressed: true,
    });
    const byLid = r.network.sayInGroup(GROUP, STAFF, '@190000000000001 halo', { mentions: [FAKE_ME.lid] });
    // Our @lid is known only when WhatsApp told it at ready (not on this network): not a mention of us.
    const { externalId } = await r.channel.send(
      { channel: 'whatsapp', chatId: GROUP, isGroup: true },
      { text: 'Tiket baru' },
    );
    const reply = r.network.sayInGroup(GROUP, STAFF, 'saya ambil', { quoted: externalId });
    expect(await arrived(r, reply.id._serialized)).toMatchObject({
      replyToExternalId: externalId,
      addressed: true,
    });
    const otherReply = r.network.sayInGroup(GROUP, STAFF, 'setuju', { quoted: command.id._serialized });
    const marker = r.network.sayInGroup(GROUP, STAFF, '/bantuan');
    await arrived(r, marker.id._serialized);
    expect(r.received.find((m) => m.externalId === otherReply.id._serialized)).toBeUndefined();
    expect(r.received.find((m) => m.externalId === byLid.id._serialized)).toBeUndefined();
  });

  it('knows its own @lid for mentions once WhatsApp tells it', async () => {
    const network = new FakeWhatsAppNetwork();
    network.mapLid(FAKE_ME.lid, FAKE_ME.wid);
    const r = await startOn(network);
    await connected(r);
    await until(r, () => network.lookups.some((l) => l[0] === FAKE_ME.wid), 'the own lookup');
    const byLid = network.sayInGroup(GROUP, STAFF, '@190000000000001 halo', { mentions: [FAKE_ME.lid] });
    expect(await arrived(r, byLid.id._serialized)).toMatchObject({ text: 'halo', addressed: true });
  });

  it('keeps media as references by message id, with a document’s name and a location as lat,long', async () => {
    const r = await start();
    const photo = r.network.say(PERSON, 'ini fotonya', { type: 'image', hasMedia: true });
    expect((await arrived(r, photo.id._serialized)).attachments).toEqual([
      { kind: 'image', ref: photo.id._serialized },
    ]);
    const doc = r.network.say(PERSON, '', { type: 'document', hasMedia: true, filename: 'surat.pdf' });
    expect((await arrived(r, doc.id._serialized)).attachments).toEqual([
      { kind: 'document', ref: doc.id._serialized, name: 'surat.pdf' },
    ]);
    const voice = r.network.say(PERSON, '', { type: 'ptt', hasMedia: true });
    expect((await arrived(r, voice.id._serialized)).attachments?.[0]?.kind).toBe('audio');
    const place = r.network.say(PERSON, '/9j/4AAQSkZJRgABAQ', {
      location: { latitude: -6.2, longitude: 106.8 },
    });
    expect(await arrived(r, place.id._serialized)).toMatchObject({
      text: '',
      attachments: [{ kind: 'location', ref: '-6.2,106.8' }],
    });
  });
});

describe('sending', () => {
  it('sends choices as a numbered list under the text, and long text in parts', async () => {
    const r = await start();
    await r.channel.send(
      { channel: 'whatsapp', chatId: PERSON },
      {
        text: 'Silakan pilih:',
        choices: [
          { id: 'a', label: '*Ya*' },
          { id: 'b', label: 'Tidak' },
        ],
      },
    );
    expect(r.network.sent(PERSON).map((s) => s.text)).toEqual(['Silakan pilih:\n\n1. *Ya*\n2. Tidak']);
    const long = Array.from({ length: 120 }, (_, i) => `baris ${i} ${'x'.repeat(60)}`).join('\n');
    await r.channel.send({ channel: 'whatsapp', chatId: '6281234500002@c.us' }, { text: long });
    const parts = r.network.sent('6281234500002@c.us').map((s) => s.text);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= 4000)).toBe(true);
    expect(parts.join('\n')).toBe(long);
  });

  it('says what kind of failure a send met', async () => {
    const r = await start();
    const to = { channel: 'whatsapp' as const, chatId: PERSON };
    const kindOf = async (error: () => Error) => {
      r.network.failNextSends(PERSON, error);
      return r.channel.send(to, { text: 'x' }).then(
        () => 'sent',
        (e: unknown) => (e instanceof ChannelError ? e.kind : 'other'),
      );
    };
    expect(await kindOf(FAKE_ERRORS.rejected)).toBe('rejected');
    expect(await kindOf(FAKE_ERRORS.unreachable)).toBe('unreachable');
    expect(await kindOf(FAKE_ERRORS.transient)).toBe('transient');
    expect(await kindOf(FAKE_ERRORS.rate_limited)).toBe('rate_limited');
    r.network.disconnect(WAState.UNPAIRED);
    const offline = await r.channel.send(to, { text: 'x' }).catch((e: unknown) => e);
    expect(offline).toBeInstanceOf(ChannelError);
    expect((offline as ChannelError).kind).toBe('unreachable');
  });

  it('records acks: delivered, and a refused send logged and counted', async () => {
    const r = await start();
    const { externalId } = await r.channel.send(
      { channel: 'whatsapp', chatId: PERSON },
      { text: 'halo', key: 'out-1' },
    );
    await until(r, () => r.channel.delivery(externalId)?.delivery === 'delivered', 'delivered');
    r.network.autoAck = false;
    const refused = await r.channel.send(
      { channel: 'whatsapp', chatId: PERSON },
      { text: 'lagi', key: 'out-2' },
    );
    r.network.ack(refused.externalId, MessageAck.ACK_ERROR);
    expect(r.channel.delivery(refused.externalId)).toMatchObject({
      key: 'out-2',
      delivery: 'failed',
      ack: -1,
    });
    expect(r.channel.status().acks).toMatchObject({ delivered: 1, failed: 1 });
  });

  it('keeps to the daily cap: over it a send is rate-limited until the next UTC day', async () => {
    const r = await start({ dailyCap: 2 });
    const to = { channel: 'whatsapp' as const, chatId: PERSON };
    await r.channel.send(to, { text: 'satu' });
    await r.channel.send(to, { text: 'dua' });
    const over = await r.channel.send(to, { text: 'tiga' }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(ChannelError);
    const err = over as ChannelError;
    expect(err.kind).toBe('rate_limited');
    const now = new Date();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    expect(Math.abs((err.retryAfterMs ?? 0) - (midnight - Date.now()))).toBeLessThan(5_000);
    expect(r.network.sent(PERSON)).toHaveLength(2);
    expect(r.channel.status()).toMatchObject({ sentToday: 2, dailyCap: 2 });
  });

  it('paces with a jitter on top of the gap, which the send path keeps through limits', async () => {
    const r = await start({ minGapMs: 400 });
    expect(r.channel.limits).toEqual({ perChatMs: 400 });
    const began = Date.now();
    await r.channel.send({ channel: 'whatsapp', chatId: PERSON }, { text: 'x' });
    // The jitter is below half the gap.
    expect(Date.now() - began).toBeLessThan(400);
  });
});

describe('the offline backlog', () => {
  it('tells the sender of a too-old message once, and handles the newer ones oldest first', async () => {
    const r = await start();
    r.network.disconnect(WAState.UNPAIRED);
    r.network.setOffline(true);
    const nowS = Math.floor(Date.now() / 1000);
    const OLD = '6281234500070@c.us';
    const NEW = '6281234500071@c.us';
    r.network.say(OLD, 'pesan lama sekali', { timestamp: nowS - 30 * 3600 });
    r.network.say(OLD, 'pesan lama juga', { timestamp: nowS - 26 * 3600 });
    // Delivered out of order, as WhatsApp Web may: handled in sending order.
    r.network.say(NEW, 'ketiga', { timestamp: nowS - 60 });
    r.network.say(NEW, 'pertama', { timestamp: nowS - 3 * 3600 });
    r.network.say(NEW, 'kedua', { timestamp: nowS - 2 * 3600 });
    r.network.setOffline(false);
    await connected(r);
    await until(r, () => r.received.filter((m) => m.chat.chatId === NEW).length === 3, 'the newer messages');
    expect(r.received.filter((m) => m.chat.chatId === NEW).map((m) => m.text)).toEqual([
      'pertama',
      'kedua',
      'ketiga',
    ]);
    expect(r.received.some((m) => m.chat.chatId === OLD)).toBe(false);
    await until(r, () => r.network.sent(OLD).length > 0, 'the notice');
    await new Promise((res) => setTimeout(res, 300));
    const notices = r.network.sent(OLD);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toMatch(/lebih dari 24 jam.*kirim ulang/);
  });
});
