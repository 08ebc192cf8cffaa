import { describe, expect, it } from 'vitest';
import { packedPages } from '../../../src/data/collectors/bloat';
import { progressShare } from '../../../src/data/collectors/progress';

describe('packed pages', () => {
  it('packs MAXALIGNed rows with line pointers on 8 kB pages, at the fillfactor', () => {
    // 64-byte rows + 4-byte line pointers: floor(8168 / 68) = 120 rows a page.
    expect(packedPages(120, 61, 100, 8192)).toBe(1);
    expect(packedPages(121, 61, 100, 8192)).toBe(2);
    expect(packedPages(100_000, 63, 100, 8192)).toBe(834);
    // fillfactor 50 keeps half of each page free.
    expect(packedPages(100_000, 63, 50, 8192)).toBe(Math.ceil(100_000 / Math.floor((8168 - 4096) / 68)));
    // Tiny rows stop at MaxHeapTuplesPerPage (291 on 8 kB pages).
    expect(packedPages(291, 1, 100, 8192)).toBe(1);
    expect(packedPages(292, 1, 100, 8192)).toBe(2);
    expect(packedPages(0, 64, 100, 8192)).toBe(0);
  });
});

describe('progress share', () => {
  it('is the phase done over its total, or nothing without a measure', () => {
    expect(progressShare({ done: 25, total: 100 })).toBe(0.25);
    expect(progressShare({ done: 5, total: 0 })).toBeNull();
    expect(progressShare({ done: null, total: 10 })).toBeNull();
    expect(progressShare({ done: 200, total: 100 })).toBe(1);
  });
});
