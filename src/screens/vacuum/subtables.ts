/**
 * Shared table toolkit: the text filter, the sorter and the cursor keeper of the panes' tables.
 * The table commands themselves are screens/tableCommands.ts.
 */
import type { ScreenContext } from '../types';
import { tableStateOf, type SubTable } from '../tableCommands';

export { tableStateOf, type SubTable };

/**
 * A text filter: `/pattern/flags` is a regular expression (case-insensitive unless flags are
 * given), anything else a case-insensitive substring. An invalid pattern matches as plain text.
 */
export function textFilter(filter: string): (fields: readonly (string | null | undefined)[]) => boolean {
  const f = filter.trim();
  if (!f) return () => true;
  const m = /^\/(.*)\/([a-z]*)$/s.exec(f);
  if (m) {
    try {
      const re = new RegExp(m[1]!, m[2] || 'i');
      return (fields) => fields.some((v) => v != null && re.test(v));
    } catch {
      // fall through to a substring match
    }
  }
  const needle = f.toLowerCase();
  return (fields) => fields.some((v) => v != null && v.toLowerCase().includes(needle));
}

export type SortValue = number | string | null | undefined;

/**
 * Rows sorted on one key; missing values last whatever the direction, ties kept in input order
 * so rows do not shuffle between refreshes.
 */
export function sortRows<R>(rows: readonly R[], valueOf: (r: R) => SortValue, desc: boolean): R[] {
  const decorated = rows.map((r, i) => ({ r, k: valueOf(r), i }));
  decorated.sort((a, b) => {
    const an = a.k == null || (typeof a.k === 'number' && Number.isNaN(a.k));
    const bn = b.k == null || (typeof b.k === 'number' && Number.isNaN(b.k));
    if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1;
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
    return c !== 0 ? (desc ? -c : c) : a.i - b.i;
  });
  return decorated.map((d) => d.r);
}

/** Keeps a table's cursor on an existing row: the first one when it has none or its row left. */
export function keepSelection(ctx: ScreenContext, t: SubTable, keys: readonly string[]): void {
  const selected = tableStateOf(ctx, t).selected;
  if (keys.length && (selected === null || !keys.includes(selected))) {
    ctx.store.dispatch({ type: 'select', table: t.id, key: keys[0]!, initial: t.initial });
  }
}
