import { describe, expect, it } from 'vitest';
import { rate } from '../../../src/data/rates';

describe('rate', () => {
  it.each([
    [100, 200, 0, 1000, 100],
    [100, 100, 0, 2000, 0],
    [100, 50, 0, 1000, null], // reset
    [100, 200, 1000, 1000, null], // zero interval
    [null, 200, 0, 1000, null],
    [100, Number.NaN, 0, 1000, null],
  ])('rate(%s → %s over %s..%s ms) = %s', (p, c, t0, t1, want) => {
    expect(rate(p, c, t0, t1)).toBe(want);
  });
});
