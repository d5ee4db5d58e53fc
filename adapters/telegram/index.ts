/**
 * The Telegram channel: the Bot API through telegraf's API client (`Telegram`). Updates arrive by long
 * polling (getUpdates) or, when a webhook URL is configured, at POST /telegram/webhook. Either way an
 * update is acknowledged only after the helpdesk stored it: polling moves its offset past an update
 * only once `onMessage` resolved; the webhook answers 200 only then, and 5xx otherwise so Telegram
 * delivers it again.
 *
 * telegraf's own loop (Telegraf#launch) is not used: it advances the offset before the updates are
 * handled and handles a batch concurrently, which would lose an update whose storing failed and could
 * reorder a chat's messages.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Telegram, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import type {
  Channel,
  ChannelError,
  ChannelEvent,
  ChannelStatus,
  ChatRef,
  InboundMessage,
  OutboundMessage,
  SendLimits,
} from '../../src/channel.ts';
import { splitText } from '../../src/channel-text.ts';
import type { Logger } from '../../src/logger.ts';
import { migratedTo, toChannelError } from './errors.ts';
import { type BotIdentity, readUpdate, type UpdateAction } from './inbound.ts';
import { fetchTelegramFile } from './media.ts';
import { choiceKeyboard, renderHtml, TEXT_LIMIT } from './render.ts';

export const WEBHOOK_PATH = '/telegram/webhook';
const DEFAULT_API_ROOT = 'https://api.telegram.org';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Telegram's limits for bots: 1 message a second per chat, 20 a minute per group, about 30 a second. */
export const TELEGRAM_LIMITS: SendLimits = {
  perChatMs: 1000,
  perGroup: { max: 20, windowMs: 60_000 },
  perSecond: 30,
};

export interface TelegramChannelOptions {
  token: string;
  /** A local Bot API server or a test fake; default https://api.telegram.org. */
  apiRoot?: string | undefined;
  /** Public URL Telegram posts updates to (it must reach POST /telegram/webhook); unset: long polling. */
  webhookUrl?: string | undefined;
  /** Required with webhookUrl: Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string | undefined;
  log: Logger;
  /** Seconds one getUpdates call waits for updates (default 30). */
  pollTimeoutSeconds?: number;
  /** Milliseconds a send may take before it counts as unreachable (default 30,000). */
  requestTimeoutMs?: number;
  /** The send limits the outbox keeps to (default TELEGRAM_LIMITS, Telegram's own). */
  limits?: SendLimits;
}

export interface TelegramChannel extends Channel {
  registerRoutes(app: FastifyInstance): void;
}

/** A send cut into parts that failed halfway continues with the part that failed (by outbox key). */
const PROGRESS_KEPT = 1000;

export function createTelegramChannel(opts: TelegramChannelOptions): TelegramChannel {
  const { log } = opts;
  const telegram = new Telegram(opts.token, {
    ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}),
    webhookReply: false,
  });
  const pollTimeout = opts.pollTimeoutSeconds ?? 30;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
  const webhook = opts.webhookUrl !== undefined;
  if (webhook && !opts.webhookSecret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required with a webhook');

  let onMessage: ((m: InboundMessage) => Promise<void>) | undefined;
  let onEvent: ((e: ChannelEvent) => Promise<void>) | undefined;
  let bot: BotIdentity | undefined;
  let state: ChannelStatus['state'] = 'disconnected';
  let lastEventAt: string | undefined;
  let lastError: string | undefined;
  let running: AbortController | undefined;
  let loop: Promise<void> | undefined;
  const progress = new Map<string, { done: number; lastId: string }>();

  const fail = (e: unknown, method: string): ChannelError => {
    const err = toChannelError(e, method);
    lastError = err.message;
    return err;
  };

  /** One Bot API call through telegraf's client, bounded in time (telegraf's own timeout is 500 s). */
  async function call<T = unknown>(method: string, payload: object, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    return (await telegram.callApi(method as 'getMe', payload as never, {
      signal: (signal ? AbortSignal.any([signal, timeout]) : timeout) as never,
    })) as T;
  }

  /** getMe, and the webhook set (or removed, for polling); true once done. */
  async function connect(signal: AbortSignal): Promise<boolean> {
    try {
      const me = await call<{ id: number; username?: string }>('getMe', {}, signal);
      if (!me.username) throw new Error('getMe without username');
      bot = { id: me.id, username: me.username };
      if (webhook)
        await call(
          'setWebhook',
          {
            url: opts.webhookUrl as string,
            secret_token: opts.webhookSecret,
            allowed_updates: ALLOWED_UPDATES,
          },
          signal,
        );
      // getUpdates answers 409 while a webhook is set; pending updates are kept.
      else await call('deleteWebhook', { drop_pending_updates: false }, signal);
      state = 'connected';
      return true;
    } catch (e) {
      if (signal.aborted) return false;
      // 401: the token was revoked or mistyped; it stays so until an operator sets a new one.
      state = e instanceof TelegramError && e.code === 401 ? 'logged_out' : 'reconnecting';
      const err = fail(e, 'connect');
      log.warn({ err: err.message }, 'telegram: connecting failed; trying again');
      return false;
    }
  }

  /** Handles one update; throws when the helpdesk could not store it (it must come again). */
  /** Hands the update on; false when it could not be stored (the caller makes Telegram deliver it again). */
  async function storeUpdate(update: Update, then: string): Promise<boolean> {
    try {
      await handleUpdate(update);
      return true;
    } catch (e) {
      lastError = `storing update failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300);
      log.warn({ updateId: update.update_id, err: e }, `telegram: update not stored; ${then}`);
      return false;
    }
  }

  async function handleUpdate(update: Update): Promise<void> {
    if (!bot || !onMessage) throw new Error('telegram channel not started');
    lastEventAt = new Date().toISOString();
    let action: UpdateAction;
    try {
      action = readUpdate(update, bot);
    } catch (e) {
      // An update this code cannot read would come back for ever: it is dropped, and said so.
      log.error({ updateId: update.update_id, err: e }, 'telegram: unreadable update dropped');
      return;
    }
    switch (action.type) {
      case 'ignore':
        log.debug({ updateId: update.update_id, reason: action.reason }, 'telegram: update ignored');
        return;
      case 'event':
        if (onEvent) await onEvent(action.event);
        else log.warn({ event: action.event.type }, 'telegram: event not handled by the core');
        return;
      case 'message':
        await onMessage(action.message);
        return;
      case 'tap': {
        // The spinner on the button stops at once; a tap answered twice (redelivered) fails harmlessly.
        await call('answerCallbackQuery', { callback_query_id: action.callbackQueryId }).catch((e) =>
          log.debug({ err: toChannelError(e, 'answerCallbackQuery').message }, 'telegram: tap not answered'),
        );
        await onMessage(action.message);
        // Stored: the keyboard goes, so the same question cannot be answered twice.
        await call('editMessageReplyMarkup', {
          chat_id: action.chatId,
          message_id: action.messageId,
          reply_markup: { inline_keyboard: [] },
        }).catch((e) =>
          log.debug({ err: toChannelError(e, 'editMessageReplyMarkup').message }, 'telegram: keyboard kept'),
        );
        return;
      }
    }
  }

  async function poll(signal: AbortSignal): Promise<void> {
    let offset: number | undefined;
    let backoffMs = 1000;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const t = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
      });
    while (!signal.aborted) {
      if (!bot || state !== 'connected') {
        if (!(await connect(signal))) {
          await pause(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 30_000);
          continue;
        }
      }
      if (webhook) return; // Telegram calls us from now on.
      let updates: Update[];
      try {
        // Without an offset Telegram starts at the oldest update not yet confirmed: where the last run stopped.
        updates = (await telegram.callApi(
          'getUpdates',
          { timeout: pollTimeout, allowed_updates: ALLOWED_UPDATES, ...(offset ? { offset } : {}) },
          { signal: AbortSignal.any([signal, AbortSignal.timeout((pollTimeout + 30) * 1000)]) as never },
        )) as Update[];
        state = 'connected';
        backoffMs = 1000;
      } catch (e) {
        if (signal.aborted) return;
        const err = fail(e, 'getUpdates');
        state = 'reconnecting';
        log.warn({ err: err.message }, 'telegram: polling failed; trying again');
        // 409: a webhook was set meanwhile (or a second process polls): set up again.
        if (e instanceof TelegramError && e.code === 409) bot = undefined;
        await pause(err.retryAfterMs ?? backoffMs);
        backoffMs = Math.min(backoffMs * 2, 30_000);
        continue;
      }
      for (const update of updates) {
        if (signal.aborted) return;
        if (!(await storeUpdate(update, 'will fetch it again'))) {
          // Not stored: the offset stays at this update, which comes again with the next getUpdates.
          await pause(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 30_000);
          break;
        }
        offset = update.update_id + 1;
      }
    }
  }

  async function sendPart(to: ChatRef, text: string, m: OutboundMessage, last: boolean): Promise<string> {
    const chatId = to.chatId;
    try {
      const sent = await call<{ message_id: number }>('sendMessage', {
        chat_id: chatId,
        text: renderHtml(text),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(to.threadId ? { message_thread_id: Number(to.threadId) } : {}),
        ...(last && m.choices?.length ? { reply_markup: choiceKeyboard(m.choices) } : {}),
      });
      return String(sent.message_id);
    } catch (e) {
      const toChatId = migratedTo(e);
      if (toChatId !== undefined) {
        log.warn({ chatId, toChatId }, 'telegram: group upgraded to a supergroup');
        if (onEvent)
          await onEvent({ type: 'chat_migrated', fromChatId: chatId, toChatId: String(toChatId) }).catch(
            (err) => log.error({ err }, 'telegram: chat_migrated not handled'),
          );
      }
      throw fail(e, 'sendMessage');
    }
  }

  return {
    name: 'telegram',
    limits: opts.limits ?? TELEGRAM_LIMITS,
    async start(handler, eventHandler) {
      onMessage = handler;
      onEvent = eventHandler;
      state = 'starting';
      running = new AbortController();
      const signal = running.signal;
      // The first attempt is awaited (a bad token shows at once in the log); later ones run behind.
      await connect(signal);
      loop = poll(signal).catch((e) => {
        state = 'disconnected';
        lastError = e instanceof Error ? e.message : String(e);
        log.error({ err: e }, 'telegram: polling stopped');
      });
    },
    async stop() {
      running?.abort();
      await loop;
      loop = undefined;
      onMessage = undefined;
      state = 'disconnected';
    },
    status: () => ({
      state,
      ...(lastEventAt ? { lastEventAt } : {}),
      ...(lastError ? { lastError } : {}),
    }),
    async send(to, m) {
      const parts = splitText(m.text, TEXT_LIMIT);
      // A retry of a send that failed halfway goes on from the failed part: no part shows twice.
      const done = (m.key && progress.get(m.key)) || { done: 0, lastId: '' };
      for (let i = done.done; i < parts.length; i++) {
        done.lastId = await sendPart(to, parts[i] as string, m, i === parts.length - 1);
        done.done = i + 1;
        if (m.key && i < parts.length - 1) {
          progress.set(m.key, done);
          if (progress.size > PROGRESS_KEPT) progress.delete(progress.keys().next().value as string);
        }
      }
      if (m.key) progress.delete(m.key);
      return { externalId: done.lastId };
    },
    fetchAttachment(a, { maxBytes }) {
      return fetchTelegramFile(
        call,
        { token: opts.token, apiRoot: opts.apiRoot ?? DEFAULT_API_ROOT },
        a,
        maxBytes,
      );
    },
    registerRoutes(app) {
      app.post(WEBHOOK_PATH, async (req, reply) => {
        if (!webhook) return reply.code(404).send({ error: 'webhook Telegram tidak aktif' });
        if (!secretMatches(req.headers[SECRET_HEADER], opts.webhookSecret as string))
          return reply.code(401).send({ error: 'secret token salah' });
        if (!bot || !onMessage) return reply.code(503).send({ error: 'kanal Telegram belum siap' });
        const update = req.body as Update | undefined;
        if (!update || typeof update !== 'object' || typeof update.update_id !== 'number')
          return reply.code(400).send({ error: 'bukan update Telegram' });
        if (!(await storeUpdate(update, 'Telegram will retry')))
          return reply.code(503).send({ error: 'belum tersimpan; kirim ulang' });
        return reply.code(200).send({});
      });
    },
  };
}

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
