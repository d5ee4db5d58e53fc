import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { ConfigError } from '../../../src/errors.ts';

describe('Telegram settings', () => {
  it('requires TELEGRAM_BOT_TOKEN when CHANNELS names telegram, and says so in Indonesian', () => {
    expect(() => loadConfig({ CHANNELS: 'simulator,telegram' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHANNELS: 'telegram' })).toThrow(/TELEGRAM_BOT_TOKEN: wajib diisi/);
    expect(loadConfig({}).telegramBotToken).toBeUndefined();
  });

  it('reads the token, API root and webhook; polling when no webhook URL is set', () => {
    const c = loadConfig({
      CHANNELS: 'telegram',
      TELEGRAM_BOT_TOKEN: '123456:AAH-x_y',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
    });
    expect(c).toMatchObject({
      telegramBotToken: '123456:AAH-x_y',
      telegramApiRoot: 'http://127.0.0.1:8081',
      telegramWebhookUrl: undefined,
    });
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'bukan-token' })).toThrow(/TELEGRAM_BOT_TOKEN/);
  });

  it('requires a webhook secret of at least 16 characters with a webhook URL', () => {
    const base = {
      CHANNELS: 'telegram',
      TELEGRAM_BOT_TOKEN: '1:A',
      TELEGRAM_WEBHOOK_URL: 'https://hd.example.go.id/telegram/webhook',
    };
    expect(() => loadConfig(base)).toThrow(
      /TELEGRAM_WEBHOOK_SECRET: wajib diisi karena TELEGRAM_WEBHOOK_URL/,
    );
    expect(() => loadConfig({ ...base, TELEGRAM_WEBHOOK_SECRET: 'pendek' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET.*16/s,
    );
    expect(loadConfig({ ...base, TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32) }).telegramWebhookSecret).toBe(
      'a'.repeat(32),
    );
  });
});
