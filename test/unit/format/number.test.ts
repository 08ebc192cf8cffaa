import { describe, expect, it } from 'vitest';
import { count, percent, rate, xidAge } from '../../../src/format/number';
import { lsn } from '../../../src/format/lsn';

describe('count', () => {
  it.each([
    [null, '—'],
    [Number.NaN, '—'],
    [0, '0'],
    [7, '7'],
    [812, '812'],
    [999, '999'],
    [999.6, '1.0k'],
    [1000, '1.0k'],
    [1234, '1.2k'],
    [12_345, '12.3k'],
    [99_960, '100k'],
    [123_456, '123k'],
    [999_600, '1.0M'],
    [4_500_000, '4.5M'],
    [1_234_567_890, '1.2G'],
    [2_000_000_000_000, '2.0T'],
    [-12_345, '-12.3k'],
  ])('%s → %s', (n, shown) => {
    expect(count(n)).toBe(shown);
  });

  it('stays within 5 characters for positive values', () => {
    for (let n = 1; n < 1e17; n = Math.ceil(n * 1.29)) expect(count(n).length).toBeLessThanOrEqual(5);
  });
});

describe('rate', () => {
  it.each([
    [null, '—'],
    [-3, '—'],
    [Number.POSITIVE_INFINITY, '—'],
    [0, '0/s'],
    [0.5, '0.5/s'],
    [12.34, '12.3/s'],
    [99.96, '100/s'],
    [812.4, '812/s'],
    [999.7, '1.0k/s'],
    [12_345, '12.3k/s'],
  ])('%s → %s', (n, shown) => {
    expect(rate(n)).toBe(shown);
  });

  it('uses an ASCII dash when asked', () => {
    expect(rate(null, { ascii: true })).toBe('-');
  });
});

describe('percent', () => {
  it.each([
    [null, '—'],
    [0, '0.0%'],
    [0.0004, '0.0%'],
    [0.5, '50.0%'],
    [0.992, '99.2%'],
    [0.57, '57.0%'],
    [0.9997, '99.9%'],
    [1, '100%'],
    [1.5, '150%'],
    [-0.1, '0.0%'],
  ])('%s → %s', (ratio, shown) => {
    expect(percent(ratio)).toBe(shown);
  });
});

describe('xidAge', () => {
  it.each([
    [null, '—'],
    [812, '812'],
    [1_234_567, '1.2M'],
    [200_000_000, '200M'],
    [2_146_483_647, '2.1G'],
  ])('%s → %s', (n, shown) => {
    expect(xidAge(n)).toBe(shown);
  });
});

describe('lsn', () => {
  it.each([
    [null, '—'],
    ['', '—'],
    ['16/B374D848', '16/B374D848'],
    ['0/\x1b[2J', '0/^[[2J'],
  ])('%s → %s', (value, shown) => {
    expect(lsn(value)).toBe(shown);
  });

  it('uses an ASCII dash when asked', () => {
    expect(lsn(null, { ascii: true })).toBe('-');
  });
});
