/**
 * Webhook mode: Telegram posts updates to POST /telegram/webhook with the secret set by setWebhook in
 * X-Telegram-Bot-Api-Secret-Token. Through the whole app (stored in PostgreSQL, answered at the fake),
 * and on a bare server for the failure answers.
 */
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, WEBHOOK_PATH } from '../../../adapters/telegram/index.ts';
import type { InboundMessage } from '../../../src/channel.ts';
import { silentLog } from '../../support/app.ts';
import { startFakeTelegram } from '../../support/fake-telegram.ts';
import { useHelpdesk } from '../../support/helpdesk.ts';

const SECRET = 'rahasia-webhook-0123456789';
const PUBLIC_URL = 'https://helpdesk.example.go.id/telegram/webhook';
const fake = await startFakeTelegram('123:TEST');
const h = useHelpdesk({
  CHANNELS: 'simulator,telegram',
  TELEGRAM_BOT_TOKEN: '123:TEST',
  TELEGRAM_API_ROOT: fake.url,
  TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
  TELEGRAM_WEBHOOK_SECRET: SECRET,
});
afterAll(() => fake.close());

async function post(body: unknown, secret?: string): Promise<Response> {
  return fetch(`${h.app.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: JSON.stringify(body),
  });
}

const stored = (chatId: number, messageId: number) =>
  h.db.prisma.inboundMessage.count({
    where: { channel: 'telegram', chatId: String(chatId), externalId: String(messageId) },
  });

describe('the Telegram webhook through the whole app', () => {
  it('sets the webhook with the secret at start and does not poll', () => {
    expect(fake.calls('setWebhook')).toEqual([
      expect.objectContaining({
        url: PUBLIC_URL,
        secret_token: SECRET,
        allowed_updates: ['message', 'callback_query'],
      }),
    ]);
    expect(fake.calls('getUpdates')).toEqual([]);
  });

  it('answers 401 to a wrong or missing secret and stores nothing', async () => {
    const citizen = { id: 8901, first_name: 'Dedi' };
    const update = fake.build(citizen.id, citizen, 'jam layanan helpdesk');
    const messageId = (update.message as { message_id: number }).message_id;
    expect((await post(update, 'salah-salah-salah-salah')).status).toBe(401);
    expect((await post(update)).status).toBe(401);
    expect((await post(update, `${SECRET}x`)).status).toBe(401);
    expect(await stored(citizen.id, messageId)).toBe(0);
    expect(fake.sent(citizen.id)).toEqual([]);
  });

  it('stores an update with the right secret before answering 200, and the citizen is answered', async () => {
    const citizen = { id: 8902, first_name: 'Eka' };
    const update = fake.build(citizen.id, citizen, 'jam brp helpdesk buka?');
    const messageId = (update.message as { message_id: number }).message_id;
    const res = await post(update, SECRET);
    expect(res.status).toBe(200);
    // 200 means stored: the row is there the moment the answer is.
    expect(await stored(citizen.id, messageId)).toBe(1);
    const [answer] = await fake.waitForSent(citizen.id, 1, 30_000);
    expect(answer?.text).toMatch(/Jam layanan/i);
    // Telegram redelivers when unsure: the same update is one message.
    expect((await post(update, SECRET)).status).toBe(200);
    expect(await stored(citizen.id, messageId)).toBe(1);
  });
});

describe('the webhook route on its own', () => {
  it('answers 5xx when the update could not be stored, so Telegram delivers it again', async () => {
    const bare = await startFakeTelegram('9:BARE');
    const app = Fastify();
    const channel = createTelegramChannel({
      token: bare.token,
      apiRoot: bare.url,
      webhookUrl: 'https://example.invalid/telegram/webhook',
      webhookSecret: SECRET,
      log: silentLog,
    });
    channel.registerRoutes(app);
    let down = true;
    const got: InboundMessage[] = [];
    await channel.start(async (m) => {
      if (down) throw new Error('database away');
      got.push(m);
    });
    try {
      const update = bare.build(77, { id: 77, first_name: 'F' }, 'halo');
      const send = () =>
        app.inject({
          method: 'POST',
          url: WEBHOOK_PATH,
          headers: { 'x-telegram-bot-api-secret-token': SECRET },
          payload: update,
        });
      expect((await send()).statusCode).toBeGreaterThanOrEqual(500);
      expect(got).toEqual([]);
      down = false;
      expect((await send()).statusCode).toBe(200);
      expect(got.map((m) => m.text)).toEqual(['halo']);
      expect(channel.status().state).toBe('connected');
    } finally {
      await channel.stop();
      await app.close();
      await bare.close();
    }
  });
});
