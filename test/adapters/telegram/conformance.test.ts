import type { ChannelErrorKind } from '../../../src/channel.ts';
import { type ConformanceDriver, describeConformance, type SentMessage } from '../../support/conformance.ts';
import { type FakeTelegram, type SendFailure, startFakeTelegram } from '../../support/fake-telegram.ts';

const FAILURE: Record<ChannelErrorKind, SendFailure> = {
  rate_limited: 'rate_limited',
  unreachable: 'unreachable',
  transient: 'server_error',
  rejected: 'blocked',
};

/** Telegram's side: the fake Bot API; the helpdesk long-polls it. */
function telegramDriver(): ConformanceDriver {
  let fake: FakeTelegram;
  let nextChat = 910_000_000 + Math.floor(Math.random() * 1_000_000);
  // A given message id is a number on Telegram: the same string is the same number, in any chat.
  const ids = new Map<string, number>();
  const messageIdFor = (id: string) => {
    if (/^\d+$/.test(id)) return Number(id);
    if (!ids.has(id)) ids.set(id, 800_000 + ids.size);
    return ids.get(id) as number;
  };
  const person = (chatId: string) => ({
    id: Number(chatId),
    first_name: 'Warga',
    last_name: chatId.slice(-4),
  });
  const acknowledged = (updateId: number) => fake.waitFor(() => fake.confirmedOffset() > updateId, 60_000);

  return {
    channel: 'telegram',
    maxText: 4_096,
    async start() {
      fake = await startFakeTelegram('123:TEST');
      return { CHANNELS: 'telegram', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url };
    },
    stop: () => fake.close(),
    newChat: () => String(nextChat++),
    async deliver(chatId, text, messageId) {
      const extra = messageId ? { message_id: messageIdFor(messageId) } : {};
      const { update } = fake.message(Number(chatId), person(chatId), text, extra);
      await acknowledged(update.update_id);
    },
    async tap(chatId, message: SentMessage, choiceId) {
      const sent = fake.sent(chatId).find((s) => String(s.message_id) === message.externalId);
      if (!sent) throw new Error(`no message ${message.externalId} in ${chatId}`);
      const update = fake.tap(sent, person(chatId), choiceId);
      await acknowledged(update.update_id);
    },
    sent: async (chatId) =>
      fake.sent(chatId).map((s) => ({
        externalId: String(s.message_id),
        text: s.text,
        choices: (s.reply_markup?.inline_keyboard.flat() ?? []).map((b) => ({
          id: b.callback_data,
          label: b.text.replace(/^\d+\.\s/, ''),
        })),
      })),
    async fail(chatId, kind, count, retryAfterMs) {
      fake.failNext(chatId, FAILURE[kind], {
        times: count,
        // Telegram's retry_after is whole seconds.
        ...(retryAfterMs !== undefined ? { retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : {}),
      });
    },
    attempts: async (chatId) => fake.calls('sendMessage').filter((c) => String(c.chat_id) === chatId).length,
  };
}

describeConformance('telegram', telegramDriver);
