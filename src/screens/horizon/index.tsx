import React from 'react';
import { paneAction, paneState, withPane } from '../../state/panes';
import { ACTIVITY_PANE } from '../activity/pane';
import { HORIZON_PANE } from './pane';
import { dataOf } from '../../data/collector';
import { horizonCollector } from '../../data/collectors/horizon';
import { activityScreen } from '../activity';
import type { AppState } from '../../state/store';
import { reconcileSelection, type UiState } from '../../state/ui';
import { orderOf, perSnapshot, tableFor } from '../../state/memo';
import type { Snapshot } from '../../data/collector';
import { viewContext, type ScreenContext, type ScreenDef, type ViewContext } from '../types';
import { tableStateOf } from '../tables';
import { tableCommands } from '../tableCommands';
import { HORIZON_LEGEND, HorizonScreen } from './HorizonScreen';
import { HORIZON_TABLE, horizonRows, oldestHolder } from './model';
import { trusted } from '../../text/sanitize';

const memoRows = perSnapshot((snapshot: Snapshot | undefined, sortColumn: string, desc: boolean, filter: string, nowMs: number) =>
  horizonRows(dataOf(snapshot, horizonCollector) ?? [], tableFor(sortColumn, desc, filter), nowMs),
);

function rowsOf(ctx: ViewContext) {
  return memoRows(ctx.state.snapshot, ...orderOf(tableStateOf(ctx, HORIZON_TABLE)), ctx.nowMs);
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const rows = rowsOf(ctx);
  return (
    <HorizonScreen
      rows={rows}
      oldest={oldestHolder(dataOf(ctx.state.snapshot, horizonCollector) ?? [])}
      result={ctx.state.snapshot?.results.horizon}
      table={tableStateOf(ctx, HORIZON_TABLE)}
      nowMs={ctx.nowMs}
      width={ctx.width}
      height={ctx.height}
    />
  );
}

/**
 * Enter: the selected session in the activity pane, selected there. A walsender is a background
 * process, which the activity pane hides until asked.
 */
function jump(ctx: ScreenContext): void {
  const sel = rowsOf(ctx).find((h) => h.key === tableStateOf(ctx, HORIZON_TABLE).selected);
  if (!sel?.activityKey) {
    ctx.store.dispatch({ type: 'toast', text: trusted('not a session: nothing to show in the activity pane'), at: ctx.now() });
    return;
  }
  const ui = ctx.state.ui;
  const initial = activityScreen.table!.initial;
  if (sel.kind === 'standby' && !paneState(ui, ACTIVITY_PANE).showBackground) ctx.store.dispatch(paneAction(ACTIVITY_PANE, { type: 'toggle', which: 'showBackground' }));
  // The filter could hide it: the operator asked for this backend.
  ctx.store.dispatch({ type: 'select', table: activityScreen.table!.id, key: sel.activityKey, initial });
  if (ui.tables[activityScreen.table!.id]?.filter) ctx.store.dispatch({ type: 'filter.set', table: activityScreen.table!.id, initial, value: '' });
  ctx.store.dispatch({ type: 'screen', id: activityScreen.id });
}

/**
 * The selection, derived when data arrives. A jump from the problems list names a session; the
 * holders load once this pane shows. The derivation selects that session's row when they arrive,
 * or says it no longer holds the horizon; otherwise the cursor stays on a row that is listed.
 */
function derive(state: AppState, now: number): UiState {
  const ui = state.ui;
  const focus = paneState(ui, HORIZON_PANE).focus;
  const holders = dataOf(state.snapshot, horizonCollector);
  if (focus === null || !holders) return reconcileSelection(ui, HORIZON_TABLE.id, HORIZON_TABLE.initial, rowsOf(viewContext(state, now)).map((r) => r.key));
  const row = holders.find((h) => h.activityKey === focus);
  const cleared = withPane(ui, HORIZON_PANE, { focus: null });
  if (!row) return derive({ ...state, ui: { ...cleared, toast: { text: trusted('that session no longer holds the xmin horizon'), at: now } } }, now);
  const table = { ...(ui.tables[HORIZON_TABLE.id] ?? HORIZON_TABLE.initial), filter: '', selected: row.key, pinned: true };
  return { ...cleared, tables: { ...ui.tables, [HORIZON_TABLE.id]: table } };
}

/** The xmin horizon screen ('7', or x from the vacuum pane). */
export const horizonScreen: ScreenDef = {
  id: 'horizon',
  title: 'Xmin horizon',
  command: 'screen.horizon',
  collectors: [horizonCollector],
  rowKeys: (ctx) => rowsOf(ctx).map((r) => r.key),
  legend: HORIZON_LEGEND,
  derive,
  commands: {
    ...tableCommands({ table: () => HORIZON_TABLE, rowKeys: (ctx) => rowsOf(ctx).map((r) => r.key), pageSize: (ctx) => ctx.height - 5 }),
    'horizon.jump': { run: jump, disabledReason: (ctx) => (tableStateOf(ctx, HORIZON_TABLE).selected ? undefined : 'no row selected') },
  },
  Component: Screen,
};
