/**
 * Waits for a condition the way a patient person would: polls until `get` gives something truthy and
 * returns it, or fails naming `what` after a generous limit (a slow, busy machine must not turn a test red).
 */
export async function until<T>(
  what: string,
  get: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
