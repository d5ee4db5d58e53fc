/**
 * The conformance suite every channel passes (simulator, Telegram, Slack, WhatsApp): the whole helpdesk
 * runs with the channel enabled against the platform's fake, and a driver plays the platform's side —
 * it delivers what a person types or taps and reads what the person would see.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpdeskOptions } from '../../src/app.ts';
import type { ChannelErrorKind } from '../../src/channel.ts';
import type { ChannelName } from '../../src/domain.ts';
import { type RunningHelpdesk, useHelpdesk } from './helpdesk.ts';

/** A message the bot sent, as the person sees it on the platform. */
export interface SentMessage {
  /** The platform's id of the message. */
  externalId: string;
  /** The text as shown (markup rendered away, escapes undone), all parts of one send apart. */
  text: string;
  /** The buttons or list items offered with it. */
  choices: { id: string; label: string }[];
}

/** The platform's side of a channel under test. */
export interface ConformanceDriver {
  /** The channel, as CHANNELS names it. */
  readonly channel: ChannelName;
  /** The most characters the platform shows in one message. */
  readonly maxText: number;
  /** Starts the fake platform; returns the settings that point the helpdesk at it (CHANNELS included). */
  start(): Promise<Record<string, string>>;
  /** What the app is handed besides settings (a fake that is no server: the WhatsApp Client factory). */
  appOptions?(): HelpdeskOptions;
  /** Called once the helpdesk runs. */
  attach?(h: RunningHelpdesk): void;
  stop(): Promise<void>;
  /** A private chat of a new platform user. */
  newChat(): string;
  /** Delivers a text as the platform would (with this message id when given); resolves once acknowledged. */
  deliver(chatId: string, text: string, messageId?: string): Promise<void>;
  /** Taps a choice of a message the bot sent. */
  tap(chatId: string, message: SentMessage, choiceId: string): Promise<void>;
  /** What the bot sent to the chat so far, oldest first. */
  sent(chatId: string): Promise<SentMessage[]>;
  /** The platform fails the next `count` sends to the chat with this kind of error. */
  fail(chatId: string, kind: ChannelErrorKind, count: number, retryAfterMs?: number): Promise<void>;
  /** How many sends to the chat the platform was asked for, failed ones included. */
  attempts(chatId: string): Promise<number>;
}

const WAIT_MS = 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = WAIT_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the chat has at least `count` messages from the bot. */
function sentAtLeast(d: ConformanceDriver, chatId: string, count: number): Promise<SentMessage[]> {
  return until(`${count} messages in ${chatId}`, async () => {
    const sent = await d.sent(chatId);
    return sent.length >= count ? sent : undefined;
  });
}

/** Waits until the chat's every outbox row is settled (sent or failed for good). */
async function settled(h: RunningHelpdesk, d: ConformanceDriver, chatId: string): Promise<void> {
  await until(`the replies to ${chatId} to settle`, async () => {
    const inbound = await h.db.prisma.inboundMessage.count({
      where: { channel: d.channel, chatId, processedAt: null },
    });
    const pending = await h.db.prisma.outboundMessage.count({
      where: { channel: d.channel, chatId, status: 'PENDING' },
    });
    return inbound === 0 && pending === 0 ? true : undefined;
  });
}

export function describeConformance(name: string, makeDriver: () => ConformanceDriver): void {
  describe(`channel conformance: ${name}`, () => {
    const d = makeDriver();
    const h = useHelpdesk(
      () => d.start(),
      () => d.appOptions?.() ?? {},
    );
    beforeAll(() => d.attach?.(h));
    afterAll(() => d.stop());
    const channel = () => {
      const c = h.app.channels.get(d.channel);
      if (!c) throw new Error(`${d.channel} is not running`);
      return c;
    };

    it('answers text in the order it was sent', async () => {
      const chat = d.newChat();
      for (const n of [9001, 9002, 9003]) await d.deliver(chat, `status LYN-2026-${n}`);
      const sent = await sentAtLeast(d, chat, 3);
      expect(sent.slice(0, 3).map((m) => /LYN-2026-(\d+)/.exec(m.text)?.[1])).toEqual([
        '9001',
        '9002',
        '9003',
      ]);
    });

    it('offers choices, taken by a tap and by a typed number', async () => {
      const chat = d.newChat();
      await d.deliver(chat, 'menu');
      // A message's choices are read from its outbox row, marked just after the platform took it.
      await settled(h, d, chat);
      const [menu] = await sentAtLeast(d, chat, 1);
      expect(menu?.choices.map((c) => c.id)).toEqual(['menu:1', 'menu:2', 'menu:3', 'menu:4', 'menu:5']);
      await d.tap(chat, menu as SentMessage, 'menu:4');
      await settled(h, d, chat);
      const afterTap = await sentAtLeast(d, chat, 2);
      expect(afterTap[1]?.text).toMatch(/nomor tiket|kode tiket/i);

      await d.deliver(chat, 'menu');
      await sentAtLeast(d, chat, 3);
      await d.deliver(chat, '4');
      const afterTyped = await sentAtLeast(d, chat, 4);
      expect(afterTyped[3]?.text).toBe(afterTap[1]?.text);
    });

    it('splits a text longer than the platform takes, in order, losing nothing', async () => {
      const chat = d.newChat();
      const lines: string[] = [];
      for (let i = 1; lines.join('\n').length < d.maxText * 2 + 100; i++)
        lines.push(`baris ${String(i).padStart(5, '0')} ${'x'.repeat(70)}`);
      await channel().send({ channel: d.channel, chatId: chat }, { text: lines.join('\n') });
      const parts = await d.sent(chat);
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(d.maxText);
      const seen = parts.flatMap((p) => p.text.split('\n')).filter(Boolean);
      expect(seen).toEqual(lines);
    });

    it('shows text as written: markup a person typed neither breaks the send nor formats it', async () => {
      const chat = d.newChat();
      const literal = 'Kode <b>x</b> & <!channel> <@U123> 5 > 3';
      await channel().send({ channel: d.channel, chatId: chat }, { text: literal });
      const [shown] = await d.sent(chat);
      expect(shown?.text).toBe(literal);
    });

    it('ignores a duplicate delivery', async () => {
      const chat = d.newChat();
      const id = `dup-${randomUUID().slice(0, 8)}`;
      await d.deliver(chat, 'jam layanan helpdesk', id);
      await d.deliver(chat, 'jam layanan helpdesk', id);
      // A later message's answer comes after any answer to the duplicate would have.
      await d.deliver(chat, 'status LYN-2026-9100');
      const sent = await until('the status answer', async () => {
        const s = await d.sent(chat);
        return s.some((m) => m.text.includes('LYN-2026-9100')) ? s : undefined;
      });
      const status = sent.findIndex((m) => m.text.includes('LYN-2026-9100'));
      const before = sent.slice(0, status);
      const first = before[0]?.text;
      expect(first).toBeDefined();
      expect(before.filter((m) => m.text === first)).toHaveLength(1);
      expect(await h.db.prisma.inboundMessage.count({ where: { channel: d.channel, chatId: chat } })).toBe(2);
    });

    it('answers the same message id in two chats both', async () => {
      const chats = [d.newChat(), d.newChat()];
      for (const chat of chats) await d.deliver(chat, 'status LYN-2026-9200', 'same-id-42');
      for (const chat of chats) {
        const [reply] = await sentAtLeast(d, chat, 1);
        expect(reply?.text).toContain('LYN-2026-9200');
      }
    });

    for (const kind of ['rate_limited', 'unreachable', 'transient'] as const)
      it(`delivers once after the platform failed with ${kind}`, async () => {
        const chat = d.newChat();
        await d.fail(chat, kind, kind === 'unreachable' ? 2 : 1, kind === 'rate_limited' ? 300 : undefined);
        await d.deliver(chat, 'status LYN-2026-9300');
        const [reply] = await sentAtLeast(d, chat, 1);
        expect(reply?.text).toContain('LYN-2026-9300');
        await settled(h, d, chat);
        expect(await d.sent(chat)).toHaveLength(1);
        expect(await d.attempts(chat)).toBe(kind === 'unreachable' ? 3 : 2);
        const rows = await h.db.prisma.outboundMessage.findMany({
          where: { channel: d.channel, chatId: chat },
        });
        expect(rows.map((r) => r.status)).toEqual(['SENT']);
      });

    it('stops trying a send the platform rejected for good, and the chat goes on', async () => {
      const chat = d.newChat();
      await d.fail(chat, 'rejected', 1);
      await d.deliver(chat, 'status LYN-2026-9400');
      await settled(h, d, chat);
      const rows = await h.db.prisma.outboundMessage.findMany({
        where: { channel: d.channel, chatId: chat },
      });
      expect(rows.map((r) => r.status)).toEqual(['FAILED']);
      expect(await d.attempts(chat)).toBe(1);
      // The person unblocked the bot and writes again: answered as usual.
      await d.deliver(chat, 'status LYN-2026-9401');
      const [reply] = await sentAtLeast(d, chat, 1);
      expect(reply?.text).toContain('LYN-2026-9401');
    });
  });
}
