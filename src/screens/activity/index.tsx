import React from 'react';
import { paneAction, paneState } from '../../state/panes';
import { ACTIVITY_PANE, type ActivityUi } from './pane';
import { dataOf } from '../../data/collector';
import { activityCollector, activityCollectorFor, type Backend } from '../../data/collectors/activity';
import { safe, safeLine, safeMsg } from '../../text/sanitize';
import type { AppState } from '../../state/store';
import { reconcileSelection, type TableState } from '../../state/ui';
import { orderOf, perSnapshot, tableFor } from '../../state/memo';
import type { Snapshot } from '../../data/collector';
import { viewContext, type ScreenContext, type ScreenDef, type ViewContext } from '../types';
import { ActivityScreen } from './ActivityScreen';
import { ACTIVITY_LEGEND, ACTIVITY_SORT_COLUMNS, activityColumns } from './columns';
import { shownSortColumns } from '../../components/table-layout';
import { activityView, type ActivityView } from './model';
import { explainSelectedBackend } from '../plan/open';
import { activityActionCommands } from './actions';
import { tableCommands, type SubTable } from '../tableCommands';

const TABLE = 'activity';
const INITIAL: TableState = { sortColumn: 'xact', desc: true, filter: '', selected: null };
const ACTIVITY_TABLE: SubTable = { id: TABLE, initial: INITIAL, sortColumns: ACTIVITY_SORT_COLUMNS };
const noRow = (ctx: ScreenContext) => (selectedBackend(ctx) ? undefined : 'no backend selected');

// One computation per (snapshot, table state, toggles): the store's derivation, the App's row keys
// and the screen's rows all get the same array.
const memoView = perSnapshot((snapshot: Snapshot | undefined, sortColumn: string, desc: boolean, filter: string, toggles: ActivityUi, nowMs: number) =>
  activityView(dataOf(snapshot, activityCollector) ?? [], tableFor(sortColumn, desc, filter), toggles, nowMs),
);
export function viewOf(ctx: ViewContext): ActivityView {
  const { snapshot, ui } = ctx.state;
  return memoView(snapshot, ...orderOf(ui.tables[TABLE] ?? activityScreen.table!.initial), paneState(ui, ACTIVITY_PANE), ctx.nowMs);
}

export function selectedBackend(ctx: ScreenContext): Backend | undefined {
  const sel = ctx.state.ui.tables[TABLE]?.selected;
  return sel ? viewOf(ctx).rows.find((r) => r.key === sel) : undefined;
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const { caps, snapshot, ui } = ctx.state;
  const table = ui.tables[TABLE] ?? activityScreen.table!.initial;
  const view = viewOf(ctx);
  return (
    <ActivityScreen
      view={view}
      result={snapshot?.results.activity}
      table={table}
      nowMs={ctx.nowMs}
      width={ctx.width}
      height={ctx.height}
      tagged={ui.tagged[TABLE]}
      thresholds={ctx.state.thresholds}
      privilegeNote={
        caps && !caps.readAllStats
          ? `role ${safeLine(caps.currentUser)} sees only its own queries (<insufficient privilege>) - fix: GRANT pg_monitor TO ${safeLine(caps.currentUser)};`
          : undefined
      }
    />
  );
}

export const activityScreen: ScreenDef = {
  id: 'activity',
  title: 'Activity',
  command: 'screen.activity',
  collectors: [activityCollector],
  // Details only for the rows the pane shows: idle sessions and background processes when switched on.
  scopedCollectors: (ui) => {
    const o = paneState(ui, ACTIVITY_PANE);
    return [activityCollectorFor({ idle: o.showIdle, background: o.showBackground })];
  },
  table: {
    id: TABLE,
    initial: INITIAL,
    sortColumns: ACTIVITY_SORT_COLUMNS,
    shownSortColumns: (ctx) => {
      const tagged = ctx.state.ui.tagged[TABLE];
      const columns = activityColumns({ nowMs: ctx.nowMs, ascii: false, tagged: tagged?.length ? new Set(tagged) : undefined });
      return shownSortColumns(columns, ctx.width, ACTIVITY_SORT_COLUMNS);
    },
  },
  rowKeys: (ctx) => viewOf(ctx).rows.map((r) => r.key),
  legend: ACTIVITY_LEGEND,
  // The selection is derived with the rows: the first row at start, the first match after a filter.
  derive: (state: AppState, now: number) =>
    reconcileSelection(state.ui, TABLE, activityScreen.table!.initial, viewOf(viewContext(state, now)).rows.map((r) => r.key)),
  commands: {
    ...tableCommands({
      table: () => ACTIVITY_TABLE,
      rowKeys: (ctx) => viewOf(ctx).rows.map((r) => r.key),
      pageSize: (ctx) => ctx.height - 3,
      shownSortColumns: (ctx) => activityScreen.table!.shownSortColumns!(ctx),
    }),
    ...activityActionCommands({ table: TABLE, initial: INITIAL, rowKeys: (c) => viewOf(c).rows.map((r) => r.key) }),
    'activity.toggleIdle': { run: (ctx) => ctx.store.dispatch(paneAction(ACTIVITY_PANE, { type: 'toggle', which: 'showIdle' })) },
    'activity.toggleBackground': { run: (ctx) => ctx.store.dispatch(paneAction(ACTIVITY_PANE, { type: 'toggle', which: 'showBackground' })) },
    'activity.explain': { run: (ctx) => void explainSelectedBackend(ctx, selectedBackend(ctx)), disabledReason: noRow },
    'activity.openQuery': {
      run(ctx) {
        const b = selectedBackend(ctx);
        if (!b) return;
        const raw = b.query ?? '';
        const title = safeMsg`pid ${b.pid} ${b.user}@${b.database} ${b.state}`;
        ctx.store.dispatch({ type: 'open.viewer', title, text: safe(raw), raw });
      },
      disabledReason: noRow,
    },
  },
  Component: Screen,
};
