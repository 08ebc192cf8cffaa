/** Sizes and throughput, in pg_size_pretty's units. */
import { trusted, type SafeText } from '../text/sanitize';
import { isValue, missing, type FormatOptions } from './options';

/**
 * pg_size_pretty's unit names and steps of 1024 (its "kB" is 1024 bytes), so sizes read the same
 * here as in psql. `B` instead of its `bytes` keeps the column narrow.
 */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A byte count in at most 7 characters: `0 B`, `812 B`, `1.2 kB`, `12 kB`, `1023 MB`, `3.4 GB`.
 * One decimal below 10 of a unit, whole numbers above, rounded to nearest as pg_size_pretty does;
 * a value that rounds up to 1024 moves to the next unit. Negative values (a shrinking size)
 * keep their sign.
 */
export function bytes(n: number | null | undefined, opts: FormatOptions = {}): SafeText {
  if (!isValue(n)) return missing(opts);
  if (n < 0) return trusted('-' + bytes(-n, opts));
  if (Math.round(n) < 1024) return trusted(`${Math.round(n)} B`);
  let value = n;
  for (let unit = 1; unit < UNITS.length; unit++) {
    value /= 1024;
    const text = value < 9.95 ? value.toFixed(1) : String(Math.round(value));
    if (Number(text) < 1024 || unit === UNITS.length - 1) return trusted(`${text} ${UNITS[unit]}`);
  }
  /* c8 ignore next */
  return missing(opts);
}

/** Throughput: `bytes(n)` per second, `12 MB/s`; missing as `—`. */
export function bytesPerSecond(n: number | null | undefined, opts: FormatOptions = {}): SafeText {
  if (!isValue(n)) return missing(opts);
  return trusted(`${bytes(n, opts)}/s`);
}
