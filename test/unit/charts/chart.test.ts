import { describe, expect, it } from 'vitest';
import { chartLines, chartRange, segments } from '../../../src/components/Chart';

const plotOf = (lines: string[], labelWidth: number) => lines.map((l) => l.slice(labelWidth + 1));

describe('chart range', () => {
  it('ignores gaps and non-finite values, and is undefined without data', () => {
    expect(chartRange([null, NaN, Infinity] as number[])).toBeUndefined();
    expect(chartRange([])).toBeUndefined();
    expect(chartRange([3, null, 7])).toEqual({ lo: 3, hi: 7 });
    expect(chartRange([3, 7], 0)).toEqual({ lo: 0, hi: 7 });
  });
  it('widens a flat series so it does not collapse', () => {
    expect(chartRange([0, 0, 0], 0)).toEqual({ lo: 0, hi: 1 });
    const r = chartRange([50, 50])!;
    expect(r.hi - r.lo).toBeGreaterThan(0);
    expect(r.lo).toBeLessThan(50);
    expect(r.hi).toBeGreaterThan(50);
  });
});

describe('segments', () => {
  it('splits at gaps and keeps positions', () => {
    expect(segments([1, 2, null, null, 5, NaN, 7])).toEqual([
      [0, [1, 2]],
      [4, [5]],
      [6, [7]],
    ]);
  });
});

describe('chart lines', () => {
  it('draws exactly the asked rows and width, and a rising line from bottom left to top right', () => {
    const lines = chartLines([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { width: 30, height: 5, min: 0, format: (v) => v.toFixed(0) });
    expect(lines).toHaveLength(5);
    for (const l of lines) expect([...l]).toHaveLength(30);
    expect(lines[0]!.startsWith('9┤')).toBe(true);
    expect(lines[4]!.startsWith('0┤')).toBe(true);
    const plot = plotOf(lines, 1);
    expect(plot[4]![0]).not.toBe(' ');
    expect(plot[0]![9]).not.toBe(' ');
  });

  it('leaves gaps blank instead of drawing through them', () => {
    const values = [1, 1, 1, null, null, null, 1, 1];
    const plot = plotOf(chartLines(values, { width: 12, height: 3, min: 0, format: () => 'x' }), 1);
    const cols = (c: number) => plot.map((row) => row[c]).join('');
    expect(cols(0).trim()).not.toBe('');
    for (const c of [3, 4, 5]) expect(cols(c).trim()).toBe('');
    expect(cols(6).trim()).not.toBe('');
    expect(cols(7).trim()).not.toBe('');
  });

  it('draws a flat series as one line inside the plot, and a single point', () => {
    const flat = plotOf(chartLines([5, 5, 5, 5], { width: 10, height: 4, format: () => '5' }), 1);
    expect(flat.filter((r) => r.trim() !== '')).toHaveLength(1);
    const one = plotOf(chartLines([null, 3], { width: 10, height: 3, min: 0, format: () => '.' }), 1);
    expect(one.map((r) => r[1]).join('').trim()).not.toBe('');
  });

  it('says there is no data for an empty or all-gap series, without throwing', () => {
    expect(chartLines([], { width: 20, height: 3 })[0]).toContain('no data yet');
    expect(chartLines([null, null], { width: 20, height: 3 })).toHaveLength(3);
  });

  it('shows only the last values that fit, in ASCII when asked, never an escape sequence', () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.sin(i / 5) * 10);
    const lines = chartLines(values, { width: 40, height: 6, ascii: true, format: (v) => v.toFixed(1) });
    expect(lines).toHaveLength(6);
    for (const l of lines) {
      expect(l).toHaveLength(40);
      expect(l).toMatch(/^[\x20-\x7e]*$/);
    }
  });
});
