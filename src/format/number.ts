/** Counts, rates, ratios and transaction-id ages, compact enough for a table column. */
import { trusted, type SafeText } from '../text/sanitize';
import { floorTo, isValue, missing, type FormatOptions } from './options';

/** Decimal multipliers: counts are not sizes. G (10⁹) rather than B, which would read as bytes. */
const SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/** Three significant figures at most: one decimal below 100, whole numbers from 100. */
function figures(value: number): string {
  return value < 99.95 ? value.toFixed(1) : String(Math.round(value));
}

/**
 * `n` with a k/M/G/T/P suffix, at most 5 characters plus a sign: `812`, `1.2k`, `12.3k`, `123k`,
 * `4.5M`. `unitDecimals` allows a decimal below 100 in the base unit too (for rates).
 */
function compact(n: number, unitDecimals: boolean): string {
  if (n < 0) return '-' + compact(-n, unitDecimals);
  if (n < 1000) {
    const text = !unitDecimals || n === 0 ? String(Math.round(n)) : figures(n);
    if (Number(text) < 1000) return text;
  }
  let value = n;
  for (let i = 1; i < SUFFIXES.length; i++) {
    value /= 1000;
    const text = figures(value);
    if (Number(text) < 1000 || i === SUFFIXES.length - 1) return text + SUFFIXES[i];
  }
  /* c8 ignore next */
  return String(n);
}

/** A count (rows, calls, backends): `812`, `12.3k`, `4.5M`, `1.2G`; missing as `—`. */
export function count(n: number | null | undefined, opts: FormatOptions = {}): SafeText {
  if (!isValue(n)) return missing(opts);
  return trusted(compact(n, false));
}

/**
 * Events per second: `0/s`, `0.5/s`, `12.3/s`, `812/s`, `12.3k/s`. A negative rate can only come
 * from a counter reset (pg_stat_reset, a restart) and is shown as missing, like null.
 */
export function rate(n: number | null | undefined, opts: FormatOptions = {}): SafeText {
  if (!isValue(n) || n < 0) return missing(opts);
  return trusted(`${compact(n, true)}/s`);
}

/**
 * A ratio (0..1) as a percentage with one decimal, truncated so that only an exact 1 shows as
 * `100%` (a 99.97 % cache hit ratio is not perfect): `0.0%`, `99.2%`, `100%`, `150%`.
 * Ratios above 1 (a setting exceeded) show as whole percents; negative ones as `0.0%`.
 */
export function percent(ratio: number | null | undefined, opts: FormatOptions = {}): SafeText {
  if (!isValue(ratio)) return missing(opts);
  const pct = Math.max(0, ratio * 100);
  if (pct >= 100) return trusted(`${Math.round(pct)}%`);
  return trusted(`${Math.min(99.9, floorTo(pct, 1)).toFixed(1)}%`);
}

/**
 * age(datfrozenxid) and the like: `812`, `45.3M`, `1.2G`. Wraparound protection starts at
 * autovacuum_freeze_max_age (200M by default) and the hard stop is near 2.1G, so three figures are
 * enough to tell how close a database is.
 */
export function xidAge(n: number | null | undefined, opts: FormatOptions = {}): SafeText {
  return count(n, opts);
}
