/**
 * A fake whatsapp-web.js Client and the "phone network" around it, written from the library's index.d.ts
 * (1.34.7) and its Client.js: `FakeWhatsAppClient` implements the channel's `WhatsAppClient` seam (a Pick
 * of the library's `Client`, so tsc checks every method against index.d.ts) and emits the library's own
 * events, named by its `Events` constants, with the payload shapes of index.d.ts: `qr` (string), `code`
 * (string), `authenticated`, `auth_failure` (string), `ready`, `message` and `message_create` (a full
 * `Message`), `message_ack` (`Message`, `MessageAck`), `change_state` (`WAState`), `disconnected`
 * (`WAState` or 'LOGOUT'). As the library does, a Client destroys itself after `disconnected` and never
 * reconnects; `message_create` fires for every new message and `message` only for those not from the
 * number itself.
 *
 * The test drives a `FakeWhatsAppNetwork`: it hands out a new Client per (re)connect (`factory`), all on
 * the same network; people deliver private and group messages (kept while no Client is ready, and
 * delivered on the next `ready` — the offline backlog); the test reads what the bot sent, fails the next
 * sends, disconnects, logs out, breaks the session, makes `initialize` fail, wedges a Client (silent, its
 * getState failing) and maps @lid ids to phone JIDs for `getContactLidAndPhone`.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import wweb from 'whatsapp-web.js';
import type {
  ClientSettings,
  WhatsAppClient,
  WhatsAppClientFactory,
} from '../../adapters/whatsapp/client.ts';

const { Events, MessageAck, MessageTypes, WAState } = wweb;

/** The helpdesk's own number on the fake network. */
export const FAKE_ME = {
  wid: '6281100000001@c.us',
  lid: '190000000000001@lid',
  pushname: 'Helpdesk SPBE',
} as const;

/** Errors as whatsapp-web.js throws them, one per ChannelError kind the channel maps them to. */
export const FAKE_ERRORS = {
  rate_limited: () => new Error('Evaluation failed: Error: rate-overlimit'),
  unreachable: () =>
    new Error(
      'Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.',
    ),
  transient: () =>
    new Error("Evaluation failed: TypeError: Cannot read properties of undefined (reading 'serialize')"),
  rejected: () => new Error('Evaluation failed: Error: wid error: invalid wid'),
  offline: () => new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'),
} as const;

/** A message the bot sent, as the fake network recorded it. */
export interface FakeSent {
  /** The Message's `id._serialized`. */
  id: string;
  chatId: string;
  text: string;
  options: wweb.MessageSendOptions | undefined;
  at: number;
  /** Which Client sent it (its index in `network.clients`). */
  client: number;
}

/** A message a person sends. */
export interface Incoming {
  /** The chat: `…@c.us` / `…@lid` for a private chat, `…@g.us` for a group. */
  chatId: string;
  /** In a group: who sent it. */
  author?: string;
  text?: string;
  /** The message's own id (the last part of `id._serialized`); random by default. */
  id?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** The sender's push name. */
  name?: string;
  /** The serialized id of the message it replies to (one the bot sent, or anyone's). */
  quoted?: string;
  /** Serialized ids mentioned (`@…` in the text is up to the test). */
  mentions?: string[];
  /** The message type's value ('chat', 'image', 'ptt', 'document', 'location' …); 'chat' by default. */
  type?: `${wweb.MessageTypes}`;
  hasMedia?: boolean;
  /** A document's file name. */
  filename?: string;
  location?: { latitude: number; longitude: number };
  /** A status update (status@broadcast). */
  status?: boolean;
}

const unsupported = (what: string) => (): Promise<never> =>
  Promise.reject(new Error(`${what} is not in the fake WhatsApp client`));

const idOf = (serialized: string): wweb.ContactId => {
  const [user = '', server = ''] = serialized.split('@');
  return { user, server, _serialized: serialized };
};

const randomId = () => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;

export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClient {
  info?: wweb.ClientInfo;
  initialized = false;
  ready = false;
  destroyed = false;
  /** getState() answers this (or throws it); set by `network.wedge()`. */
  wedged: wweb.WAState | Error | undefined;

  constructor(
    private readonly network: FakeWhatsAppNetwork,
    readonly settings: ClientSettings,
    readonly index: number,
  ) {
    super();
  }

  /** Emits an event of the library's, by its Events name. */
  fire(
    event: wweb.Events.QR_RECEIVED | wweb.Events.CODE_RECEIVED | wweb.Events.AUTHENTICATION_FAILURE,
    payload: string,
  ): void;
  fire(event: wweb.Events.AUTHENTICATED | wweb.Events.READY): void;
  fire(event: wweb.Events.MESSAGE_RECEIVED | wweb.Events.MESSAGE_CREATE, message: wweb.Message): void;
  fire(event: wweb.Events.MESSAGE_ACK, message: wweb.Message, ack: wweb.MessageAck): void;
  fire(event: wweb.Events.STATE_CHANGED, state: wweb.WAState): void;
  fire(event: wweb.Events.DISCONNECTED, reason: wweb.WAState | 'LOGOUT'): void;
  fire(event: wweb.Events, ...args: unknown[]): void {
    if (this.destroyed) return;
    this.emit(event, ...args);
  }

  async initialize(): Promise<void> {
    if (this.destroyed) throw new Error('Protocol error: Target closed');
    this.network.initializeCalls++;
    const failure = this.network.takeInitializeFailure();
    if (failure) throw failure;
    this.initialized = true;
    // As the library: initialize() resolves once WhatsApp Web is loaded; the link (qr/code) or the
    // restored session's authenticated → ready come as events.
    setImmediate(() => this.network.afterInitialize(this));
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.ready = false;
    this.network.destroyCalls++;
  }

  async logout(): Promise<void> {
    this.network.linked = false;
    await this.destroy();
  }

  async sendMessage(
    chatId: string,
    content: wweb.MessageContent,
    options?: wweb.MessageSendOptions,
  ): Promise<wweb.Message> {
    return this.network.send(this, chatId, content, options);
  }

  async getState(): Promise<wweb.WAState> {
    if (this.destroyed || !this.initialized) throw new Error('Protocol error: Session closed');
    if (this.wedged instanceof Error) throw this.wedged;
    if (this.wedged) return this.wedged;
    return this.ready ? WAState.CONNECTED : WAState.OPENING;
  }

  async getContactLidAndPhone(userIds: string[]): Promise<{ lid: string; pn: string }[]> {
    if (!this.ready) throw new Error('Protocol error: Session closed');
    this.network.lookups.push([...userIds]);
    return userIds.map((id) => this.network.lidAndPhone(id));
  }

  async requestPairingCode(
    phoneNumber: string,
    _showNotification?: boolean,
    _intervalMs?: number,
  ): Promise<string> {
    const code = this.network.newPairingCode(phoneNumber);
    this.fire(Events.CODE_RECEIVED, code);
    return code;
  }
}

export class FakeWhatsAppNetwork {
  readonly me = FAKE_ME;
  /** A stored session: a new Client restores it (authenticated → ready) without a QR code. */
  linked: boolean;
  readonly clients: FakeWhatsAppClient[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  /** Every getContactLidAndPhone call's ids. */
  readonly lookups: string[][] = [];
  /** Acks every send with ACK_SERVER a moment later, then ACK_DEVICE (as a phone online would). */
  autoAck = true;
  /** The link offers: every QR code and pairing code shown. */
  readonly qrs: string[] = [];
  readonly pairingCodes: string[] = [];

  private readonly sentLog: FakeSent[] = [];
  private readonly calls: { chatId: string; at: number }[] = [];
  private readonly messages = new Map<string, wweb.Message>();
  private readonly failures = new Map<string, Error[]>();
  private readonly initFailures: Error[] = [];
  private offline = false;
  private brokenSession: string | undefined;
  /** Messages sent while no Client was ready: the next `ready` delivers them. */
  private backlog: wweb.Message[] = [];
  private readonly lids = new Map<string, string>();
  private readonly phones = new Map<string, string>();
  private seq = 0;

  constructor(opts: { linked?: boolean } = {}) {
    this.linked = opts.linked ?? true;
  }

  /** Makes a new Client per call, all on this network (hand it to the channel as its clientFactory). */
  readonly factory: WhatsAppClientFactory = (settings) => {
    const client = new FakeWhatsAppClient(this, settings, this.clients.length);
    this.clients.push(client);
    return client;
  };

  /** The newest Client not destroyed. */
  current(): FakeWhatsAppClient | undefined {
    const last = this.clients.at(-1);
    return last && !last.destroyed ? last : undefined;
  }

  /** The Client that is ready now, if any. */
  readyClient(): FakeWhatsAppClient | undefined {
    const c = this.current();
    return c?.ready && !c.wedged ? c : undefined;
  }

  // ---- people ---------------------------------------------------------------------------------------

  /** A person sends a message; returns it (its `id._serialized` is what the helpdesk stores). */
  deliver(m: Incoming): wweb.Message {
    const msg = this.incoming(m);
    const client = this.readyClient();
    if (client) {
      client.fire(Events.MESSAGE_CREATE, msg);
      client.fire(Events.MESSAGE_RECEIVED, msg);
    } else this.backlog.push(msg);
    return msg;
  }

  /** A message in a private chat (`chatId` is the person: …@c.us or …@lid). */
  say(chatId: string, text: string, extra: Partial<Incoming> = {}): wweb.Message {
    return this.deliver({ chatId, text, ...extra });
  }

  /** A message in a group from `author`. */
  sayInGroup(groupId: string, author: string, text: string, extra: Partial<Incoming> = {}): wweb.Message {
    return this.deliver({ chatId: groupId, author, text, ...extra });
  }

  /** Someone types on the linked phone itself: the number's own message (message_create only). */
  typeOnPhone(chatId: string, text: string): wweb.Message {
    const msg = this.build({ chatId, text, fromMe: true });
    this.readyClient()?.fire(Events.MESSAGE_CREATE, msg);
    return msg;
  }

  /** WhatsApp's mapping of an @lid to a phone JID (what getContactLidAndPhone answers). */
  mapLid(lid: string, phoneJid: string): void {
    this.lids.set(phoneJid, lid);
    this.phones.set(lid, phoneJid);
  }

  // ---- what the bot did ----------------------------------------------------------------------------

  /** What the bot sent (to one chat), oldest first. */
  sent(chatId?: string): FakeSent[] {
    return chatId === undefined ? [...this.sentLog] : this.sentLog.filter((s) => s.chatId === chatId);
  }

  /** sendMessage calls to the chat, failed ones included. */
  attempts(chatId: string): number {
    return this.calls.filter((c) => c.chatId === chatId).length;
  }

  /** A message by its serialized id (sent or received). */
  message(id: string): wweb.Message | undefined {
    return this.messages.get(id);
  }

  // ---- trouble -------------------------------------------------------------------------------------

  /** The next `count` sends to the chat fail with this error (see FAKE_ERRORS). */
  failNextSends(chatId: string, error: Error | (() => Error), count = 1): void {
    const list = this.failures.get(chatId) ?? [];
    for (let i = 0; i < count; i++) list.push(typeof error === 'function' ? error() : error);
    this.failures.set(chatId, list);
  }

  /** The next `count` initialize() calls reject (no internet, by default). */
  failInitialize(count = 1, error: () => Error = FAKE_ERRORS.offline): void {
    for (let i = 0; i < count; i++) this.initFailures.push(error());
  }

  /** No internet: every initialize() rejects until set back. */
  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  /** WhatsApp drops the connection: the ready Client emits change_state and disconnected, and destroys itself. */
  disconnect(reason: wweb.WAState | 'LOGOUT' = WAState.UNPAIRED): void {
    const client = this.current();
    if (!client) throw new Error('no client to disconnect');
    if (reason === 'LOGOUT') this.linked = false;
    else client.fire(Events.STATE_CHANGED, reason);
    client.fire(Events.DISCONNECTED, reason);
    void client.destroy();
  }

  /** The stored session cannot be restored: the current Client (or the next to start) emits auth_failure. */
  failAuth(message = 'Unable to restore session'): void {
    this.linked = false;
    const client = this.current();
    if (client?.initialized) {
      client.fire(Events.AUTHENTICATION_FAILURE, message);
      void client.destroy();
    } else this.brokenSession = message;
  }

  /** The ready Client goes silent: no events reach it, and getState answers `state` (or throws it). */
  wedge(state: wweb.WAState | Error = WAState.TIMEOUT): void {
    const client = this.current();
    if (!client) throw new Error('no client to wedge');
    client.wedged = state;
  }

  /** Emits an ack for a message the bot sent. */
  ack(sentId: string, ack: wweb.MessageAck): void {
    const msg = this.messages.get(sentId);
    if (!msg) throw new Error(`no message ${sentId}`);
    msg.ack = ack;
    this.readyClient()?.fire(Events.MESSAGE_ACK, msg, ack);
  }

  // ---- linking -------------------------------------------------------------------------------------

  /** The phone scans the QR code (or enters the pairing code) shown by the current Client. */
  scan(): void {
    const client = this.current();
    if (!client?.initialized) throw new Error('no client offering a link');
    this.linked = true;
    this.becomeReady(client);
  }

  /** WhatsApp rotates the QR code of the waiting Client. */
  rotateQr(): string {
    const client = this.current();
    if (!client) throw new Error('no client offering a link');
    const qr = this.newQr();
    client.fire(Events.QR_RECEIVED, qr);
    return qr;
  }

  /** Waits until `probe` returns something. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 30_000, what = 'condition'): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > end) throw new Error(`fake WhatsApp: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // ---- for the fake Client -------------------------------------------------------------------------

  takeInitializeFailure(): Error | undefined {
    if (this.offline) return FAKE_ERRORS.offline();
    return this.initFailures.shift();
  }

  afterInitialize(client: FakeWhatsAppClient): void {
    if (client.destroyed) return;
    if (this.brokenSession !== undefined) {
      const message = this.brokenSession;
      this.brokenSession = undefined;
      client.fire(Events.AUTHENTICATION_FAILURE, message);
      void client.destroy();
      return;
    }
    if (this.linked) {
      this.becomeReady(client);
      return;
    }
    if (client.settings.pairingNumber) void client.requestPairingCode(client.settings.pairingNumber);
    else client.fire(Events.QR_RECEIVED, this.newQr());
  }

  newPairingCode(_phoneNumber: string): string {
    const code = randomBytes(4).toString('hex').toUpperCase();
    this.pairingCodes.push(code);
    return code;
  }

  lidAndPhone(id: string): { lid: string; pn: string } {
    if (id.endsWith('@lid')) return { lid: id, pn: this.phones.get(id) ?? '' };
    return { lid: this.lids.get(id) ?? '', pn: id };
  }

  async send(
    client: FakeWhatsAppClient,
    chatId: string,
    content: wweb.MessageContent,
    options: wweb.MessageSendOptions | undefined,
  ): Promise<wweb.Message> {
    this.calls.push({ chatId, at: Date.now() });
    if (client.destroyed || !client.ready) throw FAKE_ERRORS.unreachable();
    const failure = this.failures.get(chatId)?.shift();
    if (failure) throw failure;
    if (typeof content !== 'string') throw new Error('the fake WhatsApp client sends text only');
    const msg = this.build({ chatId, text: content, fromMe: true });
    this.sentLog.push({
      id: msg.id._serialized,
      chatId,
      text: content,
      options,
      at: Date.now(),
      client: client.index,
    });
    // As the library: the own message shows as message_create, then WhatsApp's acks follow.
    setImmediate(() => {
      client.fire(Events.MESSAGE_CREATE, msg);
      if (!this.autoAck) return;
      setTimeout(
        () => this.readyClient() === client && this.ack(msg.id._serialized, MessageAck.ACK_SERVER),
        5,
      );
      setTimeout(
        () => this.readyClient() === client && this.ack(msg.id._serialized, MessageAck.ACK_DEVICE),
        10,
      );
    });
    return msg;
  }

  private becomeReady(client: FakeWhatsAppClient): void {
    client.fire(Events.AUTHENTICATED);
    client.info = clientInfo();
    client.ready = true;
    client.fire(Events.READY);
    // What arrived while away comes right after ready, as WhatsApp Web syncs it.
    const backlog = this.backlog;
    this.backlog = [];
    for (const msg of backlog) {
      client.fire(Events.MESSAGE_CREATE, msg);
      client.fire(Events.MESSAGE_RECEIVED, msg);
    }
  }

  private newQr(): string {
    const qr = `2@${randomBytes(24).toString('base64')},${randomBytes(16).toString('base64')},${++this.seq}`;
    this.qrs.push(qr);
    return qr;
  }

  private incoming(m: Incoming): wweb.Message {
    return this.build({ ...m, fromMe: false });
  }

  private build(m: Incoming & { fromMe: boolean }): wweb.Message {
    const group = m.chatId.endsWith('@g.us');
    const remote = m.status ? 'status@broadcast' : m.chatId;
    const own = m.id ?? randomId();
    const serialized =
      group && !m.fromMe ? `false_${remote}_${own}_${m.author}` : `${m.fromMe}_${remote}_${own}`;
    const wanted = m.type ?? (m.location ? 'location' : 'chat');
    const type = Object.values(MessageTypes).find((t) => t === wanted);
    if (type === undefined) throw new Error(`no message type ${wanted} in whatsapp-web.js`);
    const msg: wweb.Message = {
      ack: m.fromMe ? MessageAck.ACK_PENDING : MessageAck.ACK_READ,
      ...(group && !m.fromMe && m.author ? { author: m.author } : {}),
      deviceType: 'android',
      body: m.text ?? '',
      broadcast: false,
      isStatus: m.status === true,
      isGif: false,
      isEphemeral: false,
      from: m.fromMe ? FAKE_ME.wid : remote,
      fromMe: m.fromMe,
      hasMedia: m.hasMedia ?? false,
      hasQuotedMsg: m.quoted !== undefined,
      hasReaction: false,
      duration: '',
      id: { fromMe: m.fromMe, remote, id: own, _serialized: serialized },
      isForwarded: false,
      forwardingScore: 0,
      isStarred: false,
      // index.d.ts types it as always there; the library leaves it undefined but for a location.
      location: m.location
        ? new wweb.Location(m.location.latitude, m.location.longitude)
        : (undefined as unknown as wweb.Location),
      vCards: [],
      mentionedIds: m.mentions ?? [],
      groupMentions: [],
      timestamp: m.timestamp ?? Math.floor(Date.now() / 1000),
      to: m.fromMe ? remote : FAKE_ME.wid,
      type,
      links: [],
      orderId: '',
      rawData: { notifyName: m.name, filename: m.filename },
      pollName: '',
      pollOptions: [],
      allowMultipleAnswers: false,
      eventStartTime: 0,
      isEventCaneled: false,
      reload: async () => msg,
      acceptGroupV4Invite: unsupported('Message.acceptGroupV4Invite'),
      delete: unsupported('Message.delete'),
      downloadMedia: async () =>
        new wweb.MessageMedia(
          m.type === 'document' ? 'application/pdf' : 'image/jpeg',
          Buffer.from(`media of ${serialized}`).toString('base64'),
          m.filename ?? null,
        ),
      getChat: async () => chatOf(this, m.chatId),
      getContact: unsupported('Message.getContact'),
      getMentions: unsupported('Message.getMentions'),
      getGroupMentions: unsupported('Message.getGroupMentions'),
      getQuotedMessage: async () => {
        const quoted = m.quoted ? this.messages.get(m.quoted) : undefined;
        if (!quoted) throw new Error('quoted message not found');
        return quoted;
      },
      reply: async (content, chatId, options) => {
        const client = this.readyClient();
        if (!client) throw FAKE_ERRORS.unreachable();
        return this.send(client, chatId ?? m.chatId, content, { ...options, quotedMessageId: serialized });
      },
      react: unsupported('Message.react'),
      forward: unsupported('Message.forward'),
      star: unsupported('Message.star'),
      unstar: unsupported('Message.unstar'),
      pin: unsupported('Message.pin'),
      unpin: unsupported('Message.unpin'),
      getInfo: unsupported('Message.getInfo'),
      getOrder: unsupported('Message.getOrder'),
      getPayment: unsupported('Message.getPayment'),
      getPollVotes: unsupported('Message.getPollVotes'),
      getReactions: unsupported('Message.getReactions'),
      edit: unsupported('Message.edit'),
      editScheduledEvent: unsupported('Message.editScheduledEvent'),
      vote: unsupported('Message.vote'),
    };
    this.messages.set(serialized, msg);
    return msg;
  }
}

function chatOf(network: FakeWhatsAppNetwork, chatId: string): wweb.Chat {
  const id = idOf(chatId);
  const chat: wweb.Chat = {
    archived: false,
    id,
    isGroup: id.server === 'g.us',
    isReadOnly: false,
    isMuted: false,
    muteExpiration: 0,
    name: id.server === 'g.us' ? `Grup ${id.user}` : id.user,
    timestamp: Math.floor(Date.now() / 1000),
    unreadCount: 0,
    // Typed as always there; a new chat has none.
    lastMessage: undefined as unknown as wweb.Message,
    pinned: false,
    isLocked: false,
    archive: unsupported('Chat.archive'),
    pin: unsupported('Chat.pin'),
    unpin: unsupported('Chat.unpin'),
    clearMessages: unsupported('Chat.clearMessages'),
    clearState: unsupported('Chat.clearState'),
    delete: unsupported('Chat.delete'),
    fetchMessages: unsupported('Chat.fetchMessages'),
    mute: unsupported('Chat.mute'),
    sendMessage: async (content, options) => {
      const client = network.readyClient();
      if (!client) throw FAKE_ERRORS.unreachable();
      return network.send(client, chatId, content, options);
    },
    sendSeen: async () => true,
    sendStateRecording: async () => {},
    sendStateTyping: async () => {},
    unarchive: unsupported('Chat.unarchive'),
    unmute: unsupported('Chat.unmute'),
    getContact: unsupported('Chat.getContact'),
    markUnread: unsupported('Chat.markUnread'),
    getLabels: unsupported('Chat.getLabels'),
    changeLabels: unsupported('Chat.changeLabels'),
    getPinnedMessages: unsupported('Chat.getPinnedMessages'),
    syncHistory: unsupported('Chat.syncHistory'),
    addOrEditCustomerNote: unsupported('Chat.addOrEditCustomerNote'),
    getCustomerNote: unsupported('Chat.getCustomerNote'),
  };
  return chat;
}

function clientInfo(): wweb.ClientInfo {
  const wid = idOf(FAKE_ME.wid);
  return {
    me: wid,
    wid,
    phone: {
      wa_version: '2.3000.0',
      os_version: '14',
      device_manufacturer: 'fake',
      device_model: 'fake',
      os_build_number: '1',
    },
    platform: 'android',
    pushname: FAKE_ME.pushname,
    getBatteryStatus: async () => ({ battery: 100, plugged: true }),
  };
}
