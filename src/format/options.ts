/** Options every formatter takes. */
import { trusted, type SafeText } from '../text/sanitize';

export interface FormatOptions {
  /** Use `-` instead of `—` for a missing value (ASCII drawing mode, see `detectTerminal`). */
  ascii?: boolean;
}

/** The placeholder for a missing value: NULL, not applicable, or a counter that was reset. */
export function missing(opts: FormatOptions = {}): SafeText {
  return trusted(opts.ascii ? '-' : '—');
}

/** A number that can be formatted: finite. NaN and ±Infinity are shown as missing. */
export function isValue(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/**
 * `n` cut (not rounded) to `decimals` places. Elapsed times and ratios are truncated so that
 * 59.97 s never shows as "60.0s" and a 99.97 % hit ratio never shows as 100 %. The small epsilon
 * absorbs binary fractions such as 0.57 * 100 = 56.99999999999999.
 */
export function floorTo(n: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.floor(n * scale + 1e-9) / scale;
}
