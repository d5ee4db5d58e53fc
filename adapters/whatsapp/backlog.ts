/**
 * The order messages are handled in. After a downtime WhatsApp Web delivers what arrived meanwhile in a
 * burst right after `ready`, not necessarily in the order it was sent: for a short window after each
 * `ready` arriving messages are held, and released oldest first once the burst is over (no message for
 * `settleMs`, at most `maxHoldMs`). Outside that window each message is released as it comes.
 */
export class ArrivalOrder<T extends { timestamp: number }> {
  private held: T[] | undefined;
  private quiet: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly release: (m: T) => void,
    private readonly settleMs = 1_500,
    private readonly maxHoldMs = 15_000,
  ) {}

  /** Starts holding (the client just became ready). */
  hold(): void {
    if (this.held) return;
    this.held = [];
    this.quiet = setTimeout(() => this.flush(), this.settleMs);
    this.deadline = setTimeout(() => this.flush(), this.maxHoldMs);
  }

  push(m: T): void {
    if (!this.held) {
      this.release(m);
      return;
    }
    this.held.push(m);
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.flush(), this.settleMs);
  }

  /** Releases what is held, oldest first (equal timestamps in arrival order), and stops holding. */
  flush(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    const held = this.held ?? [];
    this.held = undefined;
    const ordered = held.map((m, i) => ({ m, i })).sort((a, b) => a.m.timestamp - b.m.timestamp || a.i - b.i);
    for (const { m } of ordered) this.release(m);
  }
}
