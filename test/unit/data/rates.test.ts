import { describe, expect, it } from 'vitest';
import { rate, rowRates } from '../../../src/data/rates';

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

describe('rowRates', () => {
  const keyOf = (r: { id: string }) => r.id;
  it('matches rows by key, skips new rows and reports resets as null', () => {
    const prev = { at: 0, rows: [{ id: 'a', calls: 10, reset: 1 }, { id: 'b', calls: 10, reset: 1 }, { id: 'gone', calls: 1, reset: 1 }] };
    const curr = { at: 2000, rows: [{ id: 'b', calls: 30, reset: 1 }, { id: 'a', calls: 5, reset: 1 }, { id: 'new', calls: 3, reset: 1 }] };
    const r = rowRates(prev, curr, keyOf, ['calls'] as const, 'reset');
    expect(r.get('b')).toEqual({ calls: 10 });
    expect(r.get('a')).toEqual({ calls: null });
    expect(r.has('new')).toBe(false);
    expect(r.has('gone')).toBe(false);
  });
  it('treats a changed reset marker as a reset even when counters grew', () => {
    const r = rowRates({ at: 0, rows: [{ id: 'a', calls: 1, reset: 1 }] }, { at: 1000, rows: [{ id: 'a', calls: 9, reset: 2 }] }, keyOf, ['calls'] as const, 'reset');
    expect(r.get('a')).toEqual({ calls: null });
  });
  it('has no rates without a previous reading', () => {
    expect(rowRates(undefined, { at: 0, rows: [{ id: 'a', calls: 1 }] }, keyOf, ['calls'] as const).size).toBe(0);
  });
});
