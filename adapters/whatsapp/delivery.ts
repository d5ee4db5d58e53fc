/**
 * What WhatsApp said of the messages the channel sent (`message_ack`): kept per message in memory, so the
 * channel can say whether a sent row reached the phone; a send WhatsApp refused after the fact (ACK_ERROR)
 * is logged with the outbox row's key. No table: the outbox row is SENT once the library accepted it, and
 * this is what came after.
 */
import type wweb from 'whatsapp-web.js';

/** failed: ACK_ERROR; pending: on its way; delivered: the server, the phone, or the reader has it. */
export type Delivery = 'pending' | 'delivered' | 'failed';

export interface AckEntry {
  /** The outbox row's key (`out-<id>`), when the send had one. */
  key?: string;
  /** The last MessageAck value (-1 ERROR, 0 PENDING, 1 SERVER, 2 DEVICE, 3 READ, 4 PLAYED). */
  ack: number;
  delivery: Delivery;
  at: string;
}

export type AckCounts = Record<Delivery, number>;

// MessageAck's values (whatsapp-web.js exports the enum only on its default export, at run time).
const ACK_ERROR = -1;
const ACK_PENDING = 0;

export function deliveryOf(ack: wweb.MessageAck | number): Delivery {
  if (ack === ACK_ERROR) return 'failed';
  if (ack === ACK_PENDING) return 'pending';
  return 'delivered';
}

export class AckBook {
  private readonly entries = new Map<string, AckEntry>();

  constructor(private readonly capacity = 5_000) {}

  /** A message the channel just sent. */
  track(externalId: string, key: string | undefined, now = new Date()): void {
    this.set(externalId, {
      ...(key ? { key } : {}),
      ack: ACK_PENDING,
      delivery: 'pending',
      at: now.toISOString(),
    });
  }

  /** An ack for a message; undefined when it is none the channel sent (or it was forgotten). */
  record(externalId: string, ack: number, now = new Date()): AckEntry | undefined {
    const entry = this.entries.get(externalId);
    if (!entry) return undefined;
    // Acks only move forward (a late SERVER after READ does not undo it); ERROR always counts.
    if (ack !== ACK_ERROR && entry.ack !== ACK_ERROR && ack < entry.ack) return entry;
    const next: AckEntry = { ...entry, ack, delivery: deliveryOf(ack), at: now.toISOString() };
    this.set(externalId, next);
    return next;
  }

  get(externalId: string): AckEntry | undefined {
    return this.entries.get(externalId);
  }

  counts(): AckCounts {
    const counts: AckCounts = { pending: 0, delivered: 0, failed: 0 };
    for (const e of this.entries.values()) counts[e.delivery]++;
    return counts;
  }

  private set(id: string, entry: AckEntry): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
