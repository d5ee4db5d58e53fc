import { describe, expect, it } from 'vitest';
import { parsePeriod, periodBounds, periodFromDates } from '../../src/reports/period.ts';

const period = (text: string) => {
  const r = parsePeriod(text);
  if (!r.ok) throw new Error(r.message);
  return r.period;
};

describe('report periods (evaluation at least each semester, 002:244)', () => {
  it('reads semesters, months, years and explicit ranges', () => {
    expect(period('2026-S1')).toEqual({ label: '2026-S1', from: '2026-01-01', to: '2026-06-30' });
    expect(period('2026-s2')).toEqual({ label: '2026-S2', from: '2026-07-01', to: '2026-12-31' });
    expect(period('2026-02')).toEqual({ label: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(period('2028-02').to).toBe('2028-02-29');
    expect(period('2026')).toEqual({ label: '2026', from: '2026-01-01', to: '2026-12-31' });
    expect(period('2026-03-01..2026-03-15')).toEqual({
      label: '2026-03-01..2026-03-15',
      from: '2026-03-01',
      to: '2026-03-15',
    });
  });

  it('names an explicit range after the semester, month or year it covers, so its notes are found', () => {
    const named = (from: string, to: string) => {
      const r = periodFromDates(from, to);
      return r.ok ? r.period.label : r.message;
    };
    expect(named('2026-01-01', '2026-06-30')).toBe('2026-S1');
    expect(named('2026-07-01', '2026-12-31')).toBe('2026-S2');
    expect(named('2026-01-01', '2026-12-31')).toBe('2026');
    expect(named('2026-07-01', '2026-07-31')).toBe('2026-07');
    expect(named('2026-07-01', '2026-07-30')).toBe('2026-07-01..2026-07-30');
  });

  it('refuses what is not a period, in Indonesian', () => {
    for (const bad of ['2026-S3', '2026-13', 'semester 1', '26-S1', '', '2026-02-30..2026-03-01']) {
      const r = parsePeriod(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/tidak (dikenali|valid)/);
    }
    const reversed = periodFromDates('2026-06-30', '2026-01-01');
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(reversed.message).toContain('sesudah tanggal akhir');
    expect(periodFromDates('2026-1-1', '2026-06-30').ok).toBe(false);
  });

  it('covers whole local days in the deployment zone (WIB and WITA)', () => {
    const s1 = period('2026-S1');
    expect(periodBounds(s1, 'Asia/Jakarta')).toEqual({
      start: new Date('2025-12-31T17:00:00Z'),
      end: new Date('2026-06-30T17:00:00Z'),
    });
    expect(periodBounds(s1, 'Asia/Makassar')).toEqual({
      start: new Date('2025-12-31T16:00:00Z'),
      end: new Date('2026-06-30T16:00:00Z'),
    });
  });
});
