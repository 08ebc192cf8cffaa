/**
 * Screens that show more than one table (vacuum views, replication senders and slots) keep one
 * TableState per table and route the shared table commands (navigation, sort, filter) to the one
 * that has the cursor. The App knows one table per screen; these screens answer the table
 * commands in their onCommand with the right table's ViewInfo, and the reducer does the rest.
 */
import type { CommandId } from '../../keys/commands';
import type { TableState } from '../../state/ui';
import type { ScreenContext } from '../types';

/** One table of a screen: its UI id, initial state and the columns `<`/`>` walk through. */
export interface SubTable {
  id: string;
  initial: TableState;
  sortColumns: readonly string[];
}

const TABLE_COMMANDS: ReadonlySet<CommandId> = new Set<CommandId>([
  'nav.up',
  'nav.down',
  'nav.pageUp',
  'nav.pageDown',
  'nav.top',
  'nav.bottom',
  'sort.next',
  'sort.prev',
  'sort.invert',
  'filter.open',
  'filter.clear',
]);

/** The table's state, or its initial state before it was first used. */
export function tableStateOf(ctx: Pick<ScreenContext, 'state'>, t: SubTable): TableState {
  return ctx.state.ui.tables[t.id] ?? t.initial;
}

/** Sends a table command to `t`. True when `id` is a table command (handled). */
export function routeTableCommand(id: CommandId, ctx: ScreenContext, t: SubTable, rowKeys: readonly string[], pageSize: number): boolean {
  if (!TABLE_COMMANDS.has(id)) return false;
  ctx.store.dispatch({
    type: 'command',
    id,
    view: { table: t.id, initialTable: t.initial, rowKeys, pageSize: Math.max(1, pageSize), sortColumns: t.sortColumns },
  });
  return true;
}

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
