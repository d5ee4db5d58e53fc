/**
 * A ticket's whole story, oldest first: the messages in and out of the reporter's chat while the
 * ticket lived, the posts about it to staff chats, the staff commands that named it, and its audit events.
 */
import type { Db } from '../db/client.ts';
import { maskIdentity } from '../escalation/messages.ts';
import { eventLabel } from '../tickets/event-labels.ts';

export interface TimelineItem {
  at: Date;
  kind: 'in' | 'out' | 'command' | 'event';
  /** Who or where: "pelapor", "bot → grup pt-simpeg", "staf:3 (diambil petugas)". */
  who: string;
  text: string;
}

/** Messages of the reporter's chat from this long before the ticket (the conversation that made it). */
const LEAD_MS = 60 * 60_000;
const LIMIT = 500;

export async function ticketTimeline(
  db: Db,
  t: { id: number; code: string; channel: string; chatId: string; createdAt: Date; closedAt: Date | null },
  actorNames: ReadonlyMap<string, string>,
): Promise<TimelineItem[]> {
  const span = {
    gte: new Date(t.createdAt.getTime() - LEAD_MS),
    ...(t.closedAt ? { lte: new Date(t.closedAt.getTime() + 24 * 3600_000) } : {}),
  };
  const chat = { channel: t.channel as never, chatId: t.chatId };
  const [inbound, commands, outbound, events] = await Promise.all([
    db.inboundMessage.findMany({ where: { ...chat, receivedAt: span }, orderBy: { id: 'asc' }, take: LIMIT }),
    db.inboundMessage.findMany({
      where: { text: { contains: t.code, mode: 'insensitive' }, NOT: chat },
      orderBy: { id: 'asc' },
      take: LIMIT,
    }),
    db.outboundMessage.findMany({
      where: { OR: [{ ticketId: t.id }, { ...chat, createdAt: span }] },
      orderBy: { id: 'asc' },
      take: LIMIT,
    }),
    db.ticketEvent.findMany({ where: { ticketId: t.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
  ]);
  const mine = (c: { channel: string; chatId: string }) => c.channel === t.channel && c.chatId === t.chatId;
  const items: TimelineItem[] = [
    ...inbound.map((m) => ({ at: m.receivedAt, kind: 'in' as const, who: 'pelapor', text: m.text })),
    ...commands.map((m) => ({
      at: m.receivedAt,
      kind: /^\s*[/!]/.test(m.text) ? ('command' as const) : ('in' as const),
      who: `${m.fromName ?? maskIdentity(m.fromId)} di ${m.isGroup ? 'grup' : 'chat pribadi'} (${m.channel})`,
      text: m.text,
    })),
    ...outbound.map((m) => ({
      at: m.sentAt ?? m.createdAt,
      kind: 'out' as const,
      who: mine(m)
        ? 'bot → pelapor'
        : `bot → ${m.isGroup ? `grup ${m.chatId}` : `chat ${maskIdentity(m.chatId)}`} (${m.channel})`,
      text: m.text,
    })),
    ...events.map((ev) => ({
      at: ev.at,
      kind: 'event' as const,
      who: actorNames.get(ev.actor) ?? ev.actor,
      text: eventLabel(ev.type) + eventDetail(ev.data),
    })),
  ];
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function eventDetail(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  const parts = ['text', 'question', 'resolution', 'from', 'to', 'rating', 'note', 'reason']
    .filter((k) => typeof d[k] === 'string' || typeof d[k] === 'number')
    .map((k) => String(d[k]));
  return parts.length ? `: ${parts.join(' → ')}` : '';
}
