/**
 * CSRF tokens: one random token per session (and one per login form, kept in a cookie), put in every
 * form as a hidden field and required on every POST. Pure but for the random bytes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The hidden field's name. */
export const CSRF_FIELD = 'csrf';

/** 32 random bytes, base64url: session ids and CSRF tokens alike. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether the form's token is the expected one (constant time; a missing or empty one never is). */
export function csrfMatches(given: unknown, expected: string | null | undefined): boolean {
  if (typeof given !== 'string' || !given || !expected) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
