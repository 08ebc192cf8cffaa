/** Durations: how long a query has run, a transaction stayed open, a standby lags. */
import { trusted, type SafeText } from '../text/sanitize';
import { floorTo, isValue, missing, type FormatOptions } from './options';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Seconds as a short duration, at most two units, always truncated (a 59.9 s query has not run a
 * minute yet): `0s`, `0.4s`, `9.9s`, `12s`, `3m05s`, `1h02m`, `3d04h`. Tenths are shown below 10 s,
 * where they tell a fast query from a slow one. Negative values (clock skew between the server's
 * `now()` and a backend's start) show as `0s`; null, NaN and infinities as `—` (`-` in ASCII).
 */
export function duration(seconds: number | null | undefined, opts: FormatOptions = {}): SafeText {
  if (!isValue(seconds)) return missing(opts);
  const s = Math.max(0, seconds);
  if (s === 0) return trusted('0s');
  if (s < 10) return trusted(`${floorTo(s, 1).toFixed(1)}s`);
  const whole = Math.floor(s + 1e-9);
  if (whole < MINUTE) return trusted(`${whole}s`);
  if (whole < HOUR) return trusted(`${Math.floor(whole / MINUTE)}m${two(whole % MINUTE)}s`);
  if (whole < DAY) return trusted(`${Math.floor(whole / HOUR)}h${two(Math.floor((whole % HOUR) / MINUTE))}m`);
  return trusted(`${Math.floor(whole / DAY)}d${two(Math.floor((whole % DAY) / HOUR))}h`);
}
