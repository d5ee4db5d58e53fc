import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { ROOT_DIR } from '../../src/db/paths.ts';
import type { BusinessCalendar } from '../../src/sla/calendar.ts';
import { loadCalendar } from '../../src/sla/calendar-file.ts';
import { fulfilmentDueAt, incidentTargets } from '../../src/sla/targets.ts';

const calendar: BusinessCalendar = loadCalendar(path.join(ROOT_DIR, 'prisma/seed/calendar.yaml'), {
  years: [2026, 2027],
});
const catalogue = loadCatalogue(path.join(ROOT_DIR, 'prisma/seed/catalogue.yaml'));
const service = (code: string) => {
  const s = catalogue.services.find((x) => x.code === code);
  if (!s) throw new Error(code);
  return s;
};

// Monday 23 November 2026, 09.00 WIB.
const monday0900 = new Date('2026-11-23T02:00:00Z');

describe('targets of a new ticket on the default calendar (Mon–Fri 08.00–16.00 WIB)', () => {
  it('gives a major outage of LPSE (Kritis, Layanan Publik) P1: response by 09.15, resolution 12 hours later round the clock (002:342-348)', () => {
    const t = incidentTargets(service('lpse'), 'MAJOR', monday0900, calendar);
    expect(t.priority).toBe('P1');
    expect(t.responseDueAt.toISOString()).toBe('2026-11-23T02:15:00.000Z'); // Mon 09.15 WIB
    // P1 runs 24/7: Monday 21.00 WIB, not Tuesday 13.00 on office hours.
    expect(t.resolutionDueAt.toISOString()).toBe('2026-11-23T14:00:00.000Z');
  });

  it('gives one user’s SIMPEG problem (Esensial, Administrasi, Minor) P5 with a 2 jam response', () => {
    const t = incidentTargets(service('simpeg'), 'MINOR', monday0900, calendar);
    expect(t.priority).toBe('P5');
    expect(t.responseDueAt.toISOString()).toBe('2026-11-23T04:00:00.000Z'); // Mon 11.00 WIB
  });

  it.each([
    ['email-reset', '2026-11-23T05:00:00.000Z'], // Akun Layanan < 3 jam → Mon 12.00
    ['srikandi', '2026-11-23T03:00:00.000Z'], // its own target: 1 jam → Mon 10.00
    ['lisensi', '2026-11-24T02:00:00.000Z'], // Dukungan Perangkat Lunak < 1 hari → Tue 09.00
    ['jaringan', '2026-11-26T02:00:00.000Z'], // Infrastruktur Jaringan < 3 hari → Thu 09.00
    ['perangkat-kantor', '2026-11-26T02:00:00.000Z'], // Perangkat Perkantoran < 3 hari
    ['vicon', '2026-11-26T02:00:00.000Z'], // Video Conferencing < 3 hari
    ['hosting', '2026-12-11T02:00:00.000Z'], // Hosting Aplikasi < 14 hari → 14 working days
  ])('counts the fulfilment target of %s on working days', (code, due) => {
    const fulfilment = service(code).fulfilment;
    if (!fulfilment) throw new Error('requestable service without target');
    expect(fulfilmentDueAt(service(code), fulfilment, monday0900, calendar).toISOString()).toBe(due);
  });

  it('skips the Christmas holiday and cuti bersama when counting a 3-day target', () => {
    // Wed 23 Dec 2026 09.00 WIB + 3 hari: 24 Dec (cuti bersama) and 25 Dec (Natal) are off,
    // 26–27 are the weekend → Mon 28, Tue 29, Wed 30 → due Wed 30 Dec 09.00 WIB.
    const due = fulfilmentDueAt(
      { clock24: false },
      { value: 3, unit: 'days' },
      new Date('2026-12-23T02:00:00Z'),
      calendar,
    );
    expect(due.toISOString()).toBe('2026-12-30T02:00:00.000Z');
  });
});
