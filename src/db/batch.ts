/**
 * Group commit for the message path's independent statements. Many callers run the same statement at
 * once, each with its own parameters (sixteen partition workers marking sends, a burst of webhooks
 * storing messages): one statement carrying all of them costs PostgreSQL and the app about what one
 * row alone costs, because the price is per round trip, not per row.
 *
 * A batch goes out at once when none of its kind is in flight, so an idle helpdesk waits for nothing;
 * while one is in flight the next callers gather, and go together the moment it returns. Each caller
 * gets its own row back. When a batch fails for a reason a retry cannot cure (bad data in one row), each
 * of its items runs alone, so only that caller sees the error; a passing fault (the database away) is
 * every caller's, as it would have been one by one.
 *
 * Only for statements outside any transaction: a batch runs on the pool, on whatever connection it gets.
 */
import type { Db } from './client.ts';
import { isTransient } from './transient.ts';

/** Runs the items as one statement; the result has one entry per item, in the items' order. */
export type RunBatch<I, O> = (db: Db, items: readonly I[]) => Promise<O[]>;

interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

interface Gate<I, O> {
  queue: Waiting<I, O>[];
  busy: boolean;
}

/**
 * The items as one JSON parameter, each numbered `n` from 1 in the items' order: the statement reads
 * them with `jsonb_to_recordset($1::jsonb) AS r(…, n int)` and gives `n` back with each result row.
 */
export function records(items: readonly object[]): string {
  return JSON.stringify(items.map((item, i) => ({ ...item, n: i + 1 })));
}

/** The result rows of each item, by the `n` each row gives back ({@link records}). */
export function rowsByItem<R extends { n: number }>(count: number, rows: readonly R[]): Omit<R, 'n'>[][] {
  const byItem = Array.from({ length: count }, (): Omit<R, 'n'>[] => []);
  for (const { n, ...row } of rows) byItem[n - 1]?.push(row);
  return byItem;
}

/**
 * The id an INSERT … ON CONFLICT DO NOTHING gave each item, matched by `key`: null when the key was
 * stored already, and for a later item with the key of an earlier one (a repeat in the same batch).
 */
export function idsByKey<I, R extends { id: number }>(
  items: readonly I[],
  stored: readonly R[],
  key: (x: I | R) => string,
): (number | null)[] {
  const ids = new Map(stored.map((r) => [key(r), r.id]));
  return items.map((item) => {
    const k = key(item);
    const id = ids.get(k) ?? null;
    ids.delete(k);
    return id;
  });
}

/** Past this many items a batch goes out and the rest wait for the next (statement size). */
const MAX_ITEMS = 100;

/**
 * `run` for one item at a time, batched per database: `(db, item) => Promise<its result>`. The same
 * function for every caller of a statement, so they gather in one place.
 */
export function batched<I, O>(run: RunBatch<I, O>): (db: Db, item: I) => Promise<O> {
  const gates = new WeakMap<Db, Gate<I, O>>();
  const flush = (db: Db, gate: Gate<I, O>): void => {
    const taken = gate.queue.splice(0, MAX_ITEMS);
    if (taken.length === 0) {
      gate.busy = false;
      return;
    }
    gate.busy = true;
    runTaken(db, taken, run).finally(() => flush(db, gate));
  };
  return (db, item) =>
    new Promise<O>((resolve, reject) => {
      let gate = gates.get(db);
      if (!gate) {
        gate = { queue: [], busy: false };
        gates.set(db, gate);
      }
      gate.queue.push({ item, resolve, reject });
      if (!gate.busy) flush(db, gate);
    });
}

async function runTaken<I, O>(db: Db, taken: Waiting<I, O>[], run: RunBatch<I, O>): Promise<void> {
  try {
    const out = await run(
      db,
      taken.map((w) => w.item),
    );
    if (out.length !== taken.length) throw new Error(`batch of ${taken.length} gave ${out.length} results`);
    for (const [i, w] of taken.entries()) w.resolve(out[i] as O);
  } catch (err) {
    if (taken.length === 1 || isTransient(err)) {
      for (const w of taken) w.reject(err);
      return;
    }
    // One item's data may be what failed: each alone, so the others still go through.
    await Promise.all(taken.map((w) => runTaken(db, [w], run)));
  }
}
