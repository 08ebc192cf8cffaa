/**
 * The table commands (move, sort, filter) as a command table for one table of a screen. Screens
 * that show several tables (vacuum views, replication senders and slots) pass the one that has the
 * cursor; the App knows no table.
 */
import type { CommandId } from '../keys/commands';
import type { Action, TableState } from '../state/ui';
import type { CommandTable, ScreenContext } from './types';

/** One table of a screen: its UI id, initial state and the columns `<`/`>` walk through. */
export interface SubTable {
  id: string;
  initial: TableState;
  sortColumns: readonly string[];
}

/** Where a screen's table commands go, read when a key arrives. */
export interface TableBinding {
  /** The table with the cursor now. */
  table(ctx: ScreenContext): SubTable;
  rowKeys(ctx: ScreenContext): readonly string[];
  /** Rows the table body shows at most (page up / down). */
  pageSize(ctx: ScreenContext): number;
  /** The sort columns shown at this width (narrow terminals drop columns); the table's all when absent. */
  shownSortColumns?(ctx: ScreenContext): readonly string[];
}

/** The table's state, or its initial state before it was first used. */
export function tableStateOf(ctx: Pick<ScreenContext, 'state'>, t: SubTable): TableState {
  return ctx.state.ui.tables[t.id] ?? t.initial;
}

const MOVES = {
  'nav.up': -1,
  'nav.down': 1,
  'nav.pageUp': 'pageUp',
  'nav.pageDown': 'pageDown',
  'nav.top': 'top',
  'nav.bottom': 'bottom',
} as const satisfies Partial<Record<CommandId, number | string>>;

/** The cursor one row down on a table: after tagging, as mc and pg_activity do. */
export function moveDown(t: SubTable, rowKeys: readonly string[]): Action {
  return { type: 'table.move', table: t.id, initial: t.initial, rowKeys, delta: 1 };
}

export function tableCommands(b: TableBinding): CommandTable {
  const out: CommandTable = {};
  for (const [id, m] of Object.entries(MOVES) as [keyof typeof MOVES, (typeof MOVES)[keyof typeof MOVES]][]) {
    out[id] = {
      run(ctx) {
        const t = b.table(ctx);
        // A page moves by one row less than it shows, so the last row stays in sight.
        const page = Math.max(1, b.pageSize(ctx) - 1);
        const delta = m === 'pageUp' ? -page : m === 'pageDown' ? page : m;
        ctx.store.dispatch({ type: 'table.move', table: t.id, initial: t.initial, rowKeys: b.rowKeys(ctx), delta });
      },
    };
  }
  const sort = (dir: 1 | -1) => ({
    run(ctx: ScreenContext) {
      const t = b.table(ctx);
      const columns = (b.shownSortColumns?.(ctx) ?? t.sortColumns).filter((c) => !ctx.hiddenColumns?.includes(c));
      ctx.store.dispatch({ type: 'table.sort', table: t.id, initial: t.initial, columns, dir });
    },
    disabledReason: (ctx: ScreenContext) => (b.table(ctx).sortColumns.length ? undefined : 'this table has one order'),
  });
  out['sort.next'] = sort(1);
  out['sort.prev'] = sort(-1);
  out['sort.invert'] = {
    run: (ctx) => ctx.store.dispatch({ type: 'table.invert', table: b.table(ctx).id, initial: b.table(ctx).initial }),
    disabledReason: (ctx) => (b.table(ctx).sortColumns.length ? undefined : 'this table has one order'),
  };
  out['filter.open'] = { run: (ctx) => ctx.store.dispatch({ type: 'filter.open', table: b.table(ctx).id, initial: b.table(ctx).initial }) };
  out['filter.clear'] = { run: (ctx) => ctx.store.dispatch({ type: 'filter.set', table: b.table(ctx).id, initial: b.table(ctx).initial, value: '' }) };
  return out;
}
