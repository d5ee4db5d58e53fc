/**
 * Whether a target was met (pure). The regulation writes every target as "< 15 menit", "< 12 jam"
 * (002:342-348): a first response or a confirmation exactly at the due time is late.
 */

/** Met when `at` is strictly before `due`; null when there is no due time to meet. */
export function metTarget(at: Date, due: Date | null): boolean | null {
  return due === null ? null : at.getTime() < due.getTime();
}

/**
 * The resolution of a ticket closed without the reporter's confirmation (auto-close). Resolution is met
 * only when the reporter confirms before the due time (002:333, 467, 491), so nobody knows it was met:
 * false when the team itself resolved at or after the due time, otherwise null.
 */
export function unconfirmedResolutionMet(resolvedAt: Date | null, due: Date | null): false | null {
  return resolvedAt !== null && metTarget(resolvedAt, due) === false ? false : null;
}
