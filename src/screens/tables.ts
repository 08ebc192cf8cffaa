/**
 * The panes' table toolkit: the one text filter and the one sorter every table's rows go through.
 * Their selection is derived in the store (state/ui.ts reconcileSelection); the table commands
 * themselves are screens/tableCommands.ts.
 */
import { tableStateOf, type SubTable } from './tableCommands';

export { tableStateOf, type SubTable };

/** A compiled text filter: true when one of a row's fields matches. */
export interface TextFilter {
  (fields: readonly (string | null | undefined)[]): boolean;
  /** Set when the /regex/ did not compile; the filter then matches it as plain text. */
  error?: string;
}

/**
 * The text filter of every table: `/pattern/flags` is a regular expression (case-insensitive
 * unless flags are given), anything else a case-insensitive substring. An invalid pattern
 * matches as plain text and says why in `error`.
 */
export function textFilter(filter: string): TextFilter {
  const f = filter.trim();
  if (!f) return () => true;
  const needle = f.toLowerCase();
  const substring: TextFilter = (fields) => fields.some((v) => v != null && v.toLowerCase().includes(needle));
  const m = /^\/(.*)\/([a-z]*)$/s.exec(f);
  if (!m) return substring;
  try {
    // g and y make test() stateful (it resumes at lastIndex): one row's match would hide the next.
    const re = new RegExp(m[1]!, (m[2] || 'i').replace(/[gy]/g, ''));
    return (fields) => fields.some((v) => v != null && re.test(v));
  } catch (e) {
    return Object.assign(substring, { error: `invalid regular expression: ${(e as Error).message}` });
  }
}

export type SortValue = number | string | null | undefined;

const missing = (v: SortValue): boolean => v == null || (typeof v === 'number' && Number.isNaN(v));

/**
 * Rows sorted on one key: numbers by value, text by locale; missing values last whatever the
 * direction; ties broken by `tiebreak` (input order by default) so rows do not shuffle between
 * refreshes. Keys are computed once per row and an index array is sorted by them: no object per
 * row, which at thousands of backends per refresh is garbage the frame would pay for.
 */
export function sortRows<R>(rows: readonly R[], valueOf: (r: R) => SortValue, desc: boolean, tiebreak?: (a: R, b: R) => number): R[] {
  const keys = rows.map(valueOf);
  const order = Array.from({ length: rows.length }, (_, i) => i);
  const tie = (i: number, j: number) => (tiebreak ? tiebreak(rows[i]!, rows[j]!) || i - j : i - j);
  order.sort((i, j) => {
    const x = keys[i];
    const y = keys[j];
    const xn = missing(x);
    const yn = missing(y);
    if (xn || yn) return xn === yn ? tie(i, j) : xn ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? (desc ? -c : c) : tie(i, j);
  });
  return order.map((i) => rows[i]!);
}
