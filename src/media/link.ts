/**
 * Signed links to stored files: whoever holds an unexpired link may download that one file, without a
 * login — a link in a staff group's post works on any phone. The signature is HMAC-SHA256 with
 * MEDIA_LINK_SECRET over the file's id and the expiry; changing the secret ends every link at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The least a link secret must have (config.ts refuses shorter). */
export const MEDIA_LINK_SECRET_MIN = 32;

function signature(id: number, exp: number, secret: string): string {
  return createHmac('sha256', secret).update(`media:${id}:${exp}`).digest('hex');
}

/** `/media/<id>?exp=<unix seconds>&sig=<hex>`: the path and query of a link, to put after the base URL. */
export function mediaLink(id: number, secret: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `/media/${id}?exp=${exp}&sig=${signature(id, exp, secret)}`;
}

export type LinkCheck = 'ok' | 'expired' | 'forged';

/** Whether a link's `exp` and `sig` are the helpdesk's own for this id, and not expired. */
export function checkMediaLink(
  id: number,
  exp: string | undefined,
  sig: string | undefined,
  secret: string,
  now: number = Date.now(),
): LinkCheck {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return 'forged';
  const expected = Buffer.from(signature(id, Number(exp), secret), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'forged';
  return Number(exp) * 1000 > now ? 'ok' : 'expired';
}

/** How staff posts link to stored files. */
export interface MediaLinks {
  secret: string;
  /** How long a link works. */
  ttlMs: number;
  /** The helpdesk's address as staff reach it (PUBLIC_URL, else its own), without a trailing slash. */
  baseUrl: () => string;
}

/** The whole link to a stored file, valid for `links.ttlMs` from `now`. */
export function mediaUrl(links: MediaLinks, id: number, now: Date): string {
  return `${links.baseUrl()}${mediaLink(id, links.secret, new Date(now.getTime() + links.ttlMs))}`;
}
