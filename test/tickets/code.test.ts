import { describe, expect, it } from 'vitest';
import { findTicketCode, formatTicketCode, ticketYear } from '../../src/tickets/code.ts';

describe('ticket codes', () => {
  it('formats incident and request codes readable on a phone', () => {
    expect(formatTicketCode('INCIDENT', 2026, 1)).toBe('GGN-2026-0001');
    expect(formatTicketCode('REQUEST', 2026, 42)).toBe('LYN-2026-0042');
    expect(formatTicketCode('INCIDENT', 2026, 12345)).toBe('GGN-2026-12345');
  });

  it('finds a code however the reporter typed it', () => {
    expect(findTicketCode('status GGN-2026-0001')?.code).toBe('GGN-2026-0001');
    expect(findTicketCode('cek tiket ggn 2026 12 dong')?.code).toBe('GGN-2026-0012');
    expect(findTicketCode('lyn/2026/7')?.code).toBe('LYN-2026-0007');
    expect(findTicketCode('LYN-2026-0007')?.kind).toBe('REQUEST');
    expect(findTicketCode('tiket saya kemarin')).toBeNull();
    expect(findTicketCode('ABC-2026-0001')).toBeNull();
    expect(findTicketCode('GGN-2026-0000')).toBeNull();
  });

  it('numbers by the year in the deployment’s time zone', () => {
    // 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in WIB (UTC+7).
    const instant = new Date('2026-12-31T18:00:00Z');
    expect(ticketYear(instant, 'Asia/Jakarta')).toBe(2027);
    expect(ticketYear(instant, 'UTC')).toBe(2026);
  });
});
