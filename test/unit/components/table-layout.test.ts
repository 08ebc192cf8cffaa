import { describe, expect, it } from 'vitest';
import { layoutColumns, windowTop, type ColumnSpec } from '../../../src/components/table-layout';

const col = (id: string, width: number, priority: number, flex = false): ColumnSpec<unknown> => ({ id, title: id, width, priority, flex, render: () => '' as never });

describe('layoutColumns', () => {
  const cols = [col('pid', 7, 0), col('db', 10, 2), col('app', 12, 4), col('query', 16, 0, true)];
  it('keeps everything when it fits and gives the rest to the flexible column', () => {
    const placed = layoutColumns(cols, 100);
    expect(placed.map((p) => p.spec.id)).toEqual(['pid', 'db', 'app', 'query']);
    expect(placed.reduce((n, p) => n + p.width, 0) + 3).toBe(100);
  });
  it('drops the least important columns first when narrow', () => {
    expect(layoutColumns(cols, 40).map((p) => p.spec.id)).toEqual(['pid', 'db', 'query']);
    expect(layoutColumns(cols, 25).map((p) => p.spec.id)).toEqual(['pid', 'query']);
  });
});

describe('windowTop', () => {
  it.each([
    [5, 10, 3, 0, 0], // fits
    [100, 10, 0, 0, 0],
    [100, 10, 9, 0, 0], // still visible
    [100, 10, 10, 0, 1], // scrolls by one
    [100, 10, 50, 0, 41],
    [100, 10, 45, 41, 41], // no jump while visible
    [100, 10, 30, 41, 30], // moves up to show it
    [100, 10, -1, 95, 90], // clamps to the end
  ])('count %i height %i selected %i prevTop %i → %i', (count, h, sel, prev, want) => {
    expect(windowTop(count, h, sel, prev)).toBe(want);
  });
});
