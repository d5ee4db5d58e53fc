import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/pipeline/retry.ts';

describe('the backoff of a job meeting a passing fault', () => {
  it('doubles from a quarter second and stops growing at ten seconds', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffDelay(n, middle))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it('spreads retries of one burst by a quarter either way', () => {
    expect(backoffDelay(3, () => 0)).toBe(750);
    expect(backoffDelay(3, () => 1)).toBe(1250);
  });
});
