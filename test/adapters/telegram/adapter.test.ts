import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, TELEGRAM_LIMITS } from '../../../adapters/telegram/index.ts';
import { ChannelError, type ChannelEvent, type InboundMessage } from '../../../src/channel.ts';
import { silentLog } from '../../support/app.ts';
import { FAKE_BOT, type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram.ts';

const BUDI = { id: 501, first_name: 'Budi', last_name: 'Santoso' };
const SITI = { id: 502, first_name: 'Siti' };
const STAFF_GROUP = -1001234567890;

let fake: FakeTelegram;
let channel: ReturnType<typeof createTelegramChannel>;
const received: InboundMessage[] = [];
const events: ChannelEvent[] = [];
let attempts = 0;
let failStoring = 0;

async function store(m: InboundMessage): Promise<void> {
  attempts++;
  if (failStoring > 0) {
    failStoring--;
    throw new Error('database away');
  }
  received.push(m);
}

function arrived(chatId: number | string, externalId: string | number): Promise<InboundMessage> {
  return fake.waitFor(() =>
    received.find((m) => m.chat.chatId === String(chatId) && m.externalId === String(externalId)),
  );
}

beforeAll(async () => {
  fake = await startFakeTelegram();
  channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.url,
    log: silentLog,
    pollTimeoutSeconds: 1,
  });
  await channel.start(store, async (e) => {
    events.push(e);
  });
});

afterAll(async () => {
  await channel?.stop();
  await fake?.close();
});

describe('Telegram inbound: updates by long polling as the port’s messages', () => {
  it('maps a private text message: chat, sender, message id unique in its chat', async () => {
    const { message } = fake.message(BUDI.id, BUDI, 'jam layanan helpdesk?');
    const m = await arrived(BUDI.id, message.message_id);
    expect(m).toMatchObject({
      chat: { channel: 'telegram', chatId: '501', isGroup: false },
      from: { externalId: '501', displayName: 'Budi Santoso' },
      text: 'jam layanan helpdesk?',
      isGroup: false,
    });
    expect(m.addressed).toBeUndefined();
    expect(m.chat.threadId).toBeUndefined();
    expect(m.receivedAt).toBeInstanceOf(Date);
    expect(channel.status()).toMatchObject({ state: 'connected' });
    expect(channel.status().lastEventAt).toBeDefined();
  });

  it('takes Telegram’s START (/start, /start with a payload) in a private chat as the menu button', async () => {
    const { message } = fake.message(SITI.id, SITI, '/start');
    expect(await arrived(SITI.id, message.message_id)).toMatchObject({ text: '/start', choice: 'menu' });
    const linked = fake.message(SITI.id, SITI, '/start dari-website').message;
    expect(await arrived(SITI.id, linked.message_id)).toMatchObject({ choice: 'menu' });
    const other = fake.message(SITI.id, SITI, '/startup ide').message;
    expect((await arrived(SITI.id, other.message_id)).choice).toBeUndefined();
  });

  it('understands /command@botname in a group: addressed, @botname stripped', async () => {
    const { message } = fake.message(STAFF_GROUP, SITI, `/ambil@${FAKE_BOT.username} GGN-2026-0001`);
    const m = await arrived(STAFF_GROUP, message.message_id);
    expect(m).toMatchObject({ text: '/ambil GGN-2026-0001', isGroup: true, addressed: true });
    expect(m.chat).toMatchObject({ chatId: String(STAFF_GROUP), isGroup: true });
    const plain = fake.message(STAFF_GROUP, SITI, '/bantuan').message;
    expect(await arrived(STAFF_GROUP, plain.message_id)).toMatchObject({ text: '/bantuan', addressed: true });
    const other = fake.message(STAFF_GROUP, SITI, '/ambil@other_bot GGN-2026-0001').message;
    expect(await arrived(STAFF_GROUP, other.message_id)).toMatchObject({ addressed: false });
  });

  it('marks group chatter that is not for the bot as not addressed', async () => {
    const { message } = fake.message(STAFF_GROUP, SITI, 'siapa yang pegang server hari ini?');
    const m = await arrived(STAFF_GROUP, message.message_id);
    expect(m).toMatchObject({ isGroup: true, addressed: false, text: 'siapa yang pegang server hari ini?' });
  });

  it('takes a reply to one of the bot’s messages as addressed, with the replied message’s id', async () => {
    const { externalId } = await channel.send(
      { channel: 'telegram', chatId: String(STAFF_GROUP), isGroup: true },
      { text: 'Tiket baru GGN-2026-0002' },
    );
    const { message } = fake.message(STAFF_GROUP, SITI, '/ambil', {
      reply_to_message: {
        message_id: Number(externalId),
        date: 1,
        chat: { id: STAFF_GROUP, type: 'supergroup', title: 'PT' },
        from: FAKE_BOT,
        text: 'Tiket baru GGN-2026-0002',
      },
    });
    const m = await arrived(STAFF_GROUP, message.message_id);
    expect(m).toMatchObject({ addressed: true, replyToExternalId: externalId, text: '/ambil' });
    const toPerson = fake.message(STAFF_GROUP, SITI, 'oke', {
      reply_to_message: { message_id: 1, date: 1, chat: { id: STAFF_GROUP, type: 'supergroup' }, from: SITI },
    }).message;
    expect(await arrived(STAFF_GROUP, toPerson.message_id)).toMatchObject({
      addressed: false,
      replyToExternalId: '1',
    });
  });

  it('takes a mention of the bot as addressed and strips it', async () => {
    const { message } = fake.message(
      STAFF_GROUP,
      SITI,
      `tolong @${FAKE_BOT.username.toUpperCase()} /status GGN-2026-0001`,
    );
    const m = await arrived(STAFF_GROUP, message.message_id);
    expect(m).toMatchObject({ addressed: true, text: 'tolong /status GGN-2026-0001' });
  });

  it('turns a tap into a choice, answers it at once and removes the keyboard', async () => {
    const choices = [
      { id: 'yes', label: 'Ya, sudah selesai' },
      { id: 'no', label: 'Belum' },
    ];
    await channel.send(
      { channel: 'telegram', chatId: String(BUDI.id) },
      { text: 'Apakah masalah sudah selesai?', choices },
    );
    const [asked] = fake.sent(BUDI.id).slice(-1);
    if (!asked) throw new Error('nothing sent');
    expect(asked.reply_markup?.inline_keyboard).toEqual([
      [{ text: '1. Ya, sudah selesai', callback_data: 'yes' }],
      [{ text: '2. Belum', callback_data: 'no' }],
    ]);
    const tap = fake.tap(asked, BUDI, 'no');
    const id = (tap.callback_query as { id: string }).id;
    const m = await arrived(BUDI.id, `cb-${id}`);
    expect(m).toMatchObject({
      chat: { channel: 'telegram', chatId: '501', isGroup: false },
      from: { externalId: '501' },
      choice: 'no',
      text: 'Belum',
      isGroup: false,
    });
    expect(fake.calls('answerCallbackQuery')).toContainEqual(
      expect.objectContaining({ callback_query_id: id }),
    );
    await fake.waitFor(() =>
      fake.calls('editMessageReplyMarkup').some((c) => c.message_id === asked.message_id),
    );
    expect(fake.sent(BUDI.id).find((s) => s.message_id === asked.message_id)?.reply_markup).toBeUndefined();
  });

  it('a choice id too long for callback_data is sent as its number and comes back as the number typed', async () => {
    const long = `svc-${'x'.repeat(70)}`;
    await channel.send(
      { channel: 'telegram', chatId: String(BUDI.id) },
      {
        text: 'Pilih layanan',
        choices: [
          { id: 'a', label: 'A' },
          { id: long, label: 'Panjang' },
        ],
      },
    );
    const asked = fake.sent(BUDI.id).at(-1);
    if (!asked) throw new Error('nothing sent');
    expect(asked.reply_markup?.inline_keyboard[1]?.[0]).toEqual({ text: '2. Panjang', callback_data: '#2' });
    const tap = fake.tap(asked, BUDI, '#2');
    const m = await arrived(BUDI.id, `cb-${(tap.callback_query as { id: string }).id}`);
    expect(m.choice).toBeUndefined();
    expect(m.text).toBe('2');
  });

  it('maps a photo with a caption: the largest size’s file id, the caption as text', async () => {
    const { message } = fake.message(BUDI.id, BUDI, '', {
      caption: 'layar error SIMPEG',
      photo: [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 60 },
        { file_id: 'large', file_unique_id: 'l', width: 1280, height: 853 },
        { file_id: 'medium', file_unique_id: 'm', width: 320, height: 213 },
      ],
    });
    const m = await arrived(BUDI.id, message.message_id);
    expect(m.text).toBe('layar error SIMPEG');
    expect(m.attachments).toEqual([{ kind: 'image', ref: 'large' }]);
    const doc = fake.message(BUDI.id, BUDI, '', {
      document: { file_id: 'doc1', file_unique_id: 'd', file_name: 'surat.pdf' },
    }).message;
    expect((await arrived(BUDI.id, doc.message_id)).attachments).toEqual([
      { kind: 'document', ref: 'doc1', name: 'surat.pdf' },
    ]);
    const loc = fake.message(BUDI.id, BUDI, '', { location: { latitude: -6.12, longitude: 106.15 } }).message;
    expect((await arrived(BUDI.id, loc.message_id)).attachments).toEqual([
      { kind: 'location', ref: '-6.12,106.15' },
    ]);
    const voice = fake.message(BUDI.id, BUDI, '', {
      voice: { file_id: 'v1', file_unique_id: 'v', duration: 3 },
    }).message;
    expect((await arrived(BUDI.id, voice.message_id)).attachments).toEqual([{ kind: 'audio', ref: 'v1' }]);
    const sticker = fake.message(BUDI.id, BUDI, '', {
      sticker: { file_id: 'st1', file_unique_id: 'st' },
    }).message;
    expect((await arrived(BUDI.id, sticker.message_id)).attachments).toEqual([
      { kind: 'sticker', ref: 'st1' },
    ]);
  });

  it('keeps a forum topic both ways: message_thread_id in, message_thread_id out', async () => {
    const { message } = fake.message(STAFF_GROUP, SITI, '/antrian', {
      message_thread_id: 77,
      is_topic_message: true,
    });
    const m = await arrived(STAFF_GROUP, message.message_id);
    expect(m.chat.threadId).toBe('77');
    // Outside a forum, message_thread_id on a reply is no topic.
    const reply = fake.message(STAFF_GROUP, SITI, '/antrian', { message_thread_id: 3 }).message;
    expect((await arrived(STAFF_GROUP, reply.message_id)).chat.threadId).toBeUndefined();
    await channel.send(
      { channel: 'telegram', chatId: String(STAFF_GROUP), threadId: '77', isGroup: true },
      { text: 'Antrian kosong' },
    );
    expect(fake.sent(STAFF_GROUP).at(-1)).toMatchObject({ text: 'Antrian kosong', message_thread_id: 77 });
  });

  it('reports a group upgraded to a supergroup as chat_migrated', async () => {
    fake.message(-4001, SITI, '', { migrate_to_chat_id: -1004001 });
    const e = await fake.waitFor(() =>
      events.find((x) => x.type === 'chat_migrated' && x.fromChatId === '-4001'),
    );
    expect(e).toEqual({ type: 'chat_migrated', fromChatId: '-4001', toChatId: '-1004001' });
  });

  it('ignores its own messages, other bots, edits, channel posts and service messages', async () => {
    const own = fake.message(STAFF_GROUP, { ...FAKE_BOT }, 'Tiket baru').message;
    const otherBot = fake.message(STAFF_GROUP, { id: 999, first_name: 'X', is_bot: true }, '/ambil').message;
    const joined = fake.message(STAFF_GROUP, SITI, '', { new_chat_members: [SITI] }).message;
    fake.queue({
      edited_message: {
        message_id: 1,
        date: 1,
        edit_date: 2,
        chat: { id: BUDI.id, type: 'private' },
        from: BUDI,
        text: 'ubah',
      },
    });
    fake.queue({
      channel_post: { message_id: 1, date: 1, chat: { id: -100555, type: 'channel' }, text: 'pengumuman' },
    });
    const marker = fake.message(BUDI.id, BUDI, 'penanda').message;
    await arrived(BUDI.id, marker.message_id);
    for (const id of [own.message_id, otherBot.message_id, joined.message_id])
      expect(
        received.find((m) => m.chat.chatId === String(STAFF_GROUP) && m.externalId === String(id)),
      ).toBeUndefined();
    expect(received.find((m) => m.text === 'ubah' || m.text === 'pengumuman')).toBeUndefined();
  });

  it('confirms an update only after it was stored: a failed store gets the same update again', async () => {
    failStoring = 1;
    const before = attempts;
    const { update, message } = fake.message(BUDI.id, BUDI, 'tolong simpan ini');
    const m = await arrived(BUDI.id, message.message_id);
    expect(m.text).toBe('tolong simpan ini');
    expect(attempts - before).toBe(2);
    expect(
      received.filter((r) => r.chat.chatId === '501' && r.externalId === String(message.message_id)),
    ).toHaveLength(1);
    await fake.waitFor(() => fake.confirmedOffset() > update.update_id);
  });

  it('picks up on restart where Telegram says: unconfirmed updates come, confirmed ones do not', async () => {
    await channel.stop();
    const { message } = fake.message(BUDI.id, BUDI, 'dikirim saat bot mati');
    const second = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.url,
      log: silentLog,
      pollTimeoutSeconds: 1,
    });
    const seen: InboundMessage[] = [];
    await second.start(async (x) => {
      seen.push(x);
    });
    try {
      const m = await fake.waitFor(() => seen.find((x) => x.externalId === String(message.message_id)));
      expect(m.text).toBe('dikirim saat bot mati');
      expect(seen.filter((x) => x.chat.chatId === '501')).toHaveLength(1);
    } finally {
      await second.stop();
      await channel.start(store, async (e) => {
        events.push(e);
      });
    }
  });
});

describe('Telegram outbound: HTML, splitting, keyboards', () => {
  const to = { channel: 'telegram' as const, chatId: String(BUDI.id) };

  it('escapes what the reporter wrote: <b> and & arrive literally', async () => {
    const text = 'Keluhan: "<b>penting</b> & <script>x</script>" 5 > 3';
    const { externalId } = await channel.send(to, { text });
    const sent = fake.sent(BUDI.id).at(-1);
    expect(String(sent?.message_id)).toBe(externalId);
    expect(sent?.text).toBe(text);
    expect(sent?.bold).toEqual([]);
    expect(fake.calls('sendMessage').at(-1)).toMatchObject({ parse_mode: 'HTML' });
  });

  it('turns *bold* into <b>, not markers inside a word', async () => {
    await channel.send(to, { text: 'Tiket *GGN-2026-0001* dibuat; tabel data*pegawai*x tetap' });
    const sent = fake.sent(BUDI.id).at(-1);
    expect(sent?.html).toContain('<b>GGN-2026-0001</b>');
    expect(sent?.bold).toEqual(['GGN-2026-0001']);
    expect(sent?.text).toBe('Tiket GGN-2026-0001 dibuat; tabel data*pegawai*x tetap');
  });

  it('splits 10,000 characters into 3 messages in order, on line breaks, keyboard on the last', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, '0')} ${'a'.repeat(45)}`);
    const text = lines.join('\n');
    expect(text.length).toBe(9999);
    const before = fake.sent(BUDI.id).length;
    const { externalId } = await channel.send(to, { text, choices: [{ id: 'ok', label: 'Oke' }] });
    const parts = fake.sent(BUDI.id).slice(before);
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.text).join('\n')).toBe(text);
    expect(parts.map((p) => Boolean(p.reply_markup))).toEqual([false, false, true]);
    expect(String(parts[2]?.message_id)).toBe(externalId);
    const hard = await channel.send(to, { text: 'x'.repeat(10_000) });
    const unbroken = fake.sent(BUDI.id).slice(-3);
    expect(unbroken.map((p) => p.text.length)).toEqual([4096, 4096, 1808]);
    expect(String(unbroken[2]?.message_id)).toBe(hard.externalId);
  });

  it('retrying a send that failed halfway sends only the parts still missing', async () => {
    const chat = { channel: 'telegram' as const, chatId: '601' };
    const text = `${'a'.repeat(4000)}\n${'b'.repeat(4000)}`;
    fake.failNext(601, 'server_error', { after: 1 });
    await expect(channel.send(chat, { text, key: 'out-1' })).rejects.toMatchObject({ kind: 'transient' });
    expect(fake.sent(601).map((s) => s.text.charAt(0))).toEqual(['a']);
    const { externalId } = await channel.send(chat, { text, key: 'out-1' });
    expect(fake.sent(601).map((s) => s.text.charAt(0))).toEqual(['a', 'b']);
    expect(externalId).toBe(String(fake.sent(601)[1]?.message_id));
  });

  it('has Telegram’s send limits', () => {
    expect(channel.limits).toEqual({
      perChatMs: 1000,
      perGroup: { max: 20, windowMs: 60_000 },
      perSecond: 30,
    });
    expect(TELEGRAM_LIMITS.perGroup).toEqual({ max: 20, windowMs: 60_000 });
  });
});

describe('Telegram send errors as ChannelError kinds', () => {
  async function failWith(kind: Parameters<FakeTelegram['failNext']>[1], opts = {}): Promise<ChannelError> {
    const chat = 700 + Math.floor(Math.random() * 1000);
    fake.failNext(chat, kind, opts);
    const e = await channel
      .send({ channel: 'telegram', chatId: String(chat) }, { text: 'halo' })
      .catch((x) => x);
    expect(e).toBeInstanceOf(ChannelError);
    return e as ChannelError;
  }

  it('429 with retry_after → rate_limited with retryAfterMs', async () => {
    const e = await failWith('rate_limited', { retryAfter: 7 });
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
    expect(e.retryable).toBe(true);
  });

  it('blocked by the user, kicked from the group, chat not found → rejected', async () => {
    for (const kind of ['blocked', 'kicked', 'chat_not_found'] as const) {
      const e = await failWith(kind);
      expect(e.kind).toBe('rejected');
      expect(e.retryable).toBe(false);
    }
  });

  it('a group upgraded to a supergroup → rejected, and chat_migrated to the new id', async () => {
    fake.failNext(-4777, 'migrated', { migrateTo: -1004777 });
    const e = await channel
      .send({ channel: 'telegram', chatId: '-4777', isGroup: true }, { text: 'Tiket baru' })
      .catch((x) => x);
    expect(e).toMatchObject({ kind: 'rejected' });
    expect(events).toContainEqual({ type: 'chat_migrated', fromChatId: '-4777', toChatId: '-1004777' });
  });

  it('5xx → transient; a dropped connection and a closed port → unreachable', async () => {
    expect((await failWith('server_error')).kind).toBe('transient');
    expect((await failWith('unreachable')).kind).toBe('unreachable');
    const nowhere = createTelegramChannel({
      token: fake.token,
      apiRoot: 'http://127.0.0.1:9',
      log: silentLog,
    });
    const e = await nowhere.send({ channel: 'telegram', chatId: '1' }, { text: 'x' }).catch((x) => x);
    expect(e).toMatchObject({ kind: 'unreachable' });
    expect(String(e.message)).not.toContain(fake.token.split(':')[1]);
  });

  it('says logged_out when Telegram refuses the token', async () => {
    const wrong = createTelegramChannel({
      token: '123:WRONG',
      apiRoot: fake.url,
      log: silentLog,
      pollTimeoutSeconds: 1,
    });
    await wrong.start(async () => {});
    try {
      expect(wrong.status()).toMatchObject({ state: 'logged_out' });
      expect(wrong.status().lastError).toMatch(/401/);
      expect(wrong.status().lastError).not.toContain('WRONG');
    } finally {
      await wrong.stop();
    }
  });

  it('keeps the message text out of the error (it is logged)', async () => {
    fake.failNext(4242, 'blocked');
    const e = await channel
      .send({ channel: 'telegram', chatId: '4242' }, { text: 'rahasia warga 081234567890' })
      .catch((x) => x);
    expect(e).toBeInstanceOf(ChannelError);
    expect(JSON.stringify({ message: e.message, cause: e.cause, ...e })).not.toContain('081234567890');
  });

  it('keeps tokens out of the status', async () => {
    await failWith('server_error');
    const s = JSON.stringify(channel.status());
    expect(s).not.toContain(fake.token);
    expect(channel.status().lastError).toMatch(/500/);
  });
});
