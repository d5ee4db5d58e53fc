/**
 * The whatsapp-web.js Client's lifecycle, kept alive unattended. The library never reconnects: on a
 * disconnect it destroys its Client, and so the session makes a new one and initializes it again with
 * capped exponential backoff and jitter; an `initialize()` that rejects (no internet, no browser) is a
 * failed attempt like any other. A health probe catches a session that says connected but has gone
 * silent: with no event for `probeMs` it asks `getState()`, and a state other than CONNECTED (or no answer)
 * restarts the Client. A logout or an auth failure ends the attempts to restore the session: only a person
 * can link the number again, so the channel is told (link_lost) and one Client offering a new QR code
 * follows (see `lost`); `relink()` starts another at any time.
 *
 * States: starting → waiting_for_link (a QR code or a pairing code is shown) → connected (`ready`) →
 * reconnecting (after `disconnected`, a failed attempt or a failed probe) → connected …; logged_out after
 * `disconnected` with LOGOUT or `auth_failure`; disconnected once stopped.
 */

import type wweb from 'whatsapp-web.js';
import type { ChannelStatus } from '../../src/channel.ts';
import type { Logger } from '../../src/logger.ts';
import type { ClientSettings, WhatsAppClient, WhatsAppClientFactory } from './client.ts';
import { describeError, describeStartFailure } from './errors.ts';
import { printQrInTerminal } from './qr.ts';
import { withTimeout } from './timeout.ts';

export type SessionState = ChannelStatus['state'];
export type LinkLostReason = 'logged_out' | 'auth_failure';

/** What the link page shows: the state, and the QR code or pairing code to link with while one is offered. */
export interface LinkInfo {
  state: SessionState;
  /** The QR code's content (render it, e.g. with the qrcode package); rotates every ~20 s. */
  qr?: string;
  /** The code to type on the phone (WhatsApp → Linked devices → Link with phone number). */
  pairingCode?: string;
  /** When the state, QR code or pairing code last changed (ISO time). */
  updatedAt: string;
}

export interface SessionHooks {
  /** A new Client: the channel adds its message listeners. */
  attach(client: WhatsAppClient): void;
  /** The Client is ready (after a link, a start or a reconnect). */
  ready(client: WhatsAppClient): void;
  /** The link is gone: someone must link the number again. */
  linkLost(reason: LinkLostReason, detail: string): void;
}

export interface SessionOptions {
  clientFactory: WhatsAppClientFactory;
  /** The settings of each new Client (a fresh auth strategy every time). */
  settings: () => ClientSettings;
  hooks: SessionHooks;
  log: Logger;
  /** For messages about a missing browser. */
  chromiumPath: string;
  /** No event for this long: the state is checked (WHATSAPP_PROBE_MINUTES). */
  probeMs: number;
  /** How long getState() may take before the probe counts it as failed (default 30 s). */
  probeTimeoutMs?: number;
  /** Reconnect backoff: the first wait, doubling up to the cap (default 2 s to 5 min), with jitter. */
  reconnect?: { initialMs: number; maxMs: number };
  /** After a logout or auth failure, a new link is offered after this long (default 5 s), once. */
  linkOfferMs?: number;
  /** An initialize() that neither resolves nor rejects in this long is a failed attempt (default 3 min). */
  initTimeoutMs?: number;
  /** Shows a new QR code (default: printed small in the terminal, when there is one). */
  showQr?: (qr: string) => void;
  /** Shows a new pairing code (default: printed in the terminal, when there is one). */
  showPairingCode?: (code: string) => void;
  random?: () => number;
}

const DESTROY_TIMEOUT_MS = 30_000;

function printPairingCodeToTerminal(code: string): void {
  if (!process.stdout.isTTY) return;
  process.stdout.write(
    `\nWhatsApp: kode penautan ${code} (WhatsApp → Perangkat tertaut → Tautkan dengan nomor telepon)\n`,
  );
}

export class WhatsAppSession {
  private state: SessionState = 'disconnected';
  private lastEventAt: string | undefined;
  private lastError: string | undefined;
  private client: WhatsAppClient | undefined;
  /** Counts Clients: events of a Client that is no longer the current one are ignored. */
  private generation = 0;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = true;
  /** When the current Client last showed a sign of life (an event, a good probe). */
  private lastSign = Date.now();
  private initialized = false;
  /** The number was linked (a Client got ready) since the last loss. */
  private linked = false;
  /** The current loss was told (link_lost), and a new link offered after it. */
  private lossReported = false;
  private linkOffered = false;
  /** The current Client's initialize(), settled either way (stop waits for it: a browser may be launching). */
  private initializing: Promise<void> = Promise.resolve();
  private qr: string | undefined;
  private pairingCode: string | undefined;
  private linkUpdatedAt = new Date();
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly backoff: { initialMs: number; maxMs: number };

  constructor(private readonly opts: SessionOptions) {
    this.log = opts.log;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.reconnect ?? { initialMs: 2_000, maxMs: 5 * 60_000 };
  }

  /** Starts the first Client; returns at once (linking and connecting happen behind). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.setState('starting');
    const every = Math.max(250, Math.min(60_000, Math.floor(this.opts.probeMs / 2)));
    this.probeTimer = setInterval(() => void this.probe(), every);
    this.probeTimer.unref?.();
    void this.connect();
  }

  /** Destroys the Client (its Chromium with it); no more attempts. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.probeTimer);
    this.generation++;
    const client = this.client;
    this.client = undefined;
    if (client) {
      await this.destroy(client);
      // A browser still launching is closed once its initialize() settles (see connect); wait for that.
      await withTimeout(this.initializing, DESTROY_TIMEOUT_MS, 'initialize').catch(() => {});
      await this.destroy(client);
    }
    this.qr = undefined;
    this.pairingCode = undefined;
    this.setState('disconnected');
  }

  /** A new Client after a logout or an auth failure (or at any time): it offers a new link if needed. */
  async relink(): Promise<void> {
    if (this.stopped) throw new Error('whatsapp session not started');
    clearTimeout(this.reconnectTimer);
    this.linkOffered = false;
    this.generation++;
    const client = this.client;
    this.client = undefined;
    if (client) await this.destroy(client);
    this.attempt = 0;
    this.setState('starting');
    void this.connect();
  }

  /** The Client, while it is connected (sends go through it). */
  connected(): WhatsAppClient | undefined {
    return this.state === 'connected' ? this.client : undefined;
  }

  status(): ChannelStatus {
    return {
      state: this.state,
      ...(this.lastEventAt ? { lastEventAt: this.lastEventAt } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  link(): LinkInfo {
    return {
      state: this.state,
      ...(this.qr ? { qr: this.qr } : {}),
      ...(this.pairingCode ? { pairingCode: this.pairingCode } : {}),
      updatedAt: this.linkUpdatedAt.toISOString(),
    };
  }

  private setState(next: SessionState): void {
    if (next === this.state) return;
    this.log.info(
      { from: this.state, to: next },
      next === 'waiting_for_link'
        ? 'whatsapp: waiting for a link (scan the QR code in the terminal or on /whatsapp, or enter the pairing code)'
        : `whatsapp: ${next}`,
    );
    this.state = next;
    this.linkUpdatedAt = new Date();
  }

  private setLink(qr: string | undefined, pairingCode: string | undefined): void {
    if (qr === this.qr && pairingCode === this.pairingCode) return;
    this.qr = qr;
    this.pairingCode = pairingCode;
    this.linkUpdatedAt = new Date();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.initialized = false;
    let client: WhatsAppClient;
    try {
      client = this.opts.clientFactory(this.opts.settings());
    } catch (e) {
      this.failedAttempt(gen, undefined, e);
      return;
    }
    this.client = client;
    this.lastSign = Date.now();
    this.listen(client, gen);
    this.opts.hooks.attach(client);
    const init = client.initialize();
    this.initializing = init.then(
      () => {},
      () => {},
    );
    // Whenever it settles, a Client no longer wanted (stopped, replaced, timed out) is destroyed once
    // more: a browser it launched while being given up must not stay behind.
    this.initializing.then(() => {
      if (gen !== this.generation || this.stopped) void this.destroy(client);
    });
    try {
      await withTimeout(init, this.opts.initTimeoutMs ?? 3 * 60_000, 'initialize');
      if (gen === this.generation) {
        this.initialized = true;
        this.lastSign = Date.now();
      }
    } catch (e) {
      this.failedAttempt(gen, client, e);
    }
  }

  /** An attempt that did not get through: the Client goes, the next attempt is planned. */
  private failedAttempt(gen: number, client: WhatsAppClient | undefined, e: unknown): void {
    if (gen !== this.generation || this.stopped) return;
    // An auth failure during initialize ends the attempts (handled by its event).
    if (this.state === 'logged_out') return;
    this.lastError = describeStartFailure(e, this.opts.chromiumPath);
    this.log.warn({ err: this.lastError, attempt: this.attempt + 1 }, 'whatsapp: starting the client failed');
    this.client = undefined;
    void this.replace(client);
  }

  /** Destroys the Client and plans the next one. */
  private async replace(client: WhatsAppClient | undefined): Promise<void> {
    this.generation++;
    if (this.client === client) this.client = undefined;
    this.setState('reconnecting');
    if (client) await this.destroy(client);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.state === 'logged_out') return;
    clearTimeout(this.reconnectTimer);
    const { initialMs, maxMs } = this.backoff;
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.attempt, 30));
    const delay = Math.min(maxMs, Math.round(base * (0.8 + 0.4 * this.random())));
    this.attempt++;
    this.log.info({ inMs: delay, attempt: this.attempt }, 'whatsapp: reconnecting');
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private async destroy(client: WhatsAppClient): Promise<void> {
    client.removeAllListeners();
    try {
      await withTimeout(client.destroy(), DESTROY_TIMEOUT_MS, 'destroy');
    } catch (e) {
      this.log.warn({ err: describeError(e) }, 'whatsapp: destroying the client failed');
    }
  }

  /**
   * Logout or auth failure: no more attempts to restore the session; the channel tells someone (once per
   * loss). So that the number can be linked again without a restart, a new link is offered once: unless
   * the Client shows a QR code by itself meanwhile (the library does after a logout it noticed by a page
   * navigation), after `linkOfferMs` it is replaced by one Client that starts without a session and offers
   * a QR code. Should that one fail too, the state stays logged_out until relink() or a restart.
   */
  private lost(gen: number, reason: LinkLostReason, detail: string): void {
    if (gen !== this.generation) return;
    clearTimeout(this.reconnectTimer);
    this.lastError = reason === 'logged_out' ? `logged out (${detail})` : `auth failure (${detail})`;
    this.setLink(undefined, undefined);
    this.setState('logged_out');
    this.log.error({ reason }, 'whatsapp: the number is no longer linked; link it again (/whatsapp)');
    this.reportLoss(reason, detail);
    if (this.linkOffered) return;
    this.linkOffered = true;
    this.reconnectTimer = setTimeout(() => {
      if (this.stopped || gen !== this.generation || this.state !== 'logged_out') return;
      void this.offerLink();
    }, this.opts.linkOfferMs ?? 5_000);
  }

  private async offerLink(): Promise<void> {
    this.generation++;
    const client = this.client;
    this.client = undefined;
    if (client) await this.destroy(client);
    this.log.info('whatsapp: offering a new link');
    void this.connect();
  }

  /** Tells the channel the link is gone, once until the number is linked (ready) again. */
  private reportLoss(reason: LinkLostReason, detail: string): void {
    this.linked = false;
    if (this.lossReported) return;
    this.lossReported = true;
    this.opts.hooks.linkLost(reason, detail);
  }

  private listen(client: WhatsAppClient, gen: number): void {
    const live = () => {
      if (gen !== this.generation || this.stopped) return false;
      this.lastSign = Date.now();
      this.lastEventAt = new Date().toISOString();
      return true;
    };
    client.on('qr', (qr: string) => {
      if (!live()) return;
      // WhatsApp was reached: the backoff starts over.
      this.attempt = 0;
      // A Client asking to be linked after the number was linked: the session is gone (unlinked on the
      // phone, or WhatsApp ended it), however the library said so.
      if (this.linked) this.reportLoss('logged_out', 'a new link is needed');
      const rotated = qr !== this.qr;
      this.setLink(qr, undefined);
      this.setState('waiting_for_link');
      if (rotated) (this.opts.showQr ?? printQrInTerminal)(qr);
    });
    client.on('code', (code: string) => {
      if (!live()) return;
      this.attempt = 0;
      if (this.linked) this.reportLoss('logged_out', 'a new link is needed');
      const rotated = code !== this.pairingCode;
      this.setLink(undefined, code);
      this.setState('waiting_for_link');
      if (rotated) (this.opts.showPairingCode ?? printPairingCodeToTerminal)(code);
    });
    client.on('authenticated', () => {
      if (!live()) return;
      this.setLink(undefined, undefined);
      if (this.state !== 'connected') this.setState('starting');
    });
    client.on('auth_failure', (message: string) => {
      if (!live()) return;
      this.lost(gen, 'auth_failure', String(message ?? '').slice(0, 200));
    });
    client.on('ready', () => {
      if (!live()) return;
      this.attempt = 0;
      this.initialized = true;
      this.linked = true;
      this.lossReported = false;
      this.linkOffered = false;
      this.setLink(undefined, undefined);
      this.setState('connected');
      this.opts.hooks.ready(client);
    });
    client.on('change_state', (state: wweb.WAState) => {
      if (!live()) return;
      this.log.debug({ state }, 'whatsapp: connection state');
    });
    client.on('disconnected', (reason: wweb.WAState | 'LOGOUT') => {
      if (!live()) return;
      if (reason === 'LOGOUT') {
        // The library deletes the session itself; its page may offer a new QR code (handled above).
        this.lost(gen, 'logged_out', 'LOGOUT');
        return;
      }
      this.lastError = `disconnected: ${String(reason)}`;
      this.log.warn({ reason }, 'whatsapp: disconnected; a new client follows');
      // The library destroys this Client itself; destroying it again is harmless and makes sure.
      void this.replace(client);
    });
    // Every other event is a sign of life too (messages, acks, battery, calls …).
    for (const event of ['message', 'message_create', 'message_ack', 'loading_screen'])
      client.on(event, () => {
        live();
      });
  }

  /** A send found the Client unreachable: its state is checked now rather than after the quiet time. */
  suspect(): void {
    this.lastSign = 0;
    void this.probe();
  }

  /** The health probe: a silent session is asked for its state, and restarted unless CONNECTED. */
  private async probe(): Promise<void> {
    const client = this.client;
    if (this.stopped || this.probing || !client) return;
    if (this.state !== 'connected' && !(this.state === 'starting' && this.initialized)) return;
    if (Date.now() - this.lastSign < this.opts.probeMs) return;
    const gen = this.generation;
    this.probing = true;
    let problem: string | undefined;
    try {
      const state = await withTimeout(client.getState(), this.opts.probeTimeoutMs ?? 30_000, 'getState');
      if (state === 'CONNECTED') this.lastSign = Date.now();
      else problem = `state ${String(state)}`;
    } catch (e) {
      problem = describeError(e) || 'getState failed';
    } finally {
      this.probing = false;
    }
    if (!problem || gen !== this.generation || this.stopped) return;
    this.lastError = `health probe: ${problem}`;
    this.log.warn({ problem }, 'whatsapp: session silent and not connected; restarting the client');
    await this.replace(client);
  }
}
