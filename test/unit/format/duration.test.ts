import { describe, expect, it } from 'vitest';
import { duration } from '../../../src/format/duration';

describe('duration', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
    [Number.POSITIVE_INFINITY, '—'],
    [-5, '0s'],
    [0, '0s'],
    [0.04, '0.0s'],
    [0.4, '0.4s'],
    [0.57, '0.5s'],
    [9.99, '9.9s'],
    [10, '10s'],
    [12.7, '12s'],
    [59.99, '59s'],
    [60, '1m00s'],
    [185, '3m05s'],
    [3599, '59m59s'],
    [3600, '1h00m'],
    [3720, '1h02m'],
    [86399, '23h59m'],
    [86400, '1d00h'],
    [3 * 86400 + 4 * 3600 + 59, '3d04h'],
    [400 * 86400, '400d00h'],
  ])('%s s → %s', (seconds, shown) => {
    expect(duration(seconds)).toBe(shown);
  });

  it('uses an ASCII dash when asked', () => {
    expect(duration(null, { ascii: true })).toBe('-');
    expect(duration(185, { ascii: true })).toBe('3m05s');
  });
});
