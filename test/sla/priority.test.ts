import { describe, expect, it } from 'vitest';
import type { Impact, Priority, ServiceNature, SystemClass, TargetDuration } from '../../src/domain.ts';
import { derivePriority, describeDue, describeDuration, PRIORITY_TARGETS } from '../../src/sla/priority.ts';

describe('derivePriority (Tabel 4.4)', () => {
  const matrix: [Impact, ServiceNature, SystemClass, Priority][] = [
    ['MAJOR', 'PUBLIK', 'KRITIS', 'P1'],
    ['MAJOR', 'PUBLIK', 'ESENSIAL', 'P2'],
    ['MAJOR', 'PUBLIK', 'NORMAL', 'P3'],
    ['MAJOR', 'ADMINISTRASI', 'KRITIS', 'P2'],
    ['MAJOR', 'ADMINISTRASI', 'ESENSIAL', 'P3'],
    ['MAJOR', 'ADMINISTRASI', 'NORMAL', 'P4'],
    ['MINOR', 'PUBLIK', 'KRITIS', 'P3'],
    ['MINOR', 'PUBLIK', 'ESENSIAL', 'P4'],
    ['MINOR', 'PUBLIK', 'NORMAL', 'P5'],
    ['MINOR', 'ADMINISTRASI', 'KRITIS', 'P4'],
    ['MINOR', 'ADMINISTRASI', 'ESENSIAL', 'P5'],
    ['MINOR', 'ADMINISTRASI', 'NORMAL', 'P6'],
  ];

  it.each(matrix)(
    'gives a %s impact on a %s service of a %s system priority %s',
    (impact, nature, cls, p) => {
      expect(derivePriority(impact, nature, cls)).toBe(p);
    },
  );

  it('covers every combination of impact, service nature and classification exactly once', () => {
    const keys = new Set(matrix.map(([i, n, c]) => `${i}/${n}/${c}`));
    expect(keys.size).toBe(2 * 2 * 3);
  });
});

describe('PRIORITY_TARGETS (target waktu tanggap dan penyelesaian)', () => {
  const targets: [Priority, TargetDuration, TargetDuration, string, string][] = [
    ['P1', { value: 15, unit: 'minutes' }, { value: 12, unit: 'hours' }, '15 menit', '12 jam'],
    ['P2', { value: 30, unit: 'minutes' }, { value: 24, unit: 'hours' }, '30 menit', '24 jam'],
    ['P3', { value: 1, unit: 'hours' }, { value: 36, unit: 'hours' }, '1 jam', '36 jam'],
    ['P4', { value: 90, unit: 'minutes' }, { value: 48, unit: 'hours' }, '1,5 jam', '48 jam'],
    ['P5', { value: 2, unit: 'hours' }, { value: 60, unit: 'hours' }, '2 jam', '60 jam'],
    ['P6', { value: 150, unit: 'minutes' }, { value: 72, unit: 'hours' }, '2,5 jam', '72 jam'],
  ];

  it.each(targets)(
    'gives %s a response target of %j and a resolution target of %j',
    (p, response, resolution) => {
      expect(PRIORITY_TARGETS[p].response).toEqual(response);
      expect(PRIORITY_TARGETS[p].resolution).toEqual(resolution);
    },
  );

  it.each(targets)(
    'words the %s targets as the regulation does',
    (p, _r, _s, responseText, resolutionText) => {
      expect(describeDuration(PRIORITY_TARGETS[p].response)).toBe(responseText);
      expect(describeDuration(PRIORITY_TARGETS[p].resolution)).toBe(resolutionText);
    },
  );

  it('has targets for exactly P1 … P6', () => {
    expect(Object.keys(PRIORITY_TARGETS).sort()).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
  });
});

describe('describeDuration', () => {
  it.each([
    [{ value: 45, unit: 'minutes' }, '45 menit'],
    [{ value: 60, unit: 'minutes' }, '1 jam'],
    [{ value: 75, unit: 'minutes' }, '1 jam 15 menit'],
    [{ value: 3, unit: 'hours' }, '3 jam'],
    [{ value: 1.5, unit: 'hours' }, '1,5 jam'],
    [{ value: 1, unit: 'days' }, '1 hari'],
    [{ value: 14, unit: 'days' }, '14 hari'],
  ] satisfies [TargetDuration, string][])('words %j as "%s"', (duration, text) => {
    expect(describeDuration(duration)).toBe(text);
  });
});

describe('describeDue', () => {
  it('writes a due time with Indonesian day and month names and WIB', () => {
    const due = new Date('2026-11-23T03:30:00Z');
    expect(describeDue(due, { zone: 'Asia/Jakarta' })).toBe('Senin, 23 November 2026 pukul 10.30 WIB');
  });

  it('writes the same instant in WITA and WIT with their local clock', () => {
    const due = new Date('2026-08-16T23:05:00Z');
    expect(describeDue(due, { zone: 'Asia/Jakarta' })).toBe('Senin, 17 Agustus 2026 pukul 06.05 WIB');
    expect(describeDue(due, { zone: 'Asia/Makassar' })).toBe('Senin, 17 Agustus 2026 pukul 07.05 WITA');
    expect(describeDue(due, { zone: 'Asia/Jayapura' })).toBe('Senin, 17 Agustus 2026 pukul 08.05 WIT');
  });

  it('rolls the date over at local midnight, not UTC midnight', () => {
    const due = new Date('2026-01-31T17:00:00Z');
    expect(describeDue(due, { zone: 'Asia/Jakarta' })).toBe('Minggu, 1 Februari 2026 pukul 00.00 WIB');
    expect(describeDue(due, { zone: 'UTC' })).toBe('Sabtu, 31 Januari 2026 pukul 17.00 UTC+0');
  });
});
