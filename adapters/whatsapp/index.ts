/**
 * The WhatsApp channel: whatsapp-web.js driving WhatsApp Web in Debian's Chromium, through the seam in
 * client.ts (tests put a fake Client behind the factory). The session (session.ts) keeps the Client alive;
 * this file carries messages both ways.
 *
 * In: `message` events, read by inbound.ts, handled one at a time in arrival order (after a downtime the
 * burst WhatsApp delivers is put in sending order first, backlog.ts), each stored through `onMessage`
 * before the next; storing is retried while it fails, since WhatsApp delivers an event only once. A
 * message that waited longer than WHATSAPP_MAX_BACKLOG_HOURS is not processed: the sender is told once
 * to send it again. `message_create` only shows the number's own messages (the bot's sends, and what a
 * person typed on the linked phone): never read as input.
 *
 * Out: text with choices as a numbered list, split at TEXT_LIMIT; a random jitter before each send and a
 * daily cap per number (pacing.ts); failures as ChannelError kinds (errors.ts); `message_ack` recorded per
 * sent message (delivery.ts).
 */
import type { FastifyInstance } from 'fastify';
import type wweb from 'whatsapp-web.js';
import type {
  Attachment,
  Channel,
  ChannelEvent,
  ChannelStatus,
  ChatRef,
  DownloadedFile,
  InboundMessage,
  OutboundMessage,
  SendLimits,
} from '../../src/channel.ts';
import { ChannelError } from '../../src/channel.ts';
import type { Logger } from '../../src/logger.ts';
import { AliasCache } from './aliases.ts';
import { type AuthSettings, createAuthStrategy } from './auth.ts';
import { ArrivalOrder } from './backlog.ts';
import { realClientFactory, type WhatsAppClient, type WhatsAppClientFactory } from './client.ts';
import { AckBook, type AckCounts, type AckEntry } from './delivery.ts';
import { describeError, toChannelError } from './errors.ts';
import { type OwnIdentity, readMessage } from './inbound.ts';
import { registerLinkPage } from './link-page.ts';
import { DailyCap, type DailySendCounter, jitter, memoryDailyCounter, utcDay } from './pacing.ts';
import { renderParts, tooOldText } from './render.ts';
import { type LinkInfo, WhatsAppSession } from './session.ts';
import { withTimeout } from './timeout.ts';

export type { LinkInfo } from './session.ts';

export interface WhatsAppChannelOptions {
  log: Logger;
  /** Where the session is kept (WHATSAPP_AUTH, WHATSAPP_CLIENT_ID, DATA_DIR): see auth.ts. */
  auth: AuthSettings;
  /** Opens the link page /whatsapp (ADMIN_TOKEN); unset, the page answers 404. */
  adminToken?: string | undefined;
  /** Debian's Chromium (CHROMIUM_PATH). */
  chromiumPath: string;
  /** Link by a pairing code for this number instead of a QR code (WHATSAPP_PAIRING_NUMBER). */
  pairingNumber?: string | undefined;
  /** Messages older than this when they arrive are not processed (WHATSAPP_MAX_BACKLOG_HOURS). */
  maxBacklogMs: number;
  /** Most sends per UTC day for the number (WHATSAPP_DAILY_CAP). */
  dailyCap: number;
  /** Least time between two messages to one chat (WHATSAPP_MIN_GAP_SECONDS); the send path keeps it. */
  minGapMs: number;
  /** No event for this long: the session's state is checked (WHATSAPP_PROBE_MINUTES). */
  probeMs: number;
  /**
   * Keeps a reporter's photo or document while WhatsApp Web still has it: the file is downloaded through
   * the message and handed here (the media store); what comes back replaces the attachment. Without it
   * attachments stay references to the message.
   */
  storeMedia?: ((a: Attachment, file: DownloadedFile) => Promise<Attachment>) | undefined;
  /** Makes the Clients: the real one on Chromium by default; tests hand in a fake. */
  clientFactory?: WhatsAppClientFactory | undefined;
  /** The greatest random delay before a send (default: half the gap, at most 3 s). */
  jitterMs?: number;
  /** Counts the day's sends (default: in memory). */
  dailyCounter?: DailySendCounter;
  /** Reconnect backoff (default 2 s doubling to 5 min). */
  reconnect?: { initialMs: number; maxMs: number };
  /** After a logout or an auth failure a new link (QR code) is offered after this long (default 5 s). */
  linkOfferMs?: number;
  /** How long after `ready` the burst of missed messages is collected to be put in order (default 1.5 s). */
  backlogSettleMs?: number;
  /** Shows a new QR code (default: in the terminal, when there is one). */
  showQr?: (qr: string) => void;
  now?: () => number;
}

export interface WhatsAppStatus extends ChannelStatus {
  /** What WhatsApp said of the messages sent lately (message_ack), by outcome. */
  acks: AckCounts;
  /** Sends counted today (UTC) against the daily cap. */
  sentToday: number;
  dailyCap: number;
}

export interface WhatsAppChannel extends Channel {
  status(): WhatsAppStatus;
  /** The link as the /whatsapp page shows it: state, and the QR code or pairing code while one is offered. */
  link(): LinkInfo;
  /** Starts a new Client (after a logout or an auth failure): it offers a new QR code or pairing code. */
  relink(): Promise<void>;
  /** What WhatsApp said of a message this channel sent (by its externalId), while remembered. */
  delivery(externalId: string): AckEntry | undefined;
  /** The link page /whatsapp and /whatsapp/state (behind ADMIN_TOKEN). */
  registerRoutes(app: FastifyInstance): void;
}

/** Ids of sent messages remembered (a reply to one of them addresses the bot in a group). */
const SENT_KEPT = 5_000;
/** A send cut into parts that failed halfway continues with the part that failed (by outbox key). */
const PROGRESS_KEPT = 1_000;
/** Storing a received message is retried this long (WhatsApp does not deliver it again). */
const STORE_RETRY_MS = 10 * 60_000;
/** A media download that takes longer than this is given up; the reference to the message is kept. */
const MEDIA_DOWNLOAD_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createWhatsAppChannel(opts: WhatsAppChannelOptions): WhatsAppChannel {
  const { log } = opts;
  const now = opts.now ?? Date.now;
  const jitterMs = opts.jitterMs ?? Math.min(3_000, Math.floor(opts.minGapMs / 2));
  const cap = new DailyCap(opts.dailyCap, opts.dailyCounter ?? memoryDailyCounter(), now);
  const acks = new AckBook();
  const aliases = new AliasCache({ log });
  const sentIds = new Set<string>();
  const progress = new Map<string, { done: number; lastId: string }>();
  let me: OwnIdentity = { ids: new Set() };
  let sentToday = { day: '', count: 0 };
  let onMessage: ((m: InboundMessage) => Promise<void>) | undefined;
  let onEvent: ((e: ChannelEvent) => Promise<void>) | undefined;
  /** Chats told their message was too old since the last `ready` (once each). */
  let toldTooOld = new Set<string>();
  /** Received messages are handled one after another, in order. */
  let inbound: Promise<void> = Promise.resolve();
  let running = false;
  /** Consecutive rate-overlimit answers: each waits twice as long (5 s up to 10 min). */
  let overlimits = 0;

  const limits: SendLimits = { perChatMs: opts.minGapMs };
  const remember = (id: string) => {
    sentIds.add(id);
    if (sentIds.size > SENT_KEPT) sentIds.delete(sentIds.values().next().value as string);
  };

  const order = new ArrivalOrder<{ timestamp: number; msg: wweb.Message }>((item) => {
    inbound = inbound
      .then(() => handle(item.msg))
      .catch((e) => {
        log.error({ err: e }, 'whatsapp: a received message could not be handled');
      });
  }, opts.backlogSettleMs ?? 1_500);

  const session = new WhatsAppSession({
    clientFactory: opts.clientFactory ?? realClientFactory,
    settings: () => ({
      clientId: opts.auth.clientId,
      authStrategy: createAuthStrategy(opts.auth),
      executablePath: opts.chromiumPath,
      ...(opts.pairingNumber ? { pairingNumber: opts.pairingNumber } : {}),
    }),
    log,
    chromiumPath: opts.chromiumPath,
    probeMs: opts.probeMs,
    ...(opts.reconnect ? { reconnect: opts.reconnect } : {}),
    ...(opts.linkOfferMs !== undefined ? { linkOfferMs: opts.linkOfferMs } : {}),
    ...(opts.showQr ? { showQr: opts.showQr } : {}),
    hooks: {
      attach(client) {
        client.on('message', (msg: wweb.Message) => {
          order.push({ timestamp: msg.timestamp ?? 0, msg });
        });
        client.on('message_create', (msg: wweb.Message) => {
          // Incoming messages come as `message` too; the number's own ones only here.
          if (msg.fromMe && !sentIds.has(msg.id?._serialized))
            log.debug({ chatId: msg.to }, 'whatsapp: a message typed on the linked phone; ignored');
        });
        client.on('message_ack', (msg: wweb.Message, ack: wweb.MessageAck) => {
          const entry = acks.record(msg.id?._serialized, ack);
          if (entry?.delivery === 'failed')
            log.warn({ key: entry.key }, 'whatsapp: WhatsApp refused a sent message (ack ERROR)');
        });
      },
      ready(client) {
        toldTooOld = new Set();
        // The burst of what arrived while away is put in order before it is handled.
        order.hold();
        void identify(client);
      },
      linkLost(reason) {
        const event: ChannelEvent = { type: 'link_lost', reason };
        if (!onEvent) {
          log.warn({ reason }, 'whatsapp: link lost; no one to tell');
          return;
        }
        onEvent(event).catch((e) => log.error({ err: e }, 'whatsapp: link_lost not handled'));
      },
    },
  });

  /** The bot's own ids, for mentions: its phone JID and (asked once) its @lid. */
  async function identify(client: WhatsAppClient): Promise<void> {
    const wid = client.info?.wid?._serialized;
    if (!wid) return;
    const ids = new Set([wid]);
    me = { ids };
    for (const other of await aliases.of(wid, lookupOn(client))) ids.add(other);
  }

  /** The id lookup through a Client that is still the connected one (none once it went). */
  function lookupOn(client: WhatsAppClient | undefined) {
    return client ? (ids: string[]) => client.getContactLidAndPhone(ids) : undefined;
  }

  async function handle(msg: wweb.Message): Promise<void> {
    if (!running || !onMessage) return;
    const read = await readMessage(msg, { me, sentByUs: (id) => sentIds.has(id) });
    if (read.type === 'ignore') {
      log.debug({ reason: read.reason }, 'whatsapp: message ignored');
      return;
    }
    const m = read.message;
    if (m.isGroup && m.addressed === false) {
      log.debug({ chatId: m.chat.chatId }, 'whatsapp: group message not addressed to the bot; ignored');
      return;
    }
    if (now() - read.sentAt > opts.maxBacklogMs) {
      log.info({ sentAt: new Date(read.sentAt).toISOString() }, 'whatsapp: a message too old to process');
      const client = session.connected();
      if (client && !toldTooOld.has(m.chat.chatId)) {
        toldTooOld.add(m.chat.chatId);
        await sendText(client, m.chat.chatId, tooOldText(opts.maxBacklogMs / 3_600_000)).catch((e) =>
          log.warn({ err: describeError(e) }, 'whatsapp: the "too old" notice was not sent'),
        );
      }
      return;
    }
    const others = await aliases.of(read.sender, lookupOn(session.connected()));
    if (others.length) m.from.alsoKnownAs = others;
    if (opts.storeMedia && !m.isGroup && m.attachments?.length)
      m.attachments = await keepMedia(msg, m.attachments, opts.storeMedia);
    await store(m);
  }

  /**
   * Downloads the message's media now (WhatsApp Web serves it only while the message is recent) and
   * stores it; a failed download keeps the reference to the message, so nothing the reporter sent is lost.
   */
  async function keepMedia(
    msg: wweb.Message,
    attachments: Attachment[],
    storeMedia: NonNullable<WhatsAppChannelOptions['storeMedia']>,
  ): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const a of attachments) {
      if (a.kind === 'location' || a.ref !== msg.id._serialized) {
        out.push(a);
        continue;
      }
      try {
        const media = await withTimeout(msg.downloadMedia(), MEDIA_DOWNLOAD_MS, 'downloadMedia');
        if (!media?.data) throw new Error('no media data');
        out.push(
          await storeMedia(a, {
            bytes: Buffer.from(media.data, 'base64'),
            mime: media.mimetype,
            ...(media.filename ? { name: media.filename } : {}),
          }),
        );
      } catch (e) {
        log.warn(
          { err: describeError(e), kind: a.kind },
          'whatsapp: media not downloaded; the reference is kept',
        );
        out.push(a);
      }
    }
    return out;
  }

  /** Hands the message on, retrying while storing fails (the database away): it is the only copy. */
  async function store(m: InboundMessage): Promise<void> {
    const end = now() + STORE_RETRY_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 10_000)) {
      if (!running || !onMessage) return;
      try {
        await onMessage(m);
        return;
      } catch (e) {
        if (now() > end) {
          log.error({ err: describeError(e) }, 'whatsapp: a received message could not be stored; lost');
          return;
        }
        log.warn({ err: describeError(e) }, 'whatsapp: storing a received message failed; trying again');
        await sleep(wait);
      }
    }
  }

  /** One WhatsApp message: paced, counted against the day's cap, its id remembered. */
  async function sendText(
    client: WhatsAppClient,
    chatId: string,
    text: string,
    key?: string,
  ): Promise<string> {
    await cap.take();
    sentToday = { day: utcDay(now()), count: await cap.sentToday() };
    const delay = jitter(jitterMs);
    if (delay) await sleep(delay);
    let sent: wweb.Message;
    try {
      sent = await client.sendMessage(chatId, text, { linkPreview: false });
    } catch (e) {
      const err = toChannelError(e, 'sendMessage', Math.min(10 * 60_000, 5_000 * 2 ** overlimits));
      if (err.kind === 'rate_limited') overlimits = Math.min(overlimits + 1, 10);
      // The page may be gone while the session still says connected: look now, not after the quiet time.
      if (err.kind === 'unreachable') session.suspect();
      throw err;
    }
    overlimits = 0;
    const id = sent.id._serialized;
    remember(id);
    acks.track(id, key);
    return id;
  }

  return {
    name: 'whatsapp',
    limits,
    // One browser drives a WhatsApp Web session: only the process holding the owner lock of this session
    // (named by its client id, never by the number) runs the channel.
    exclusive: true,
    accountId: opts.auth.clientId,
    async start(handler, eventHandler) {
      onMessage = handler;
      onEvent = eventHandler;
      running = true;
      session.start();
    },
    async stop() {
      // What was received is stored before the Client goes (reading it needs the page), bounded: the
      // database may be away, and a process that lost the owner lock must let go quickly.
      order.flush();
      await Promise.race([inbound, sleep(5_000)]);
      running = false;
      await session.stop();
      await inbound;
      onMessage = undefined;
    },
    status: () => ({
      ...session.status(),
      acks: acks.counts(),
      sentToday: sentToday.day === utcDay(now()) ? sentToday.count : 0,
      dailyCap: opts.dailyCap,
    }),
    link: () => session.link(),
    relink: () => session.relink(),
    delivery: (externalId) => acks.get(externalId),
    registerRoutes(app) {
      registerLinkPage(app, { link: () => session.link(), token: opts.adminToken });
    },
    async send(to: ChatRef, m: OutboundMessage) {
      const client = session.connected();
      if (!client)
        throw new ChannelError(`whatsapp not connected (${session.status().state})`, 'unreachable');
      const parts = renderParts(m);
      // A retry of a send that failed halfway goes on from the failed part: no part shows twice.
      const done = (m.key && progress.get(m.key)) || { done: 0, lastId: '' };
      for (let i = done.done; i < parts.length; i++) {
        // The parts of one message keep the per-chat gap between them too.
        if (i > done.done && opts.minGapMs > 0) await sleep(opts.minGapMs);
        done.lastId = await sendText(client, to.chatId, parts[i] as string, m.key);
        done.done = i + 1;
        if (m.key && i < parts.length - 1) {
          progress.set(m.key, done);
          if (progress.size > PROGRESS_KEPT) progress.delete(progress.keys().next().value as string);
        }
      }
      if (m.key) progress.delete(m.key);
      return { externalId: done.lastId };
    },
  };
}
