/**
 * The other id of a WhatsApp person: the phone JID (`…@c.us`) of an `@lid` sender, or the `@lid` of a
 * phone JID, from `client.getContactLidAndPhone`. Best effort (WhatsApp answers only for numbers the account
 * already knows) and asked sparingly, since frequent lookups are reported to raise the ban risk: at most
 * once per id in this process, the answer kept in memory (the least recently used forgotten first); a
 * failed lookup is not asked again for FAILURE_TTL_MS, so nothing ever asks in a loop.
 */
import type { Logger } from '../../src/logger.ts';

export type LidAndPhoneLookup = (ids: string[]) => Promise<{ lid?: string; pn?: string }[]>;

const PERSON = /@(c\.us|lid)$/;
/** A failed lookup (the session closing, a timeout) is asked again at the earliest after this long. */
const FAILURE_TTL_MS = 10 * 60_000;

interface Known {
  answer: Promise<string[]>;
  /** Set for a failed lookup: after this time it may be asked once more. */
  expiresAt?: number;
}

export interface AliasCacheOptions {
  log: Logger;
  /** Ids remembered (default 10,000); the least recently used go first. */
  capacity?: number;
  /** A lookup may hold up a message this long (default 3 s); then it counts as "unknown". */
  timeoutMs?: number;
}

export class AliasCache {
  private readonly known = new Map<string, Known>();
  private readonly capacity: number;
  private readonly timeoutMs: number;
  /** How many lookups went to WhatsApp (for the log and tests). */
  lookups = 0;

  constructor(private readonly opts: AliasCacheOptions) {
    this.capacity = opts.capacity ?? 10_000;
    this.timeoutMs = opts.timeoutMs ?? 3_000;
  }

  /**
   * The other ids of `id`, asking WhatsApp (through `lookup`) only the first time; without a lookup (no
   * Client connected) what is known, else nothing.
   */
  of(id: string, lookup: LidAndPhoneLookup | undefined, now = Date.now()): Promise<string[]> {
    const cached = this.known.get(id);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > now || !lookup)) {
      // Recently used: to the back of the line.
      this.known.delete(id);
      this.known.set(id, cached);
      return cached.answer;
    }
    if (!PERSON.test(id) || !lookup) return Promise.resolve([]);
    this.lookups++;
    const known: Known = { answer: Promise.resolve([]) };
    known.answer = this.ask(id, lookup, () => {
      known.expiresAt = Date.now() + FAILURE_TTL_MS;
    });
    this.remember(id, known);
    return known.answer;
  }

  private async ask(id: string, lookup: LidAndPhoneLookup, failed: () => void): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const rows = await Promise.race([
        lookup([id]),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('lookup timed out')), this.timeoutMs);
        }),
      ]);
      const row = rows?.[0];
      const ids = [row?.lid, row?.pn].filter((x): x is string => typeof x === 'string' && PERSON.test(x));
      const others = [...new Set(ids)].filter((x) => x !== id);
      // What one answer says of both ids is kept for both: the other id is never asked for.
      for (const other of others)
        if (!this.known.has(other))
          this.remember(other, { answer: Promise.resolve([id, ...others.filter((o) => o !== other)]) });
      return others;
    } catch (e) {
      failed();
      this.opts.log.debug({ err: e instanceof Error ? e.message : String(e) }, 'whatsapp: id lookup failed');
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  private remember(id: string, known: Known): void {
    this.known.set(id, known);
    while (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value as string);
  }
}
