import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../adapters/slack/index.ts';
import { ChannelError, type InboundMessage } from '../../../src/channel.ts';
import { loadConfig } from '../../../src/config.ts';
import { ConfigError } from '../../../src/errors.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import { silentLog } from '../../support/app.ts';
import {
  eventEnvelope,
  FAKE_BOT_ID,
  FAKE_BOT_USER,
  type FakeSlack,
  slackRequest,
  startFakeSlack,
} from '../../support/fake-slack.ts';

const SECRET = 'test-signing-secret-123';

let fake: FakeSlack;
let server: FastifyInstance;
let channel: SlackChannel;
let url: string;
const received: InboundMessage[] = [];
/** When set, the next onMessage throws it (the store failed). */
let failStore: Error | undefined;

beforeAll(async () => {
  fake = await startFakeSlack();
  channel = createSlackChannel({
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    log: silentLog,
  });
  server = createHttpServer({
    log: silentLog,
    health: { database: async () => true, redis: async () => true },
  });
  channel.registerRoutes(server);
  await channel.start(async (m) => {
    if (failStore) {
      const e = failStore;
      failStore = undefined;
      throw e;
    }
    received.push(m);
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}/slack/events`;
});

afterAll(async () => {
  await channel?.stop();
  await server?.close();
  await fake?.close();
});

beforeEach(() => {
  received.length = 0;
  fake.reset();
});

let tsSeq = 0;
const nextTs = () => `1710000000.${String(++tsSeq).padStart(6, '0')}`;

function dm(text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    channel: 'D0000001',
    channel_type: 'im',
    user: 'U0000001',
    text,
    ts: nextTs(),
    ...extra,
  };
}

function inChannel(text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    channel: 'C0000001',
    channel_type: 'channel',
    user: 'U0000002',
    text,
    ts: nextTs(),
    ...extra,
  };
}

const send = (event: Record<string, unknown>, eventId?: string, opts = {}) =>
  slackRequest(url, SECRET, { json: eventEnvelope(event, eventId) }, opts);

describe('Slack adapter: receiving over HTTP', () => {
  it('accepts a signed event: a DM becomes a reporter message with the sender name from users.info', async () => {
    fake.addUser('U0000001', { name: 'budi', realName: 'Budi Santoso' });
    const ev = dm('simpeg ga bisa login &amp; lemot');
    const res = await send(ev);
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      chat: { channel: 'slack', chatId: 'D0000001' },
      externalId: ev.ts,
      from: { externalId: 'U0000001', displayName: 'Budi Santoso' },
      text: 'simpeg ga bisa login & lemot',
      isGroup: false,
    });
    expect(received[0]?.addressed).toBeUndefined();
    expect(channel.status()).toMatchObject({ state: 'connected' });
    expect(channel.status().lastEventAt).toBeTruthy();
  });

  it('refuses a bad signature and a stale timestamp with 401, and handles nothing', async () => {
    const bad = await send(dm('halo'), undefined, { signature: `v0=${'0'.repeat(64)}` });
    expect(bad.status).toBe(401);
    const wrongSecret = await slackRequest(url, 'another-secret-456', { json: eventEnvelope(dm('halo')) });
    expect(wrongSecret.status).toBe(401);
    const stale = await send(dm('halo'), undefined, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(eventEnvelope(dm('halo'))),
    });
    expect(unsigned.status).toBe(401);
    expect(received).toHaveLength(0);
  });

  it('answers url_verification with its challenge', async () => {
    const res = await slackRequest(url, SECRET, {
      json: { type: 'url_verification', token: 'x', challenge: 'tantangan-123' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'tantangan-123' });
    const ssl = await slackRequest(url, SECRET, { form: { ssl_check: '1', token: 'x' } });
    expect(ssl.status).toBe(200);
    expect(received).toHaveLength(0);
  });

  it('answers a retry of the same event (X-Slack-Retry-Num: 1) without handling it twice', async () => {
    const ev = dm('jam layanan helpdesk');
    expect((await send(ev, 'EvRETRY1')).status).toBe(200);
    expect((await send(ev, 'EvRETRY1', { retryNum: 1 })).status).toBe(200);
    expect((await send(ev, 'EvRETRY1', { retryNum: 2 })).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('answers 5xx when storing failed, so Slack retries; the retry is handled', async () => {
    failStore = new Error('database away');
    const ev = dm('tolong reset password');
    const first = await send(ev, 'EvFAIL1');
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(received).toHaveLength(0);
    const retry = await send(ev, 'EvFAIL1', { retryNum: 1 });
    expect(retry.status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('does not hand on a channel message that is not addressed to the bot', async () => {
    expect((await send(inChannel('ada yang tahu server down?'))).status).toBe(200);
    expect(received).toHaveLength(0);
  });

  it('hands on a mention of the bot in a channel, addressed, with the mention stripped', async () => {
    const ev = inChannel(`<@${FAKE_BOT_USER}> /ambil GGN-2026-0001`);
    await send(ev);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      chat: { chatId: 'C0000001' },
      text: '/ambil GGN-2026-0001',
      isGroup: true,
      addressed: true,
    });
    // The app_mention event Slack sends for the same message is the same message (channel + ts).
    await send({ ...ev, type: 'app_mention', channel_type: undefined });
    expect(received[1]).toMatchObject({ externalId: ev.ts, chat: { chatId: 'C0000001' }, isGroup: true });
  });

  it('hands on a command typed as text and a thread reply under a bot post, with the thread ts', async () => {
    await send(inChannel('/ambil GGN-2026-0002'));
    const parent = '1710000099.000100';
    await send(inChannel('/ambil', { thread_ts: parent, parent_user_id: FAKE_BOT_USER }));
    await send(inChannel('sudah saya cek', { thread_ts: parent, parent_user_id: FAKE_BOT_USER }));
    // A thread under someone else's message is not for the bot.
    await send(inChannel('oke', { thread_ts: '1710000099.000200', parent_user_id: 'U0000009' }));
    expect(received.map((m) => m.text)).toEqual(['/ambil GGN-2026-0002', '/ambil', 'sudah saya cek']);
    expect(received[1]).toMatchObject({
      chat: { chatId: 'C0000001', threadId: parent },
      replyToExternalId: parent,
      addressed: true,
    });
  });

  it('ignores bot messages, its own messages, edits, deletions and joins', async () => {
    await send(dm('dari bot lain', { bot_id: 'B0000009' }));
    await send(dm('dari bot ini', { user: FAKE_BOT_USER, bot_id: FAKE_BOT_ID }));
    await send(dm('', { subtype: 'message_changed', user: undefined, message: { text: 'x' } }));
    await send(dm('', { subtype: 'message_deleted', user: undefined }));
    await send(dm('', { subtype: 'bot_message', user: undefined }));
    await send(inChannel('<@U0000002> has joined the channel', { subtype: 'channel_join' }));
    expect(received).toHaveLength(0);
  });

  it('turns a button tap into a choice, acknowledges it and removes the buttons', async () => {
    const sent = await channel.send(
      { channel: 'slack', chatId: 'D0000001' },
      {
        text: 'Apakah masalah sudah selesai?',
        choices: [
          { id: 'ya', label: 'Ya, sudah selesai' },
          { id: 'belum', label: 'Belum' },
        ],
      },
    );
    const post = fake.posts('D0000001').at(-1);
    const actions = post?.blocks?.find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => [e.action_id, e.value, e.text.text])).toEqual([
      ['ya', 'ya', '1. Ya, sudah selesai'],
      ['belum', 'belum', '2. Belum'],
    ]);
    const res = await slackRequest(url, SECRET, {
      payload: {
        type: 'block_actions',
        user: { id: 'U0000001', name: 'budi' },
        team: { id: 'T0000001' },
        api_app_id: 'A0000001',
        channel: { id: 'D0000001', name: 'directmessage' },
        container: { type: 'message', message_ts: sent.externalId, channel_id: 'D0000001' },
        message: { ts: sent.externalId, text: post?.text, blocks: post?.blocks, type: 'message' },
        trigger_id: 'trig-1',
        response_url: `${fake.url}/response`,
        actions: [
          {
            type: 'button',
            action_id: 'ya',
            block_id: 'choices-0',
            value: 'ya',
            text: { type: 'plain_text', text: '1. Ya, sudah selesai' },
            action_ts: '1710000200.123456',
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      chat: { chatId: 'D0000001' },
      choice: 'ya',
      text: 'Ya, sudah selesai',
      isGroup: false,
    });
    expect(received[0]?.externalId).toMatch(/^act-1710000200\.123456/);
    await expect.poll(() => fake.updates().length, { timeout: 10_000 }).toBe(1);
    const update = fake.updates()[0];
    expect(update).toMatchObject({ channel: 'D0000001', ts: sent.externalId });
    expect(update?.blocks?.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(update?.blocks)).toContain('Ya, sudah selesai');
  });

  it('acknowledges a slash command at once and hands it on as the command it names', async () => {
    const command = (text: string, channelId: string, trigger: string, name = '/tiket') =>
      slackRequest(url, SECRET, {
        form: {
          token: 'x',
          team_id: 'T0000001',
          channel_id: channelId,
          channel_name: channelId.startsWith('D') ? 'directmessage' : 'pt-simpeg',
          user_id: 'U0000002',
          user_name: 'teknisi',
          command: name,
          text,
          response_url: `${fake.url}/response`,
          trigger_id: trigger,
        },
      });
    const res = await command('ambil GGN-2026-0003', 'C0000001', 'trig-100');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await command('status GGN-2026-0003', 'D0000002', 'trig-101');
    await command('lupa password email', 'D0000002', 'trig-102');
    // A staff command the app registers as a slash command of its own.
    await command('GGN-2026-0004', 'C0000001', 'trig-103', '/ambil');
    expect(received.map((m) => [m.chat.chatId, m.externalId, m.text, m.isGroup, m.addressed])).toEqual([
      ['C0000001', 'cmd-trig-100', '/ambil GGN-2026-0003', true, true],
      ['D0000002', 'cmd-trig-101', 'status GGN-2026-0003', false, undefined],
      ['D0000002', 'cmd-trig-102', 'lupa password email', false, undefined],
      ['C0000001', 'cmd-trig-103', '/ambil GGN-2026-0004', true, true],
    ]);
  });

  it('asks users.info once for two messages of the same person', async () => {
    fake.addUser('U0000003', { name: 'sari', displayName: 'Sari' });
    await send(dm('halo', { user: 'U0000003' }));
    await send(dm('jam buka?', { user: 'U0000003' }));
    expect(received.map((m) => m.from.displayName)).toEqual(['Sari', 'Sari']);
    expect(fake.calls('users.info')).toHaveLength(1);
  });

  it('handles the message without a name when users.info fails', async () => {
    fake.failNext('users.info', { status: 500 });
    await send(dm('halo', { user: 'U0000004' }));
    expect(received).toHaveLength(1);
    expect(received[0]?.from).toEqual({ externalId: 'U0000004' });
  });
});

describe('Slack adapter: sending', () => {
  it('escapes <!channel>, mentions and & so no typed text can ping or link; *bold* stays', async () => {
    await channel.send(
      { channel: 'slack', chatId: 'C0000001', isGroup: true },
      { text: '*Tiket GGN-2026-0001*: <!channel> <@U123> A & B <https://x.test|klik>' },
    );
    const post = fake.posts('C0000001').at(-1);
    expect(post?.text).toBe(
      '*Tiket GGN-2026-0001*: &lt;!channel&gt; &lt;@U123&gt; A &amp; B &lt;https://x.test|klik&gt;',
    );
    expect(post?.text).not.toMatch(/<[!@#]/);
  });

  it('splits 45,000 characters into two messages in order, buttons on the last, sections of 3,000 at most', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const text = line.repeat(450); // 45,000 characters
    const sent = await channel.send(
      { channel: 'slack', chatId: 'C0000002' },
      { text, choices: [{ id: 'ok', label: 'Oke' }] },
    );
    const posts = fake.posts('C0000002');
    expect(posts).toHaveLength(2);
    expect(posts.every((p) => p.text.length <= 40_000)).toBe(true);
    expect(posts.map((p) => p.text).join('\n')).toBe(text);
    expect(posts[0]?.blocks).toBeUndefined();
    const sections = posts[1]?.blocks?.filter((b) => b.type === 'section') ?? [];
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => (s.text?.text.length ?? 0) <= 3_000)).toBe(true);
    expect(posts[1]?.blocks?.at(-1)?.type).toBe('actions');
    expect(sent.externalId).toBe(posts[1]?.ts);
  });

  it('posts into the thread and returns the ts of the post', async () => {
    const sent = await channel.send(
      { channel: 'slack', chatId: 'C0000003', threadId: '1710000300.000001' },
      { text: 'di utas' },
    );
    const post = fake.posts('C0000003').at(-1);
    expect(post).toMatchObject({ thread_ts: '1710000300.000001', ts: sent.externalId });
  });

  it('maps each Slack failure to its kind', async () => {
    const to = { channel: 'slack' as const, chatId: 'C0000004' };
    const fail = async () => {
      try {
        await channel.send(to, { text: 'x' });
      } catch (e) {
        return e as ChannelError;
      }
      throw new Error('send did not fail');
    };
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const limited = await fail();
    expect(limited).toBeInstanceOf(ChannelError);
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    for (const error of [
      'channel_not_found',
      'not_in_channel',
      'is_archived',
      'account_inactive',
      'invalid_auth',
    ]) {
      fake.failNext('chat.postMessage', { error });
      const e = await fail();
      expect([error, e.kind]).toEqual([error, 'rejected']);
    }
    expect(channel.status().state).toBe('logged_out');
    fake.failNext('chat.postMessage', { status: 503 });
    expect((await fail()).kind).toBe('transient');
    fake.failNext('chat.postMessage', { error: 'fatal_error' });
    expect((await fail()).kind).toBe('transient');
    fake.failNext('chat.postMessage', { drop: true });
    expect((await fail()).kind).toBe('unreachable');
    expect(channel.status().lastError).toMatch(/unreachable/);
    // A send that works again puts the channel back.
    await channel.send(to, { text: 'pulih' });
    const dead = createSlackChannel({
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      apiUrl: 'http://127.0.0.1:9/api/',
      log: silentLog,
    });
    await expect(dead.send(to, { text: 'x' })).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('reports its limits and no secrets in its status', () => {
    expect(channel.limits).toEqual({ perChatMs: 1000 });
    expect(JSON.stringify(channel.status())).not.toContain('xoxb');
  });
});

describe('Slack adapter: Socket Mode and settings', () => {
  it('chooses Socket Mode when an app token is set, and its events go through the same handler', async () => {
    const got: InboundMessage[] = [];
    const socketChannel = createSlackChannel({
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      apiUrl: fake.apiUrl,
      log: silentLog,
    });
    expect(socketChannel.mode).toBe('socket');
    const routes = createHttpServer({
      log: silentLog,
      health: { database: async () => true, redis: async () => true },
    });
    socketChannel.registerRoutes(routes);
    await routes.ready();
    expect(routes.hasRoute({ method: 'POST', url: '/slack/events' })).toBe(false);
    await routes.close();
    await socketChannel.start(async (m) => {
      got.push(m);
    });
    const socket = socketChannel.socket;
    expect(socket).toBeDefined();
    const acks: unknown[] = [];
    const ev = dm('halo lewat socket');
    const envelope = eventEnvelope(ev, 'EvSOCK1');
    const deliver = () =>
      new Promise<void>((resolve) => {
        socket?.emit('slack_event', {
          ack: async (r?: unknown) => {
            acks.push(r ?? null);
            resolve();
          },
          envelope_id: 'env-1',
          type: 'events_api',
          body: envelope,
          retry_num: acks.length,
        });
      });
    await deliver();
    await deliver(); // a redelivery of the same event_id
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ chat: { chatId: 'D0000001' }, text: 'halo lewat socket' });
    expect(acks).toHaveLength(2);
    await socketChannel.stop();
  });

  it('starts when Slack cannot be reached (reconnecting) and shows a refused token as logged out', async () => {
    const make = () =>
      createSlackChannel({
        botToken: 'xoxb-test',
        signingSecret: SECRET,
        apiUrl: fake.apiUrl,
        log: silentLog,
      });
    fake.failNext('auth.test', { drop: true });
    const away = make();
    await away.start(async () => {});
    expect(away.status()).toMatchObject({
      state: 'reconnecting',
      lastError: expect.stringMatching(/unreachable/),
    });
    await away.stop();
    fake.failNext('auth.test', { error: 'invalid_auth' });
    const refused = make();
    await refused.start(async () => {});
    expect(refused.status()).toMatchObject({ state: 'logged_out', lastError: 'invalid_auth' });
    await refused.stop();
  });

  it('requires SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET in HTTP mode, when CHANNELS names slack', () => {
    expect(() => loadConfig({ CHANNELS: 'slack' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHANNELS: 'slack' })).toThrow(/SLACK_BOT_TOKEN: wajib diisi/);
    expect(() => loadConfig({ CHANNELS: 'slack', SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_SIGNING_SECRET: wajib diisi/,
    );
    expect(() =>
      loadConfig({ CHANNELS: 'slack', SLACK_BOT_TOKEN: 'xoxp-1', SLACK_SIGNING_SECRET: SECRET }),
    ).toThrow(/SLACK_BOT_TOKEN.*xoxb-/);
    const socket = loadConfig({ CHANNELS: 'slack', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket).toMatchObject({ slackBotToken: 'xoxb-1', slackAppToken: 'xapp-1' });
    const http = loadConfig({
      CHANNELS: 'slack',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: 'http://127.0.0.1:1234/api',
    });
    expect(http.slackApiUrl).toBe('http://127.0.0.1:1234/api/');
    // Not required when Slack is not used.
    expect(loadConfig({ CHANNELS: 'simulator' }).slackBotToken).toBeUndefined();
  });
});
