/**
 * whatsapp-web.js, loaded on first use: it takes most of a second to load (puppeteer with it), and a
 * helpdesk without WhatsApp, or a process that does not drive it, never needs it. Types come from a
 * type-only import, which costs nothing at run time.
 */
import { createRequire } from 'node:module';
import type wweb from 'whatsapp-web.js';

const load = createRequire(import.meta.url);
let library: typeof wweb | undefined;

export function whatsappWeb(): typeof wweb {
  library ??= load('whatsapp-web.js') as typeof wweb;
  return library;
}
