/** The dashboard's pure rules: lockout, CSRF check, list filters → where. */
import { describe, expect, it } from 'vitest';
import { csrfMatches, randomToken } from '../../src/dashboard/csrf.ts';
import { breachedWhere, listFilter, listQueryString } from '../../src/dashboard/filters.ts';
import {
  afterFailure,
  afterSuccess,
  isLocked,
  LOCK_MINUTES,
  MAX_FAILED_LOGINS,
} from '../../src/dashboard/lockout.ts';

const now = new Date('2026-07-01T03:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe('lockout', () => {
  it(`locks for ${LOCK_MINUTES} minutes at the ${MAX_FAILED_LOGINS}th wrong password in a row`, () => {
    let s = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      s = afterFailure(s, now);
      expect(s.failedLogins).toBe(i);
      expect(isLocked(s, now)).toBe(false);
    }
    s = afterFailure(s, now);
    expect(isLocked(s, now)).toBe(true);
    expect(isLocked(s, minutes(LOCK_MINUTES - 1))).toBe(true);
    expect(isLocked(s, minutes(LOCK_MINUTES))).toBe(false);
  });

  it('a right password starts the count over; a lock that ran out starts a fresh count', () => {
    expect(afterSuccess()).toEqual({ failedLogins: 0, lockedUntil: null });
    const expired = { failedLogins: 0, lockedUntil: minutes(-1) };
    const next = afterFailure(expired, now);
    expect(next.failedLogins).toBe(1);
    expect(isLocked(next, now)).toBe(false);
  });
});

describe('CSRF check', () => {
  it('accepts only the exact token', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfMatches(token, token)).toBe(true);
    expect(csrfMatches(`${token}x`, token)).toBe(false);
    expect(csrfMatches(undefined, token)).toBe(false);
    expect(csrfMatches('', token)).toBe(false);
    expect(csrfMatches(['a'], 'a')).toBe(false);
    // No expected token (no login cookie, no session): nothing matches, not even an empty field.
    expect(csrfMatches('', undefined)).toBe(false);
    expect(csrfMatches('x', null)).toBe(false);
  });
});

describe('list filters', () => {
  it('turns the form into one where, keeping the values to show back', () => {
    const f = listFilter(
      {
        status: 'terbuka',
        kind: 'incident',
        priority: 'p1',
        service: 'SIMPEG',
        opd: 'Dinas Kesehatan',
        channel: 'telepon',
        q: 'error',
      },
      now,
      'Asia/Jakarta',
    );
    expect(f.errors).toEqual([]);
    expect(f.values).toEqual({
      status: 'terbuka',
      kind: 'INCIDENT',
      priority: 'P1',
      service: 'simpeg',
      opd: 'Dinas Kesehatan',
      channel: 'TELEPON',
      q: 'error',
    });
    const and = (f.where as { AND: unknown[] }).AND;
    expect(and).toContainEqual({ status: { in: ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'] } });
    expect(and).toContainEqual({ kind: 'INCIDENT' });
    expect(and).toContainEqual({ priority: 'P1' });
    expect(and).toContainEqual({ service: { code: 'simpeg' } });
    expect(and).toContainEqual({ reportingMethod: 'TELEPON' });
  });

  it('a chat channel also matches rows older than the reporting method (their channel)', () => {
    const f = listFilter({ channel: 'whatsapp' }, now, 'Asia/Jakarta');
    expect(f.where).toEqual({
      AND: [{ OR: [{ reportingMethod: 'WHATSAPP' }, { reportingMethod: null, channel: 'whatsapp' }] }],
    });
  });

  it('a period is whole local days in the zone', () => {
    const f = listFilter({ from: '2026-07-01', to: '2026-07-31' }, now, 'Asia/Jakarta');
    expect(f.where).toEqual({
      AND: [
        { createdAt: { gte: new Date('2026-06-30T17:00:00Z') } },
        { createdAt: { lt: new Date('2026-07-31T17:00:00Z') } },
      ],
    });
  });

  it('a value it cannot read is said in Indonesian and left out, never guessed', () => {
    const f = listFilter(
      { status: 'hilang', from: '1/7/2026', priority: 'P9', breached: 'mungkin' },
      now,
      'Asia/Jakarta',
    );
    expect(f.where).toEqual({});
    expect(f.values).toEqual({});
    expect(f.errors).toEqual([
      'Status "hilang" tidak dikenal; filter itu diabaikan.',
      'Prioritas "P9" tidak dikenal; filter itu diabaikan.',
      'Tanggal mulai "1/7/2026" tidak valid; tulis TTTT-BB-HH, mis. 2026-07-01.',
      'Pilihan "terlewat" "mungkin" tidak dikenal; filter itu diabaikan.',
    ]);
    const reversed = listFilter({ from: '2026-07-31', to: '2026-07-01' }, now, 'Asia/Jakarta');
    expect(reversed.errors).toEqual(['Tanggal akhir sebelum tanggal mulai; periode diabaikan.']);
    expect(reversed.where).toEqual({});
  });

  it('breached: a recorded miss, or an open running ticket past a due time', () => {
    const f = listFilter({ breached: 'ya' }, now, 'Asia/Jakarta');
    expect(f.where).toEqual({ AND: [breachedWhere(now)] });
    expect(JSON.stringify(breachedWhere(now))).toContain('"pausedAt":null');
  });

  it('pages: a bad page is the first; links keep the filters', () => {
    expect(listFilter({ page: '3' }, now, 'UTC').page).toBe(3);
    expect(listFilter({ page: '0' }, now, 'UTC').page).toBe(1);
    expect(listFilter({ page: 'x' }, now, 'UTC').page).toBe(1);
    expect(listQueryString({ service: 'simpeg', q: 'a b' }, 2)).toBe('?service=simpeg&q=a+b&page=2');
    expect(listQueryString({}, 1)).toBe('');
  });
});
