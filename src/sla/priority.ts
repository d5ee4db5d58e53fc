/**
 * Incident priority (Tabel 4.4) and its response/resolution targets (spec §4), plus the Indonesian
 * wording of targets and due times shown to reporters and staff.
 */

import { DateTime } from 'luxon';
import type { Impact, Priority, ServiceNature, SystemClass, TargetDuration } from '../domain.ts';
import { type BusinessCalendar, zoneAbbreviation } from './calendar.ts';

/** Tabel 4.4: dampak × layanan terdampak × klasifikasi sistem. */
const PRIORITY_MATRIX: Readonly<Record<Impact, Record<ServiceNature, Record<SystemClass, Priority>>>> = {
  MAJOR: {
    PUBLIK: { KRITIS: 'P1', ESENSIAL: 'P2', NORMAL: 'P3' },
    ADMINISTRASI: { KRITIS: 'P2', ESENSIAL: 'P3', NORMAL: 'P4' },
  },
  MINOR: {
    PUBLIK: { KRITIS: 'P3', ESENSIAL: 'P4', NORMAL: 'P5' },
    ADMINISTRASI: { KRITIS: 'P4', ESENSIAL: 'P5', NORMAL: 'P6' },
  },
};

/** The priority of an incident from its impact, the affected service's nature and its system class. */
export function derivePriority(impact: Impact, nature: ServiceNature, classification: SystemClass): Priority {
  return PRIORITY_MATRIX[impact][nature][classification];
}

/**
 * Target Waktu Tanggap (response: report → first human response) and Target Waktu Penyelesaian
 * (resolution: report → the reporter confirms), per priority. Fractional hours are stored as minutes so
 * every value is a whole number.
 */
export const PRIORITY_TARGETS: Readonly<
  Record<Priority, { readonly response: TargetDuration; readonly resolution: TargetDuration }>
> = {
  P1: { response: { value: 15, unit: 'minutes' }, resolution: { value: 12, unit: 'hours' } },
  P2: { response: { value: 30, unit: 'minutes' }, resolution: { value: 24, unit: 'hours' } },
  P3: { response: { value: 1, unit: 'hours' }, resolution: { value: 36, unit: 'hours' } },
  P4: { response: { value: 90, unit: 'minutes' }, resolution: { value: 48, unit: 'hours' } },
  P5: { response: { value: 2, unit: 'hours' }, resolution: { value: 60, unit: 'hours' } },
  P6: { response: { value: 150, unit: 'minutes' }, resolution: { value: 72, unit: 'hours' } },
};

// User-facing words, kept together so they can be reviewed and translated.
const DAY_NAMES = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'] as const;
const MONTH_NAMES = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;
const WORD_MINUTES = 'menit';
const WORD_HOURS = 'jam';
const WORD_DAYS = 'hari';
const WORD_AT = 'pukul';

/**
 * A target in plain Indonesian: "15 menit", "1 jam", "1,5 jam", "1 jam 15 menit", "3 jam", "14 hari".
 * Minute targets of an hour or more read as hours when they are whole or half hours, as the regulation
 * writes them ("< 1,5 jam").
 */
export function describeDuration(d: TargetDuration): string {
  switch (d.unit) {
    case 'minutes': {
      if (d.value < 60) return `${formatNumber(d.value)} ${WORD_MINUTES}`;
      if (d.value % 30 === 0) return `${formatNumber(d.value / 60)} ${WORD_HOURS}`;
      const hours = Math.floor(d.value / 60);
      return `${hours} ${WORD_HOURS} ${formatNumber(d.value - hours * 60)} ${WORD_MINUTES}`;
    }
    case 'hours':
      return `${formatNumber(d.value)} ${WORD_HOURS}`;
    case 'days':
      return `${formatNumber(d.value)} ${WORD_DAYS}`;
  }
}

/**
 * A due time in the calendar's zone, in Indonesian: "Senin, 23 November 2026 pukul 10.30 WIB". Names are
 * spelled here rather than taken from Intl so the text does not depend on the ICU data Node was built with.
 */
export function describeDue(due: Date, calendar: Pick<BusinessCalendar, 'zone'>): string {
  const local = DateTime.fromJSDate(due, { zone: calendar.zone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${calendar.zone}`);
  const dayName = DAY_NAMES[local.weekday - 1] ?? '';
  const monthName = MONTH_NAMES[local.month - 1] ?? '';
  const time = `${pad2(local.hour)}.${pad2(local.minute)}`;
  const zone = zoneAbbreviation(calendar.zone, due);
  return `${dayName}, ${local.day} ${monthName} ${local.year} ${WORD_AT} ${time} ${zone}`;
}

/** Indonesian decimal comma, at most two decimals: 1.5 → "1,5". */
function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded).replace('.', ',');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
