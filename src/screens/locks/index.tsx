import React from 'react';
import { paneAction, paneState, withPane } from '../../state/panes';
import { LOCKS_PANE } from './pane';
import type { BackendAdapter } from '../../actions/commands';
import { backendCommands } from '../backendCommands';
import { moveDown, tableCommands, type SubTable } from '../tableCommands';
import { dataOf } from '../../data/collector';
import { lockSummaryCollector, locksCollector } from '../../data/collectors/locks';
import { safe, safeLine, safeMsg, trusted } from '../../text/sanitize';
import type { AppState } from '../../state/store';
import { reconcileSelection, type UiState } from '../../state/ui';
import { perSnapshot } from '../../state/memo';
import type { Snapshot } from '../../data/collector';
import { viewContext, type ScreenContext, type ScreenDef, type ViewContext } from '../types';
import { LOCKS_LEGEND } from './columns';
import { LocksScreen } from './LocksScreen';
import { locksView, rootRowFor, targetOf, type LocksView } from './model';

const TABLE = 'locks';
const SCREEN = 'locks';
const LOCKS_TABLE: SubTable = { id: TABLE, initial: { sortColumn: '', desc: false, filter: '', selected: null }, sortColumns: [] };
const rowKeysOf = (ctx: ScreenContext) => viewOf(ctx).rows.map((r) => r.tree.key);

// One computation per (snapshot, filter): the store's derivation, the App's row keys and the
// screen's rows all get the same array.
const memoView = perSnapshot((snapshot: Snapshot | undefined, filter: string, nowMs: number) => locksView(dataOf(snapshot, locksCollector) ?? [], nowMs, filter));
export function viewOf(ctx: ViewContext): LocksView {
  return memoView(ctx.state.snapshot, ctx.state.ui.tables[TABLE]?.filter ?? '', ctx.nowMs);
}

function selectedRow(ctx: ScreenContext) {
  const sel = ctx.state.ui.tables[TABLE]?.selected;
  return sel ? viewOf(ctx).byKey.get(sel) : undefined;
}

const adapter: BackendAdapter<ScreenContext> = {
  screen: SCREEN,
  selected: (ctx) => selectedRow(ctx)?.node.key,
  target(ctx, key) {
    const row = viewOf(ctx).rows.find((r) => r.node.key === key);
    return row ? targetOf(row, ctx.nowMs) : undefined;
  },
  next: (ctx) => ctx.store.dispatch(moveDown(LOCKS_TABLE, rowKeysOf(ctx))),
  ownPids: (ctx) => viewOf(ctx).rows.filter((r) => r.node.own).map((r) => r.node.pid),
};

function Screen(ctx: ScreenContext): React.ReactElement {
  const { caps, snapshot, ui } = ctx.state;
  const table = ui.tables[TABLE] ?? locksScreen.table!.initial;
  const view = viewOf(ctx);
  const result = snapshot?.results.locks;
  return (
    <LocksScreen
      view={view}
      mode={paneState(ui, LOCKS_PANE).view}
      result={result}
      summary={dataOf(snapshot, lockSummaryCollector) ?? []}
      summaryResult={snapshot?.results[lockSummaryCollector.id]}
      table={table}
      nowMs={ctx.nowMs}
      width={ctx.width}
      height={ctx.height}
      tagged={ui.tagged[SCREEN]}
      privilegeNote={
        caps && !caps.readAllStats
          ? `role ${safeLine(caps.currentUser)} sees only its own backends' waits - fix: GRANT pg_monitor TO ${safeLine(caps.currentUser)};`
          : undefined
      }
    />
  );
}

/**
 * The selection, derived when data arrives. A jump from the activity pane lands on the root the
 * backend waits behind once a tree taken while this pane shows has arrived; otherwise the cursor
 * stays on a row that exists.
 */
function derive(state: AppState, now: number): UiState {
  const ui = state.ui;
  const view = viewOf(viewContext(state, now));
  const initial = locksScreen.table!.initial;
  const pane = paneState(ui, LOCKS_PANE);
  const focus = pane.focusPid;
  if (focus !== null && state.snapshot?.results.locks) {
    const root = rootRowFor(view, focus);
    const cleared = withPane(ui, LOCKS_PANE, { ...pane, focusPid: null });
    if (!root) return { ...cleared, toast: { text: trusted(`pid ${focus} no longer waits for a lock nor blocks anyone`), at: now } };
    const text = trusted(root.tree.pid === focus ? `pid ${focus} is a root blocker` : `pid ${focus} waits behind root blocker pid ${root.tree.pid}`);
    const table = { ...(ui.tables[TABLE] ?? initial), selected: root.tree.key, pinned: true };
    return { ...cleared, toast: { text, at: now }, tables: { ...ui.tables, [TABLE]: table } };
  }
  return reconcileSelection(ui, TABLE, initial, view.rows.map((r) => r.tree.key));
}

export const locksScreen: ScreenDef = {
  id: SCREEN,
  title: 'Locks',
  command: 'screen.locks',
  collectors: [locksCollector, lockSummaryCollector],
  table: LOCKS_TABLE,
  rowKeys: rowKeysOf,
  legend: LOCKS_LEGEND,
  derive,
  commands: {
    ...tableCommands({ table: () => LOCKS_TABLE, rowKeys: rowKeysOf, pageSize: (ctx) => ctx.height - 3 }),
    ...backendCommands(adapter),
    'locks.toggleView': { run: (ctx) => ctx.store.dispatch(paneAction(LOCKS_PANE, { type: 'toggleView' })) },
    'locks.openQuery': {
      run(ctx) {
        const n = selectedRow(ctx)?.node;
        if (!n) return;
        const raw = n.query ?? '';
        ctx.store.dispatch({ type: 'open.viewer', title: safeMsg`pid ${n.pid} ${n.user}@${n.database} ${n.state}`, text: safe(raw), raw });
      },
      disabledReason: (ctx) => (selectedRow(ctx) ? undefined : 'no backend selected'),
    },
  },
  Component: Screen,
};
