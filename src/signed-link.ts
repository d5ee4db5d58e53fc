/**
 * Signed, expiring links: whoever holds an unexpired link may fetch that one thing, without a login —
 * a link in a chat works on any phone. The signature is HMAC-SHA256 over a subject ("media:12",
 * "report:2026-01-01:2026-06-30:xlsx") and the expiry; changing the secret ends every link at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function signature(subject: string, exp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${subject}:${exp}`).digest('hex');
}

/** `exp=<unix seconds>&sig=<hex>` for `subject`, valid until `expiresAt`. */
export function signedQuery(subject: string, secret: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `exp=${exp}&sig=${signature(subject, exp, secret)}`;
}

export type LinkCheck = 'ok' | 'expired' | 'forged';

/** Whether `exp` and `sig` are the helpdesk's own for `subject`, and not expired. */
export function checkSignedQuery(
  subject: string,
  exp: string | undefined,
  sig: string | undefined,
  secret: string,
  now: number = Date.now(),
): LinkCheck {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return 'forged';
  const expected = Buffer.from(signature(subject, Number(exp), secret), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'forged';
  return Number(exp) * 1000 > now ? 'ok' : 'expired';
}
