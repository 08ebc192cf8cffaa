import { describe, expect, it } from 'vitest';
import { bytes, bytesPerSecond } from '../../../src/format/bytes';

const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;
const TB = GB * 1024;

describe('bytes', () => {
  it.each([
    [null, '—'],
    [Number.NaN, '—'],
    [0, '0 B'],
    [812, '812 B'],
    [1023, '1023 B'],
    [1023.6, '1.0 kB'],
    [1024, '1.0 kB'],
    [1234, '1.2 kB'],
    [10 * KB - 1, '10 kB'],
    [10 * KB, '10 kB'],
    [8192 * KB, '8.0 MB'],
    [1023 * KB, '1023 kB'],
    [MB - 1, '1.0 MB'],
    [1.5 * GB, '1.5 GB'],
    [512 * GB, '512 GB'],
    [3.4 * TB, '3.4 TB'],
    [2048 * TB, '2.0 PB'],
    [5000 * 1024 * TB, '5000 PB'],
    [-1234, '-1.2 kB'],
  ])('%s → %s', (n, shown) => {
    expect(bytes(n)).toBe(shown);
  });

  it('never takes more than 7 characters below a petabyte', () => {
    for (let n = 1; n < 1024 * TB; n = Math.ceil(n * 1.37)) expect(bytes(n).length).toBeLessThanOrEqual(7);
  });

  it('uses an ASCII dash when asked', () => {
    expect(bytes(null, { ascii: true })).toBe('-');
  });
});

describe('bytesPerSecond', () => {
  it.each([
    [null, '—'],
    [0, '0 B/s'],
    [12 * MB, '12 MB/s'],
    [1234, '1.2 kB/s'],
  ])('%s → %s', (n, shown) => {
    expect(bytesPerSecond(n)).toBe(shown);
  });
});
