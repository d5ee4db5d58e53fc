/**
 * Signed links to stored files (src/signed-link.ts, with MEDIA_LINK_SECRET): the links staff get to a
 * reporter's photo or document in escalation posts.
 */
import { checkSignedQuery, type LinkCheck, signedQuery } from '../signed-link.ts';

/** The least a link secret must have (config.ts refuses shorter). */
export const MEDIA_LINK_SECRET_MIN = 32;

/** `/media/<id>?exp=<unix seconds>&sig=<hex>`: the path and query of a link, to put after the base URL. */
export function mediaLink(id: number, secret: string, expiresAt: Date): string {
  return `/media/${id}?${signedQuery(`media:${id}`, secret, expiresAt)}`;
}

export type { LinkCheck };

/** Whether a link's `exp` and `sig` are the helpdesk's own for this id, and not expired. */
export function checkMediaLink(
  id: number,
  exp: string | undefined,
  sig: string | undefined,
  secret: string,
  now: number = Date.now(),
): LinkCheck {
  return checkSignedQuery(`media:${id}`, exp, sig, secret, now);
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
