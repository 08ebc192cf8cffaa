/** WAL positions. */
import { safeLine, type SafeText } from '../text/sanitize';
import { missing, type FormatOptions } from './options';

/**
 * A pg_lsn as the server prints it (`16/B374D848`). It stays text: as a number it would need
 * 64 bits, and the server's own form is what a DBA compares with pg_current_wal_lsn().
 * It goes through `safeLine` all the same, since it is server text.
 */
export function lsn(value: string | null | undefined, opts: FormatOptions = {}): SafeText {
  if (value === null || value === undefined || value === '') return missing(opts);
  return safeLine(value);
}
