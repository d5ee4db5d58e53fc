/** The WhatsApp adapter's pure parts: error kinds, rendering, the order of a backlog burst, the UTC day. */
import { describe, expect, it } from 'vitest';
import { ArrivalOrder } from '../../../adapters/whatsapp/backlog.ts';
import { describeStartFailure, toChannelError } from '../../../adapters/whatsapp/errors.ts';
import { msUntilNextUtcDay, utcDay } from '../../../adapters/whatsapp/pacing.ts';
import { renderParts, renderText } from '../../../adapters/whatsapp/render.ts';

describe('WhatsApp errors', () => {
  it('maps the library’s failures to kinds, masking any number in the message', () => {
    const kind = (m: string) => toChannelError(new Error(m), 'sendMessage').kind;
    expect(kind('Evaluation failed: Error: wid error: invalid wid')).toBe('rejected');
    expect(kind('Evaluation failed: Error: No LID for user')).toBe('rejected');
    expect(kind('Protocol error (Runtime.callFunctionOn): Session closed.')).toBe('unreachable');
    expect(kind('Execution context was destroyed, most likely because of a navigation.')).toBe('unreachable');
    expect(
      kind('Evaluation failed: TypeError: window.Store.WidFactory.toUserWidOrThrow is not a function'),
    ).toBe('transient');
    expect(kind('Evaluation failed: b')).toBe('transient');
    const limited = toChannelError(
      new Error('Evaluation failed: Error: rate-overlimit'),
      'sendMessage',
      8_000,
    );
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 8_000 });
    const masked = toChannelError(
      new Error('not registered: 6281234567890@c.us\n    at stack'),
      'sendMessage',
    );
    expect(masked.message).toBe('whatsapp sendMessage: not registered: ****890@c.us');
  });

  it('says in Indonesian when Chromium is missing or WhatsApp Web cannot be reached', () => {
    expect(
      describeStartFailure(new Error('Browser was not found at the configured executablePath (/x)'), '/x'),
    ).toBe('Chromium tidak ditemukan di CHROMIUM_PATH=/x (pasang: apt-get install chromium)');
    expect(
      describeStartFailure(new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'), '/x'),
    ).toMatch(/^WhatsApp Web tidak terjangkau/);
    expect(describeStartFailure('auth timeout', '/x')).toBe('auth timeout');
  });
});

describe('WhatsApp rendering', () => {
  it('puts choices under the text as a numbered list and keeps the bot’s own *bold*', () => {
    expect(
      renderText({
        text: 'Tiket *GGN-2026-0001*',
        choices: [
          { id: 'a', label: 'Ya' },
          { id: 'b', label: 'Tidak' },
        ],
      }),
    ).toBe('Tiket *GGN-2026-0001*\n\n1. Ya\n2. Tidak');
    expect(renderText({ text: 'Kode <b>x</b> & _y_' })).toBe('Kode <b>x</b> & _y_');
  });

  it('splits on line boundaries at 4,000 characters, losing nothing', () => {
    const text = Array.from({ length: 100 }, (_, i) => `${i} ${'y'.repeat(98)}`).join('\n');
    const parts = renderParts({ text });
    expect(parts.every((p) => p.length <= 4_000)).toBe(true);
    expect(parts.join('\n')).toBe(text);
  });
});

describe('the order of a backlog burst', () => {
  it('holds what comes right after ready and releases it oldest first; afterwards passes straight on', async () => {
    const out: string[] = [];
    const order = new ArrivalOrder<{ timestamp: number; t: string }>((m) => out.push(m.t), 30, 1_000);
    order.hold();
    order.push({ timestamp: 30, t: 'c' });
    order.push({ timestamp: 10, t: 'a' });
    order.push({ timestamp: 10, t: 'a2' });
    order.push({ timestamp: 20, t: 'b' });
    expect(out).toEqual([]);
    await new Promise((r) => setTimeout(r, 80));
    expect(out).toEqual(['a', 'a2', 'b', 'c']);
    order.push({ timestamp: 5, t: 'live' });
    expect(out.at(-1)).toBe('live');
  });
});

describe('the UTC day of the daily cap', () => {
  it('names the day and the time to its end in UTC', () => {
    const t = Date.UTC(2026, 11, 31, 23, 0, 0);
    expect(utcDay(t)).toBe('2026-12-31');
    expect(msUntilNextUtcDay(t)).toBe(3_600_000);
  });
});
