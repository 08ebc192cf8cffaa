/**
 * The statements pane: pg_stat_statements as "what is expensive now" (rates over the last refresh)
 * or "since reset" (totals), with column sets for time, I/O, temp files and WAL.
 */
import { paneAction, paneState } from '../../state/panes';
import { STATEMENTS_PANE } from './pane';
import React from 'react';
import { dataOf } from '../../data/collector';
import { statementsCollector, statementsInfoCollector, type Statement, type StatementsInfo } from '../../data/collectors/statements';
import { duration } from '../../format';
import { safe, safeLine, safeMsg } from '../../text/sanitize';
import { explainSelectedStatement } from '../plan/open';
import type { AppState } from '../../state/store';
import { reconcileSelection, type TableState } from '../../state/ui';
import { orderOf, perSnapshot, tableFor } from '../../state/memo';
import type { Snapshot } from '../../data/collector';
import { tableCommands, type SubTable } from '../tableCommands';
import { viewContext, type ScreenContext, type ScreenDef, type ViewContext } from '../types';
import { STATEMENTS_LEGEND, statementColumns } from './columns';
import { shownSortColumns } from '../../components/table-layout';
import { STATEMENT_SORT_COLUMNS, statementsView, type StatementsUi, type StatementsView } from './model';
import { intervalRates, readingOf, type RateResult } from '../../data/statementRates';
import { StatementsScreen } from './StatementsScreen';

const TABLE = 'statements';
const INITIAL: TableState = { sortColumn: 'total', desc: true, filter: '', selected: null };
const STATEMENTS_TABLE: SubTable = { id: TABLE, initial: INITIAL, sortColumns: STATEMENT_SORT_COLUMNS };
const noRow = (ctx: ScreenContext) => (selectedStatement(ctx) ? undefined : 'no statement selected');

const memoRates = perSnapshot((snapshot: Snapshot | undefined, previous: Snapshot | undefined): RateResult => {
  const curr = readingOf(snapshot);
  const prev = readingOf(previous);
  // The same reading twice (a collector that did not re-run) is no interval at all.
  return curr ? intervalRates(prev && prev.at !== curr.at ? prev : undefined, curr) : { byKey: new Map(), totalExecMs: 0, gap: 'first' };
});
const memoView = perSnapshot((snapshot: Snapshot | undefined, rates: RateResult, sortColumn: string, desc: boolean, filter: string, st: StatementsUi) =>
  statementsView(dataOf(snapshot, statementsCollector) ?? [], rates, tableFor(sortColumn, desc, filter), st),
);

/** Rates once per (snapshot, previous); rows once per (rates, table state, pane options). */
export function viewOf(ctx: ViewContext): { view: StatementsView; rates: RateResult } {
  const { snapshot, previous, ui } = ctx.state;
  const rates = memoRates(snapshot, previous);
  const view = memoView(snapshot, rates, ...orderOf(ui.tables[TABLE] ?? statementsScreen.table!.initial), paneState(ui, STATEMENTS_PANE));
  return { view, rates };
}

export function selectedStatement(ctx: ScreenContext): Statement | undefined {
  const sel = ctx.state.ui.tables[TABLE]?.selected;
  return sel ? viewOf(ctx).view.rows.find((r) => r.key === sel)?.s : undefined;
}

function notesOf(ctx: ScreenContext, info: StatementsInfo | undefined): string[] {
  const { caps, ui } = ctx.state;
  const notes: string[] = [];
  const read = ctx.state.snapshot?.results.statements;
  if (read?.state === 'ok' && read.note) notes.push(read.note);
  if (info?.computeQueryId === 'off') notes.push('compute_query_id is off: nothing is recorded - ALTER SYSTEM SET compute_query_id = auto; SELECT pg_reload_conf();');
  if (info?.track === 'none') notes.push('pg_stat_statements.track is none: nothing is recorded');
  if (caps && !caps.readAllStats) notes.push(`role ${caps.currentUser} sees only its own statements' text - GRANT pg_read_all_stats TO ${caps.currentUser};`);
  if (info?.dealloc) notes.push(`${info.dealloc} entries evicted since the reset (pg_stat_statements.max = ${info.max ?? '?'}): figures of rarely run statements are incomplete`);
  if (paneState(ui, STATEMENTS_PANE).view === 'io' && info?.trackIoTiming === false) notes.push('track_io_timing is off: I/O times read zero');
  if (paneState(ui, STATEMENTS_PANE).mode === 'total' && info?.statsReset) {
    notes.push(`totals since ${new Date(info.statsReset * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC (${duration(ctx.nowMs / 1000 - info.statsReset, { ascii: false })} ago)`);
  }
  return notes;
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const { snapshot, ui, caps, previous } = ctx.state;
  const table = ui.tables[TABLE] ?? statementsScreen.table!.initial;
  const { view } = viewOf(ctx);
  const info = dataOf(snapshot, statementsInfoCollector);
  const curr = readingOf(snapshot);
  const prev = readingOf(previous);
  const intervalS = curr && prev && curr.at > prev.at ? (curr.at - prev.at) / 1000 : null;
  return (
    <StatementsScreen
      view={view}
      ui={paneState(ui, STATEMENTS_PANE)}
      result={snapshot?.results[statementsCollector.id]}
      info={info}
      table={table}
      blockSize={caps?.blockSize ?? 8192}
      intervalS={intervalS}
      width={ctx.width}
      height={ctx.height}
      notes={notesOf(ctx, info)}
    />
  );
}

export const statementsScreen: ScreenDef = {
  id: 'statements',
  title: 'Statements',
  command: 'screen.statements',
  collectors: [statementsCollector, statementsInfoCollector],
  table: {
    id: TABLE,
    initial: INITIAL,
    sortColumns: STATEMENT_SORT_COLUMNS,
    // Each column set shows some of the sort columns: walk those of the set on screen.
    shownSortColumns: (ctx) => {
      const st = paneState(ctx.state.ui, STATEMENTS_PANE);
      const columns = statementColumns({ mode: st.mode, view: st.view, blockSize: ctx.state.caps?.blockSize ?? 8192, ascii: false });
      return shownSortColumns(columns, ctx.width, STATEMENT_SORT_COLUMNS);
    },
  },
  rowKeys: (ctx) => viewOf(ctx).view.rows.map((r) => r.key),
  legend: STATEMENTS_LEGEND,
  derive: (state: AppState, now: number) =>
    reconcileSelection(state.ui, TABLE, statementsScreen.table!.initial, viewOf(viewContext(state, now)).view.rows.map((r) => r.key)),
  commands: {
    ...tableCommands({
      table: () => STATEMENTS_TABLE,
      rowKeys: (ctx) => viewOf(ctx).view.rows.map((r) => r.key),
      pageSize: (ctx) => ctx.height - 3,
      shownSortColumns: (ctx) => statementsScreen.table!.shownSortColumns!(ctx),
    }),
    'statements.nextView': { run: (ctx) => ctx.store.dispatch(paneAction(STATEMENTS_PANE, { type: 'nextView' })) },
    'statements.toggleMode': { run: (ctx) => ctx.store.dispatch(paneAction(STATEMENTS_PANE, { type: 'toggleMode' })) },
    'statements.toggleOwn': { run: (ctx) => ctx.store.dispatch(paneAction(STATEMENTS_PANE, { type: 'toggleOwn' })) },
    'statements.openQuery': {
      run(ctx) {
        const s = selectedStatement(ctx);
        if (!s) return;
        const raw = s.query ?? '';
        const title = safeMsg`queryid ${s.queryId ?? '?'} ${s.user}@${s.database} ${s.calls} calls`;
        ctx.store.dispatch({ type: 'open.viewer', title, text: safe(raw), raw });
      },
      disabledReason: noRow,
    },
    'statements.explain': { run: (ctx) => void explainSelectedStatement(ctx, selectedStatement(ctx)), disabledReason: noRow },
  },
  Component: Screen,
};
