/** Points in time, in the viewer's local time zone. */
import { trusted, type SafeText } from '../text/sanitize';
import { duration } from './duration';
import { missing, type FormatOptions } from './options';

const two = (n: number): string => String(n).padStart(2, '0');

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A short local time: `HH:MM:SS` for today, `MM-DD HH:MM` for another day this year,
 * `YYYY-MM-DD` for another year (a backend started before New Year). "Today" is the viewer's
 * calendar day of `now`; pass the snapshot's server time so every cell of a tick agrees.
 */
export function timestamp(
  value: string | number | Date | null | undefined,
  now: Date,
  opts: FormatOptions = {},
): SafeText {
  const d = toDate(value);
  if (!d) return missing(opts);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  if (d.getFullYear() !== now.getFullYear()) {
    return trusted(`${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`);
  }
  if (d.getMonth() !== now.getMonth() || d.getDate() !== now.getDate()) {
    return trusted(`${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`);
  }
  return trusted(`${time}:${two(d.getSeconds())}`);
}

/**
 * Time elapsed from `value` to `now` as a `duration`: `12s`, `3m05s`. A time after `now` (the
 * client's clock ahead of the server's) shows as `0s`.
 */
export function ago(value: string | number | Date | null | undefined, now: Date, opts: FormatOptions = {}): SafeText {
  const d = toDate(value);
  if (!d) return missing(opts);
  return duration((now.getTime() - d.getTime()) / 1000, opts);
}
