/**
 * The login lockout rule, pure: after MAX_FAILED_LOGINS wrong passwords in a row an account is locked for
 * LOCK_MINUTES, and while locked even the right password is refused (the password is not even checked).
 */

/** Wrong passwords in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCK_MINUTES = 15;

export interface LockState {
  failedLogins: number;
  lockedUntil: Date | null;
}

/** Whether the account refuses every login at `now`. */
export function isLocked(s: LockState, now: Date): boolean {
  return s.lockedUntil !== null && s.lockedUntil.getTime() > now.getTime();
}

/** The state after a wrong password at `now`: one more failure, and locked at the limit (count starts over). */
export function afterFailure(s: LockState, now: Date): LockState {
  // A lock that has run out starts a fresh count.
  const failed = (isLocked(s, now) ? MAX_FAILED_LOGINS : s.failedLogins) + 1;
  if (failed >= MAX_FAILED_LOGINS)
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
  return { failedLogins: failed, lockedUntil: s.lockedUntil };
}

/** The state after a right password: the count starts over. */
export function afterSuccess(): LockState {
  return { failedLogins: 0, lockedUntil: null };
}
