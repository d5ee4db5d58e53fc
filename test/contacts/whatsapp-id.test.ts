import { describe, expect, it } from 'vitest';
import {
  canonicalId,
  isWhatsAppPersonId,
  maskWhatsAppId,
  maskWhatsAppIds,
  normalizeWhatsAppId,
} from '../../src/contacts/whatsapp-id.ts';

describe('normalizeWhatsAppId', () => {
  it.each([
    '6281234567890',
    '+6281234567890',
    '+62 812-3456-7890',
    '081234567890',
    '0812 3456 7890',
    '62 0812 3456 7890',
    '6281234567890@c.us',
    '6281234567890@s.whatsapp.net',
    '6281234567890:12@s.whatsapp.net',
    ' 6281234567890@C.US ',
  ])('writes the number %s as 6281234567890@c.us', (raw) => {
    expect(normalizeWhatsAppId(raw)).toBe('6281234567890@c.us');
  });

  it('keeps @lid ids (without a device suffix) and group ids as they are', () => {
    expect(normalizeWhatsAppId('185727391514849@lid')).toBe('185727391514849@lid');
    expect(normalizeWhatsAppId('185727391514849:3@lid')).toBe('185727391514849@lid');
    expect(normalizeWhatsAppId('120363025246125486@g.us')).toBe('120363025246125486@g.us');
  });

  it('normalises only WhatsApp ids', () => {
    expect(canonicalId('whatsapp', '0812-3456-7890')).toBe('6281234567890@c.us');
    expect(canonicalId('telegram', '081234567890')).toBe('081234567890');
    expect(canonicalId('slack', 'U0123ABCD')).toBe('U0123ABCD');
  });

  it('tells a person id a configuration may name from anything else', () => {
    for (const ok of ['0812-3456-789', '+6281234567890', '62812345678@c.us', '185727391514849@lid'])
      expect(isWhatsAppPersonId(ok), ok).toBe(true);
    for (const bad of ['budi', '12345', '120363025246125486@g.us', '0812abc'])
      expect(isWhatsAppPersonId(bad), bad).toBe(false);
  });
});

describe('masking WhatsApp ids', () => {
  it('shows a number as 62812****890@c.us and an @lid id as lid:…849, whatever form they come in', () => {
    expect(maskWhatsAppId('6281234567890@c.us')).toBe('62812****890@c.us');
    expect(maskWhatsAppId('6281234567890@s.whatsapp.net')).toBe('62812****890@c.us');
    expect(maskWhatsAppId('081234567890')).toBe('62812****890@c.us');
    expect(maskWhatsAppId('185727391514849@lid')).toBe('lid:…849');
  });

  it('masks every person id inside a text, and leaves group ids and other numbers alone', () => {
    const line =
      '{"chatId":"6281234567890@c.us","from":"185727391514849@lid","to":"6281234567890:7@s.whatsapp.net",' +
      '"group":"120363025246125486@g.us","admin":"whatsapp:081234567890","ticket":"GGN-2026-0001","n":502}';
    const masked = maskWhatsAppIds(line);
    expect(masked).toBe(
      '{"chatId":"62812****890@c.us","from":"lid:…849","to":"62812****890@c.us",' +
        '"group":"120363025246125486@g.us","admin":"whatsapp:62812****890","ticket":"GGN-2026-0001","n":502}',
    );
    expect(masked).not.toMatch(/1234567|391514/);
  });
});
