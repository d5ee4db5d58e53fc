import { describe, expect, it } from 'vitest';
import { INBOUND_LIMITS, type InboundMessage } from '../../src/channel.ts';
import { cleanId, cleanInbound, cleanName, cleanText, cutText } from '../../src/pipeline/clean-input.ts';

const message = (over: Partial<InboundMessage> = {}): InboundMessage => ({
  chat: { channel: 'simulator', chatId: '6281000000001' },
  externalId: 'm-1',
  from: { externalId: '6281000000001', displayName: 'Budi' },
  text: 'halo',
  isGroup: false,
  receivedAt: new Date('2026-11-23T03:00:00Z'),
  ...over,
});

describe('cleanText', () => {
  it('removes NUL and the other C0 controls, keeping tab and new line', () => {
    expect(cleanText('a\u0000b\u0001c\u001bd\u007fe\tf\ng')).toBe('abcde\tf\ng');
  });

  it('turns CR LF, CR and the other line breaks into LF', () => {
    expect(cleanText('a\r\nb\rc\u2028d\u2029e\u0085f\vg\fh')).toBe('a\nb\nc\nd\ne\nf\ng\nh');
  });

  it('removes C1 controls', () => {
    expect(cleanText('a\u0080b\u009bc\u009fd')).toBe('abcd');
  });

  it('removes unpaired surrogates and keeps paired ones (emoji)', () => {
    expect(cleanText('a\ud800b\udc00c😀')).toBe('abc😀');
    expect(cleanText('😀'.slice(0, 1))).toBe('');
  });

  it('removes bidi overrides and isolates that can disguise text, keeps joiners of emoji sequences', () => {
    expect(cleanText('gaji\u202e000.01\u202c \u2066x\u2069')).toBe('gaji000.01 x');
    expect(cleanText('👨‍👩‍👧')).toBe('👨‍👩‍👧');
  });

  it('leaves ordinary Indonesian text alone', () => {
    const text = 'Selamat pagi, SIMPEG tidak bisa login sejak jam 08.00 — mohon dibantu 🙏\nTerima kasih.';
    expect(cleanText(text)).toBe(text);
  });
});

describe('cutText and cleanName', () => {
  it('never cuts a surrogate pair in half', () => {
    expect(cutText('ab😀', 3)).toBe('ab');
    expect(cutText('ab😀', 4)).toBe('ab😀');
  });

  it('puts a name on one line', () => {
    expect(cleanName('  Budi\n\tSantoso\u0000  ')).toBe('Budi Santoso');
  });
});

describe('cleanId', () => {
  it('keeps a clean id as it is', () => {
    expect(cleanId('wamid.HBgLNjI4MTIzNDU2Nzg5FQIAEhgUM0VCMDI=')).toBe(
      'wamid.HBgLNjI4MTIzNDU2Nzg5FQIAEhgUM0VCMDI=',
    );
  });

  it('replaces an over-long id by one of the limit that stays unique', () => {
    const a = cleanId(`${'x'.repeat(300)}a`);
    const b = cleanId(`${'x'.repeat(300)}b`);
    expect(a.length).toBe(INBOUND_LIMITS.id);
    expect(b.length).toBe(INBOUND_LIMITS.id);
    expect(a).not.toBe(b);
    expect(cleanId(a)).toBe(a);
  });

  it('gives an id with control characters a clean form that differs from the id without them', () => {
    const withNul = cleanId('abc\u0000');
    expect(withNul).not.toContain('\u0000');
    expect(withNul).toMatch(/^abc#/);
    expect(withNul).not.toBe(cleanId('abc'));
    expect(cleanId('a\nb')).not.toMatch(/\s/);
  });
});

describe('cleanInbound', () => {
  it('cleans every field a platform sends', () => {
    const { message: m, cut } = cleanInbound(
      message({
        chat: { channel: 'simulator', chatId: 'c\u0000', threadId: 't\u0000' },
        externalId: 'm\u0000',
        from: { externalId: 'u\u0000', displayName: 'Bu\u0000di' },
        text: 'to\u0000long',
        choice: 'menu:1\u0000',
        replyToExternalId: 'r\u0000',
        attachments: [{ kind: 'document', ref: 'f\u0000', name: 'sk\u0000.pdf' }],
      }),
    );
    expect(JSON.stringify(m)).not.toContain('\\u0000');
    expect(m.text).toBe('tolong');
    expect(m.from.displayName).toBe('Budi');
    expect(m.attachments?.[0]?.name).toBe('sk.pdf');
    for (const id of [m.chat.chatId, m.chat.threadId, m.externalId, m.from.externalId, m.choice])
      expect(id).toMatch(/^\w+(:1)?#[\w-]{43}$/);
    expect(m.replyToExternalId).toMatch(/^r#/);
    expect(cut).toEqual([]);
  });

  it('cuts each kind of field at its one limit and says what was cut, once', () => {
    const { message: m, cut } = cleanInbound(
      message({
        text: 'a'.repeat(10_000),
        from: { externalId: 'u', displayName: 'n'.repeat(500) },
        attachments: Array.from({ length: 12 }, (_, i) => ({
          kind: 'image' as const,
          ref: `p${i}`,
          name: 'f'.repeat(300),
        })),
      }),
    );
    expect(m.text).toHaveLength(INBOUND_LIMITS.text);
    expect(m.from.displayName).toHaveLength(INBOUND_LIMITS.name);
    expect(m.attachments).toHaveLength(INBOUND_LIMITS.attachments);
    expect(m.attachments?.[0]?.name).toHaveLength(INBOUND_LIMITS.name);
    expect(cut).toEqual(['name', 'attachments', 'text']);
  });

  it('keeps the sender’s other ids (each once, without the sender’s own, at most five) and a file’s size and type', () => {
    const { message: m } = cleanInbound(
      message({
        from: {
          externalId: '185727391514849@lid',
          alsoKnownAs: [
            '6281234567890@c.us',
            '185727391514849@lid',
            '6281234567890@c.us',
            ...Array.from({ length: 8 }, (_, i) => `${i}@lid`),
          ],
        },
        attachments: [
          { kind: 'image', ref: 'f1', size: 1234, mime: 'image/jpeg\u0000' },
          { kind: 'video', ref: 'wamid.2', size: 99_000_000, refused: 'too_large' },
          { kind: 'document', ref: 'media:7', source: 'wamid.3' },
        ],
      }),
    );
    expect(m.from.alsoKnownAs?.[0]).toBe('6281234567890@c.us');
    expect(m.from.alsoKnownAs).toHaveLength(INBOUND_LIMITS.alsoKnownAs);
    expect(m.from.alsoKnownAs).not.toContain('185727391514849@lid');
    expect(m.attachments).toEqual([
      { kind: 'image', ref: 'f1', size: 1234, mime: 'image/jpeg' },
      { kind: 'video', ref: 'wamid.2', size: 99_000_000, refused: 'too_large' },
      { kind: 'document', ref: 'media:7', source: 'wamid.3' },
    ]);
  });

  it('changes nothing in an ordinary message, and nothing more the second time', () => {
    const ordinary = message({ choice: 'menu:2', attachments: [{ kind: 'image', ref: 'photo-1' }] });
    expect(cleanInbound(ordinary)).toEqual({ message: ordinary, cut: [] });
    const once = cleanInbound(message({ text: `x\u0000${'y'.repeat(5000)}`, externalId: 'i'.repeat(400) }));
    expect(cleanInbound(once.message)).toEqual({ message: once.message, cut: [] });
  });
});
