/**
 * The Slack channel (Bolt 5). Events reach one handler (a Bolt App fed by our own receiver) two ways:
 * over HTTP at POST /slack/events on the helpdesk's server (every request's signature checked), or over
 * Socket Mode when an app token is set. Either way the platform is acknowledged only after the message
 * is stored, so a failed store makes Slack deliver again; a retried event (same event_id) is answered
 * from memory for 15 minutes and the core recognises the same message (channel + ts) anyway.
 *
 * DMs are reporters' chats; channels are staff groups, where only a mention of the bot, a command or a
 * reply in a thread under one of the bot's posts is addressed to it. `/tiket …` works in both.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger as SlackLogger } from '@slack/logger';
import { LogLevel } from '@slack/logger';
import type { SocketModeClient } from '@slack/socket-mode';
import type { WebClient } from '@slack/web-api';
import type { FastifyInstance } from 'fastify';
import type {
  Channel,
  ChannelStatus,
  ChatRef,
  InboundMessage,
  OutboundMessage,
  SendLimits,
} from '../../src/channel.ts';
import type { Logger } from '../../src/logger.ts';
import { AUTH_ERRORS, describeSlackError, toChannelError } from './errors.ts';
import {
  type BotIdentity,
  fromBlockAction,
  fromMessageEvent,
  fromSlashCommand,
  type SlackBlockActions,
  type SlackCommand,
  type SlackMessageEvent,
} from './inbound.ts';
import { slackBolt, slackSocketMode } from './library.ts';
import { fetchSlackFile } from './media.ts';
import { type Block, escapeMrkdwn, renderMessage } from './render.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack rejects a request older (or newer) than this; so do we. */
const SIGNATURE_WINDOW_S = 5 * 60;
/** Slack's last retry of an event comes about 5 minutes after the first delivery. */
const EVENT_ID_TTL_MS = 15 * 60_000;
const NAME_TTL_MS = 60 * 60_000;
const NAME_FAILURE_TTL_MS = 60_000;
/** A name lookup may not hold up a message: Slack wants its answer within 3 s. */
const NAME_LOOKUP_MS = 1_500;
const SEND_TIMEOUT_MS = 10_000;
const BODY_LIMIT_BYTES = 1024 * 1024;
const IDENTIFY_RETRY_MS = 30_000;
/** Timestamps of the bot's own posts remembered, to know a thread under one of them. */
const OWN_POSTS_KEPT = 5_000;

export interface SlackChannelOptions {
  botToken: string;
  /** Required for HTTP mode. */
  signingSecret?: string | undefined;
  /** Set: Socket Mode. */
  appToken?: string | undefined;
  /** Base of the Web API, ending in "/" (default https://slack.com/api/). */
  apiUrl?: string | undefined;
  log: Logger;
  /** The clock for signature windows and caches (tests). */
  now?: () => number;
}

export interface SlackChannel extends Channel {
  readonly mode: 'http' | 'socket';
  /** The Socket Mode client, in socket mode (not connected before start()). */
  readonly socket: SocketModeClient | undefined;
  registerRoutes(app: FastifyInstance): void;
}

/** Our receiver: the HTTP route and the Socket Mode client both hand bodies to `deliver`. */
class DeferredAckReceiver implements Receiver {
  private app: App | undefined;
  init(app: App): void {
    this.app = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  /** Runs the body through Bolt; resolves with what to answer once the listeners are done. */
  async process(body: Record<string, unknown>, retryNum?: number, retryReason?: string): Promise<unknown> {
    if (!this.app) throw new Error('receiver not initialised');
    let response: unknown;
    const event: ReceiverEvent = {
      body,
      // Bolt acks events before its listeners run; the platform is answered only after they finished.
      ack: async (r?: unknown) => {
        response = r;
      },
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
    };
    await this.app.processEvent(event);
    return response;
  }
}

function slackLogger(log: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: (...msg) => log.debug(text(msg)),
    info: (...msg) => log.debug(text(msg)),
    warn: (...msg) => log.warn(text(msg)),
    error: (...msg) => log.warn(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** `v0=HMAC_SHA256(secret, "v0:" + timestamp + ":" + body)` within 5 minutes of now (either side). */
export function verifySlackSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  nowMs: number,
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.timestamp || !Number.isInteger(ts) || !headers.signature) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - ts) > SIGNATURE_WINDOW_S) return false;
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${headers.timestamp}:${rawBody}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(headers.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Parses a Slack request body: JSON (events), or a form (slash commands; `payload=` for interactions). */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = new URLSearchParams(raw);
  const payload = form.get('payload');
  if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
  return Object.fromEntries(form);
}

export function createSlackChannel(opts: SlackChannelOptions): SlackChannel {
  const { log } = opts;
  const now = opts.now ?? Date.now;
  const mode: 'http' | 'socket' = opts.appToken ? 'socket' : 'http';
  if (mode === 'http' && !opts.signingSecret) throw new Error('Slack HTTP mode needs a signing secret');
  const clientOptions = {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    // Failures come back at once, mapped to the port's kinds; the outbox decides about retrying.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: SEND_TIMEOUT_MS,
  };
  const receiver = new DeferredAckReceiver();
  const app = new (slackBolt().App)({
    token: opts.botToken,
    receiver,
    tokenVerificationEnabled: false,
    ignoreSelf: false,
    convoStore: false,
    logger: slackLogger(log),
    clientOptions,
  });
  // Bolt's default only logs a listener's failure; ours must reach the platform as "not acknowledged".
  app.error(async (e) => {
    throw (e as { original?: unknown }).original ?? e;
  });
  const web: WebClient = app.client;

  let onMessage: ((m: InboundMessage) => Promise<void>) | undefined;
  let state: ChannelStatus['state'] = 'disconnected';
  let lastEventAt: string | undefined;
  let lastError: string | undefined;
  const bot: BotIdentity = {};
  const seenEvents = new Map<string, { until: number; done: Promise<unknown> }>();
  const names = new Map<string, { name: string | undefined; until: number }>();
  const ownPosts = new Set<string>();
  /** Posts already made for a multi-part message, by outbox key: a retried send does not repeat them. */
  const partsSent = new Map<string, string[]>();
  let socket: SocketModeClient | undefined;

  const remember = (channel: string, ts: string) => {
    ownPosts.add(`${channel}:${ts}`);
    if (ownPosts.size > OWN_POSTS_KEPT) ownPosts.delete(ownPosts.values().next().value as string);
  };

  const failed = (e: unknown) => {
    lastError = describeSlackError(e);
    const code = (e as { data?: { error?: string } }).data?.error;
    if (code && AUTH_ERRORS.has(code)) state = 'logged_out';
  };

  let identifyTimer: NodeJS.Timeout | undefined;
  /** Learns the bot's user id (auth.test); while Slack cannot be reached, tries again every half minute. */
  async function identify(): Promise<void> {
    clearTimeout(identifyTimer);
    try {
      const r = await web.auth.test();
      bot.userId = r.user_id;
      bot.botId = r.bot_id;
      if (state !== 'disconnected') state = 'connected';
    } catch (e) {
      failed(e);
      if (state === 'logged_out') {
        log.error({ err: describeSlackError(e) }, 'Slack refused SLACK_BOT_TOKEN; check the token');
        return;
      }
      state = 'reconnecting';
      log.warn({ err: describeSlackError(e) }, 'Slack auth.test failed; trying again in 30 s');
      identifyTimer = setTimeout(() => {
        if (onMessage) void identify();
      }, IDENTIFY_RETRY_MS);
      identifyTimer.unref();
    }
  }

  async function displayName(userId: string): Promise<string | undefined> {
    const t = now();
    const cached = names.get(userId);
    if (cached && cached.until > t) return cached.name;
    let timer: NodeJS.Timeout | undefined;
    try {
      const r = await Promise.race([
        web.users.info({ user: userId }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('users.info timed out')), NAME_LOOKUP_MS);
        }),
      ]);
      const u = r.user;
      const name = u?.profile?.display_name || u?.real_name || u?.profile?.real_name || u?.name || undefined;
      names.set(userId, { name, until: t + NAME_TTL_MS });
      return name;
    } catch (e) {
      log.debug({ err: describeSlackError(e) }, 'users.info failed; message handled without a name');
      names.set(userId, { name: undefined, until: t + NAME_FAILURE_TTL_MS });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async function hand(m: InboundMessage): Promise<void> {
    if (!onMessage) throw new Error('Slack channel not started');
    // A group message not meant for the bot is neither stored nor answered.
    if (m.isGroup && m.addressed === false) return;
    await onMessage(m);
  }

  const learnBot = (body: Record<string, unknown>) => {
    if (bot.userId) return;
    const auths = body.authorizations as { user_id?: string; is_bot?: boolean }[] | undefined;
    const own = auths?.find((a) => a.is_bot) ?? auths?.[0];
    if (own?.user_id) bot.userId = own.user_id;
  };

  async function onMessageEvent(event: SlackMessageEvent, body: Record<string, unknown>): Promise<void> {
    learnBot(body);
    const draft = fromMessageEvent(event, bot, {
      parentIsBot: (channel, ts) => ownPosts.has(`${channel}:${ts}`),
      now: new Date(now()),
    });
    if (!draft) return;
    if (draft.isGroup && draft.addressed === false) return;
    const name = await displayName(draft.from.externalId);
    await hand(name ? { ...draft, from: { ...draft.from, displayName: name } } : draft);
  }

  app.event('message', async ({ event, body }) => {
    await onMessageEvent(event as unknown as SlackMessageEvent, body as unknown as Record<string, unknown>);
  });
  app.event('app_mention', async ({ event, body }) => {
    await onMessageEvent(
      { ...(event as unknown as SlackMessageEvent), type: 'app_mention' },
      body as unknown as Record<string, unknown>,
    );
  });
  app.command(/.*/, async ({ command, ack }) => {
    const c = command as unknown as SlackCommand;
    const name = await displayName(c.user_id);
    await hand(fromSlashCommand(c, { ...(name ? { displayName: name } : {}), now: new Date(now()) }));
    // The answer comes later, as a normal message from the outbox.
    await ack();
  });
  app.action(/.*/, async ({ body, ack }) => {
    const p = body as unknown as SlackBlockActions;
    if (p.type !== 'block_actions') return ack();
    const name = await displayName(p.user.id);
    const m = fromBlockAction(p, { ...(name ? { displayName: name } : {}), now: new Date(now()) });
    if (m) await hand(m);
    await ack();
    if (m) void removeButtons(p, m.text);
  });

  /** After a tap the buttons go: the message keeps its text and shows what was chosen. */
  async function removeButtons(p: SlackBlockActions, label: string): Promise<void> {
    const channel = p.channel?.id ?? p.container?.channel_id;
    const ts = p.message?.ts ?? p.container?.message_ts;
    if (!channel || !ts) return;
    const kept = ((p.message?.blocks ?? []) as Block[]).filter((b) => b.type !== 'actions');
    try {
      await web.chat.update({
        channel,
        ts,
        text: p.message?.text ?? '',
        blocks: [
          ...kept,
          { type: 'context', elements: [{ type: 'mrkdwn', text: `✓ ${escapeMrkdwn(label)}` }] },
        ] as never,
      });
    } catch (e) {
      log.warn({ err: describeSlackError(e) }, 'could not remove the buttons after a tap');
    }
  }

  /** One body from Slack, from either transport; resolves with the answer once it is stored. */
  async function deliver(body: Record<string, unknown>, retryNum?: number, retryReason?: string) {
    lastEventAt = new Date(now()).toISOString();
    if (body.type === 'url_verification') return { challenge: body.challenge };
    // Slack checks a slash command's URL now and then: nothing to handle.
    if (body.ssl_check !== undefined) return undefined;
    const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
    if (!eventId) return receiver.process(body, retryNum, retryReason);
    const t = now();
    for (const [id, seen] of seenEvents) if (seen.until < t) seenEvents.delete(id);
    const prior = seenEvents.get(eventId);
    if (prior) {
      try {
        await prior.done;
        return undefined; // handled already: a retry does not reach the core again
      } catch {
        // the first delivery failed: this retry is handled afresh
      }
    }
    const done = receiver.process(body, retryNum, retryReason);
    seenEvents.set(eventId, { until: t + EVENT_ID_TTL_MS, done });
    try {
      return await done;
    } catch (e) {
      if (seenEvents.get(eventId)?.done === done) seenEvents.delete(eventId);
      throw e;
    }
  }

  async function post(args: {
    channel: string;
    text: string;
    blocks?: Block[];
    thread_ts?: string;
  }): Promise<string> {
    try {
      const r = await web.chat.postMessage({
        ...args,
        ...(args.blocks ? { blocks: args.blocks as never } : {}),
        mrkdwn: true,
        unfurl_links: false,
        unfurl_media: false,
      } as never);
      if (!r.ts) throw new Error('chat.postMessage gave no ts');
      if (state === 'reconnecting') state = 'connected';
      return r.ts;
    } catch (e) {
      failed(e);
      throw toChannelError(e);
    }
  }

  const limits: SendLimits = { perChatMs: 1000 };

  return {
    name: 'slack',
    mode,
    limits,
    get socket() {
      return socket;
    },
    async start(handler) {
      onMessage = handler;
      state = 'starting';
      await identify();
      if (mode === 'socket') {
        socket = socket ?? makeSocket();
        // Connecting may take long or fail (retried by the client): start-up does not wait for it.
        socket.start().catch((e: unknown) => {
          failed(e);
          state = state === 'logged_out' ? state : 'reconnecting';
          log.warn({ err: describeSlackError(e) }, 'Slack Socket Mode could not connect');
        });
      }
    },
    async stop() {
      onMessage = undefined;
      clearTimeout(identifyTimer);
      state = 'disconnected';
      if (socket) await socket.disconnect().catch(() => {});
    },
    fetchAttachment: (a, { maxBytes }) => fetchSlackFile(web, opts.botToken, a, maxBytes),
    status: (): ChannelStatus => ({
      state,
      ...(lastEventAt ? { lastEventAt } : {}),
      ...(lastError ? { lastError } : {}),
    }),
    async send(to: ChatRef, m: OutboundMessage) {
      const posts = renderMessage(m);
      const done = (m.key && partsSent.get(m.key)) || [];
      for (let i = done.length; i < posts.length; i++) {
        const p = posts[i] as (typeof posts)[number];
        const ts = await post({
          channel: to.chatId,
          text: p.text,
          ...(p.blocks ? { blocks: p.blocks } : {}),
          ...(to.threadId ? { thread_ts: to.threadId } : {}),
        });
        remember(to.chatId, ts);
        done.push(ts);
        if (m.key && posts.length > 1 && i < posts.length - 1) {
          partsSent.set(m.key, done);
          if (partsSent.size > 1000) partsSent.delete(partsSent.keys().next().value as string);
        }
      }
      if (m.key) partsSent.delete(m.key);
      return { externalId: done[done.length - 1] as string };
    },
    registerRoutes(server) {
      if (mode !== 'http') return;
      const secret = opts.signingSecret as string;
      // Its own scope: the raw body is needed for the signature, and only this route gets it.
      server.register(async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser(
          '*',
          { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
          (_req, body, done) => done(null, body),
        );
        scope.post(SLACK_EVENTS_PATH, async (req, reply) => {
          const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
          const signed = verifySlackSignature(
            secret,
            {
              timestamp: header(req.headers['x-slack-request-timestamp']),
              signature: header(req.headers['x-slack-signature']),
            },
            raw,
            now(),
          );
          if (!signed) return reply.code(401).send({ error: 'Tanda tangan permintaan Slack tidak sah.' });
          let body: Record<string, unknown>;
          try {
            body = parseBody(raw, header(req.headers['content-type']));
          } catch {
            return reply.code(400).send({ error: 'Permintaan tidak valid: isi tidak dapat dibaca.' });
          }
          const retry = header(req.headers['x-slack-retry-num']);
          const answer = await deliver(
            body,
            retry === undefined ? undefined : Number(retry),
            header(req.headers['x-slack-retry-reason']),
          );
          // Failures reach the server's error handler: 5xx, so Slack delivers again.
          if (answer === undefined || answer === null || answer === '') return reply.code(200).send('');
          return reply.code(200).send(answer);
        });
      });
    },
  };

  function makeSocket(): SocketModeClient {
    const client = new (slackSocketMode().SocketModeClient)({
      appToken: opts.appToken as string,
      logger: slackLogger(log),
      clientOptions: { ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}) },
    });
    client.on('connected', () => {
      if (state !== 'disconnected') state = 'connected';
    });
    client.on('reconnecting', () => {
      if (state !== 'disconnected') state = 'reconnecting';
    });
    client.on(
      'slack_event',
      async (args: {
        ack: (r?: unknown) => Promise<void>;
        body: Record<string, unknown>;
        retry_num?: number;
        retry_reason?: string;
      }) => {
        try {
          const answer = await deliver(args.body, args.retry_num, args.retry_reason);
          await args.ack(answer ?? undefined);
        } catch (e) {
          // Not acknowledged: Slack delivers it again.
          lastError = describeSlackError(e);
          log.warn({ err: lastError }, 'Slack event not handled; left for Slack to deliver again');
        }
      },
    );
    return client;
  }
}
