/**
 * The seam between the WhatsApp channel and whatsapp-web.js: the part of the library's `Client` the
 * channel uses, and the factory that makes a real one on Debian's Chromium. Tests put their fake of the
 * same shape (test/support/fake-whatsapp.ts) behind the factory; nothing else in the channel knows
 * which one it drives.
 */
import type wweb from 'whatsapp-web.js';
import { whatsappWeb } from './library.ts';

/**
 * The Client's events the channel listens to, with the listener signatures of the library's index.d.ts.
 * (Not a Pick of `Client`: its `on` returns the Client itself, which only a Client could implement.)
 */
export interface WhatsAppClientEvents {
  on(event: 'qr' | 'code', listener: (value: string) => void): unknown;
  on(event: 'authenticated' | 'ready', listener: () => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'message' | 'message_create', listener: (message: wweb.Message) => void): unknown;
  on(event: 'message_ack', listener: (message: wweb.Message, ack: wweb.MessageAck) => void): unknown;
  on(event: 'change_state', listener: (state: wweb.WAState) => void): unknown;
  on(event: 'disconnected', listener: (reason: wweb.WAState | 'LOGOUT') => void): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

/** The Client as the channel uses it: events in, sends out, its lifecycle. */
export type WhatsAppClient = Pick<
  wweb.Client,
  | 'initialize'
  | 'destroy'
  | 'logout'
  | 'sendMessage'
  | 'getState'
  | 'getContactLidAndPhone'
  | 'requestPairingCode'
> &
  WhatsAppClientEvents & { info?: wweb.ClientInfo };

export interface ClientSettings {
  /** One per number: names the LocalAuth profile folder or the RemoteAuth session. */
  clientId: string;
  authStrategy: wweb.AuthStrategy;
  /** Debian's Chromium (CHROMIUM_PATH); nothing downloads a browser. */
  executablePath: string;
  /** Link by a pairing code sent to this number instead of a QR code. */
  pairingNumber?: string;
}

export type WhatsAppClientFactory = (settings: ClientSettings) => WhatsAppClient;

/** Chromium flags for a headless server, as root, without a desktop or a GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A real whatsapp-web.js Client on Debian's Chromium, WhatsApp Web fetched live (no cached build). */
export const realClientFactory: WhatsAppClientFactory = (s) =>
  new (whatsappWeb().Client)({
    authStrategy: s.authStrategy,
    webVersionCache: { type: 'none' },
    takeoverOnConflict: true,
    puppeteer: { executablePath: s.executablePath, headless: true, args: CHROMIUM_ARGS },
    ...(s.pairingNumber
      ? { pairWithPhoneNumber: { phoneNumber: s.pairingNumber, showNotification: true } }
      : {}),
  });
