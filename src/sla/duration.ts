import type { TargetDuration } from '../domain.ts';

const UNITS: Record<string, TargetDuration['unit']> = {
  menit: 'minutes',
  mnt: 'minutes',
  m: 'minutes',
  min: 'minutes',
  minute: 'minutes',
  minutes: 'minutes',
  jam: 'hours',
  j: 'hours',
  h: 'hours',
  hour: 'hours',
  hours: 'hours',
  hari: 'days',
  hr: 'days',
  d: 'days',
  day: 'days',
  days: 'days',
};

/**
 * Reads a duration as people write it: "3 jam", "<3 jam", "1,5 jam", "30 menit", "14 hari", "2j".
 * Fractions are turned into whole minutes ("1,5 jam" → 90 minutes). Returns null when unreadable.
 */
export function parseDuration(text: string): TargetDuration | null {
  const m = /^\s*<?\s*(\d+(?:[.,]\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const unit = UNITS[m[2].toLowerCase()];
  const value = Number(m[1].replace(',', '.'));
  if (!unit || !Number.isFinite(value) || value <= 0) return null;
  if (Number.isInteger(value)) return { value, unit };
  const minutes = Math.round(value * (unit === 'minutes' ? 1 : unit === 'hours' ? 60 : 1440));
  // A fractional day on a working calendar is ambiguous; keep days whole.
  if (unit === 'days') return null;
  return { value: minutes, unit: 'minutes' };
}
