/**
 * What a failed whatsapp-web.js call means for the send path: the port's ChannelError kinds. The library
 * throws plain Errors (often a browser-side "Evaluation failed: …"), so the kind is read from the message.
 */
import { ChannelError } from '../../src/channel.ts';

/** The browser or its page is gone (destroyed, crashed, navigating): nothing reaches WhatsApp now. */
const UNREACHABLE =
  /session closed|target closed|protocol error|execution context was destroyed|detached frame|browser has disconnected|not opened|connection closed|net::ERR_|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timed? ?out/i;

/** The chat or number itself is refused: no retry can make the send succeed. */
const REJECTED =
  /wid error|invalid wid|invalid number|not a valid|no lid for user|not registered|chat not found|not-authorized|forbidden|you are not a participant|not-acceptable|item-not-found/i;

/** WhatsApp's own "slow down" (the server answers rate-overlimit, HTTP-like 429). */
const RATE_LIMITED = /rate-overlimit|rate overlimit|too many|\b429\b/i;

/**
 * The error's text, whatever was thrown (the library sometimes throws strings, e.g. 'auth timeout'), its
 * first line only (an "Evaluation failed" carries the page's stack after it), and any phone number or
 * @lid in it masked: it goes to logs, /healthz and the outbox row.
 */
export function describeError(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  return maskNumbers(text.split('\n')[0]?.slice(0, 300) ?? '');
}

/** Runs of 8 or more digits (a phone number, an @lid) masked but for their last three. */
export function maskNumbers(text: string): string {
  return text.replace(/\d{8,}/g, (d) => `${'*'.repeat(4)}${d.slice(-3)}`);
}

/**
 * Maps any failure of a send to a ChannelError; the message names neither the chat nor the text.
 * `rateLimitedForMs` is how long a rate-overlimit waits (WhatsApp says no number of its own).
 */
export function toChannelError(e: unknown, method: string, rateLimitedForMs = 5_000): ChannelError {
  if (e instanceof ChannelError) return e;
  const text = describeError(e);
  const what = `whatsapp ${method}: ${text}`;
  if (RATE_LIMITED.test(text))
    return new ChannelError(what, 'rate_limited', { retryAfterMs: rateLimitedForMs });
  if (REJECTED.test(text)) return new ChannelError(what, 'rejected');
  if (UNREACHABLE.test(text)) return new ChannelError(what, 'unreachable', { cause: e });
  // "Evaluation failed: TypeError …" after a WhatsApp Web update, and anything else: try again.
  return new ChannelError(what, 'transient', { cause: e });
}

/** Why starting a Client failed, for status().lastError and the log (Indonesian where it is ours). */
export function describeStartFailure(e: unknown, chromiumPath: string): string {
  const text = describeError(e).split('\n')[0]?.slice(0, 300) ?? '';
  if (
    /could not find (chrome|chromium|expected browser)|browser was not found|ENOENT.*chrom|spawn .*ENOENT/i.test(
      text,
    )
  )
    return `Chromium tidak ditemukan di CHROMIUM_PATH=${chromiumPath} (pasang: apt-get install chromium)`;
  if (/net::ERR_|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/i.test(text))
    return `WhatsApp Web tidak terjangkau (${text})`;
  return text;
}
