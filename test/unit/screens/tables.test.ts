import { describe, expect, it } from 'vitest';
import { sortRows, textFilter } from '../../../src/screens/tables';

describe('sortRows', () => {
  it('puts missing values last in either direction', () => {
    expect(sortRows([{ v: null }, { v: 2 }, { v: 1 }], (r) => r.v, false).map((r) => r.v)).toEqual([1, 2, null]);
    expect(sortRows([{ v: null }, { v: 2 }, { v: 1 }], (r) => r.v, true).map((r) => r.v)).toEqual([2, 1, null]);
    expect(sortRows([{ v: NaN }, { v: 1 }], (r) => r.v, true).map((r) => r.v)).toEqual([1, NaN]);
  });

  it('orders text by locale and keeps ties in input order, or by the tiebreak given', () => {
    const rows = [{ k: 'b', id: 3 }, { k: 'a', id: 2 }, { k: 'b', id: 1 }, { k: null, id: 5 }, { k: null, id: 4 }];
    expect(sortRows(rows, (r) => r.k, false).map((r) => r.id)).toEqual([2, 3, 1, 5, 4]);
    expect(sortRows(rows, (r) => r.k, true, (a, b) => a.id - b.id).map((r) => r.id)).toEqual([1, 3, 2, 4, 5]);
  });
});

describe('textFilter', () => {
  it('matches a substring without regard to case, or a /regex/ (case-insensitive unless flags say)', () => {
    expect(textFilter('ORD')(['my_orders'])).toBe(true);
    expect(textFilter('/^ord/')(['orders'])).toBe(true);
    expect(textFilter('/^ord/')(['my_orders'])).toBe(false);
    expect(textFilter('/^Ord/')(['orders'])).toBe(true);
    expect(textFilter('/^Ord/g')(['orders'])).toBe(false);
    expect(textFilter('')([null])).toBe(true);
  });

  it('gives every row the same answer under the g flag', () => {
    const f = textFilter('/o/gi');
    expect([f(['orders']), f(['orders']), f(['orders'])]).toEqual([true, true, true]);
  });

  it('matches a bad pattern as text and says why', () => {
    const f = textFilter('/(/');
    expect(f(['a/(/b'])).toBe(true);
    expect(f.error).toMatch(/invalid regular expression/);
    expect(textFilter('/ok/').error).toBeUndefined();
  });
});
