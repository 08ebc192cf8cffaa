import { describe, expect, it } from 'vitest';
import { ago, timestamp } from '../../../src/format/time';

// Local-time constructors keep the cases independent of the machine's time zone.
const now = new Date(2024, 4, 6, 14, 30, 15);

describe('timestamp', () => {
  it.each([
    ['today', new Date(2024, 4, 6, 9, 5, 7), '09:05:07'],
    ['today, as an ISO string', new Date(2024, 4, 6, 0, 0, 1).toISOString(), '00:00:01'],
    ['as epoch milliseconds', new Date(2024, 4, 6, 14, 30, 0).getTime(), '14:30:00'],
    ['yesterday', new Date(2024, 4, 5, 23, 59, 59), '05-05 23:59'],
    ['same day of another month', new Date(2024, 3, 6, 8, 0, 0), '04-06 08:00'],
    ['another year', new Date(2023, 11, 31, 23, 0, 0), '2023-12-31'],
    ['null', null, '—'],
    ['unparseable', 'not a date', '—'],
  ])('%s', (_name, value, shown) => {
    expect(timestamp(value, now)).toBe(shown);
  });

  it('uses an ASCII dash when asked', () => {
    expect(timestamp(null, now, { ascii: true })).toBe('-');
  });
});

describe('ago', () => {
  it.each([
    ['seconds', new Date(now.getTime() - 12_000), '12s'],
    ['minutes', new Date(now.getTime() - 185_000), '3m05s'],
    ['sub-second', new Date(now.getTime() - 400), '0.4s'],
    ['in the future (clock skew)', new Date(now.getTime() + 5_000), '0s'],
    ['ISO string', new Date(now.getTime() - 3_720_000).toISOString(), '1h02m'],
    ['null', null, '—'],
  ])('%s', (_name, value, shown) => {
    expect(ago(value, now)).toBe(shown);
  });

  it('uses an ASCII dash when asked', () => {
    expect(ago(undefined, now, { ascii: true })).toBe('-');
  });
});
