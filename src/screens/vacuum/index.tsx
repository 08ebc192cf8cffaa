import React from 'react';
import type { AppEffects } from '../effects';
import { dataOf } from '../../data/collector';
import { fkIndexCollector, indexesCollector, tableBloatCollector } from '../../data/collectors/bloat';
import { bytes } from '../../format';
import { askExact } from './exact';
import { progressCollector } from '../../data/collectors/progress';
import { vacuumCollector, vacuumSettingsCollector } from '../../data/collectors/vacuum';
import { wraparoundCollector, wraparoundTablesCollector } from '../../data/collectors/wraparound';
import type { UiState } from '../../state/ui';
import { paneAction, paneState } from '../../state/panes';
import { VACUUM_PANE, type VacuumUiAction, type VacuumView } from './pane';
import { useTheme } from '../../components/theme';
import type { Snapshot } from '../../data/collector';
import type { AppState } from '../../state/store';
import { orderOf, perSnapshot, tableFor } from '../../state/memo';
import { reconcileSelection } from '../../state/ui';
import { viewContext, type ScreenContext, type ScreenDef, type ViewContext } from '../types';
import { tableDetail } from './detail';
import { VACUUM_LEGEND } from './columns';
import { ageRows, INDEXES_TABLE, indexRows, PROGRESS_TABLE, sortAges, sortIndexes, sortProgress, sortTables, tableRows, TABLES_TABLE, WRAPAROUND_TABLE } from './model';
import { tableStateOf, type SubTable } from '../tables';
import { tableCommands } from '../tableCommands';
import { VacuumScreen } from './VacuumScreen';
import { trusted, type SafeText } from '../../text/sanitize';

const vacuumOf = (ctx: Pick<ScreenContext, 'state'>) => paneState(ctx.state.ui, VACUUM_PANE);
const vac = (ctx: ScreenContext, a: VacuumUiAction) => ctx.store.dispatch(paneAction(VACUUM_PANE, a));

const TABLE_OF: Record<VacuumView, SubTable> = { tables: TABLES_TABLE, indexes: INDEXES_TABLE, progress: PROGRESS_TABLE, wraparound: WRAPAROUND_TABLE };

const activeTable = (ctx: Pick<ScreenContext, 'state'>): SubTable => TABLE_OF[vacuumOf(ctx).view];

/** The table (relid as text) the charts follow: the one selected in the tables view. */
export const chartedTable = (ui: UiState): string | null => ui.tables[TABLES_TABLE.id]?.selected ?? null;

interface Rows {
  view: VacuumView;
  keys: string[];
  tables: ReturnType<typeof sortTables>;
  indexes: ReturnType<typeof sortIndexes>;
  progress: ReturnType<typeof sortProgress>;
  ages: ReturnType<typeof sortAges>;
}

// One computation per (snapshot, view, table state): the derivation, row keys and render share it.
const memoRows = perSnapshot((snapshot: Snapshot | undefined, view: VacuumView, sortColumn: string, desc: boolean, filter: string, blockSize: number): Rows => {
  const t = tableFor(sortColumn, desc, filter);
  const empty: Rows = { view, keys: [], tables: [], indexes: [], progress: [], ages: [] };
  let rows: Rows = empty;
  if (view === 'tables') {
    const stats = dataOf(snapshot, vacuumCollector) ?? [];
    const tables = sortTables(tableRows(stats, dataOf(snapshot, tableBloatCollector) ?? [], blockSize), t);
    rows = { ...empty, tables, keys: tables.map((r) => r.key) };
  } else if (view === 'indexes') {
    const indexes = sortIndexes(indexRows(dataOf(snapshot, indexesCollector) ?? [], dataOf(snapshot, fkIndexCollector) ?? []), t);
    rows = { ...empty, indexes, keys: indexes.map((r) => r.key) };
  } else if (view === 'progress') {
    const progress = sortProgress(dataOf(snapshot, progressCollector) ?? [], t);
    rows = { ...empty, progress, keys: progress.map((r) => r.key) };
  } else {
    const ages = sortAges(ageRows(dataOf(snapshot, wraparoundCollector) ?? [], dataOf(snapshot, wraparoundTablesCollector) ?? []), t);
    rows = { ...empty, ages, keys: ages.map((r) => r.key) };
  }
  return rows;
});
export function rowsOf(ctx: ViewContext): Rows {
  const { snapshot, ui, caps } = ctx.state;
  return memoRows(snapshot, paneState(ui, VACUUM_PANE).view, ...orderOf(tableStateOf(ctx, activeTable(ctx))), caps?.blockSize ?? 8192);
}

/** The selection of the view shown, derived when data arrives: a listed row, the worst at first. */
function derive(state: AppState, now: number): UiState {
  const sub = activeTable({ state });
  return reconcileSelection(state.ui, sub.id, sub.initial, rowsOf(viewContext(state, now)).keys);
}

function settingsLine(ctx: ScreenContext): SafeText {
  const s = dataOf(ctx.state.snapshot, vacuumSettingsCollector);
  if (!s) return trusted('');
  const parts = [
    `autovacuum ${s.autovacuum ? 'on' : 'OFF'}${s.trackCounts ? '' : ' (track_counts off: no statistics!)'}`,
    `workers ${s.workersRunning}/${s.maxWorkers}`,
    `naptime ${s.naptimeS}s`,
    `vacuum at ${s.vacuumThreshold} + ${s.vacuumScaleFactor} x rows`,
    `freeze at ${Math.round(s.freezeMaxAge / 1e6)}M xids`,
  ];
  // Flags and numbers the collector parsed: no server text.
  return trusted(parts.join(', '));
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const { snapshot, ui, history } = ctx.state;
  const theme = useTheme();
  const rows = rowsOf(ctx);
  const sub = activeTable(ctx);
  const table = tableStateOf(ctx, sub);
  const settings = dataOf(snapshot, vacuumSettingsCollector);
  const selected = rows.view === 'tables' ? rows.tables.find((r) => r.key === table.selected) : undefined;
  const detail = selected
    ? tableDetail(selected, {
        settings,
        exact: paneState(ui, VACUUM_PANE).exact[selected.stats.relid],
        readOnly: ctx.readOnly,
        nowMs: ctx.now(),
        ascii: !theme.unicode,
      })
    : [];
  const deadSeries = selected ? history.deadTuples.get(selected.key) : undefined;
  const results = {
    tables: [snapshot?.results.vacuum, snapshot?.results.tablebloat],
    indexes: [snapshot?.results.indexes, snapshot?.results.fkindex],
    progress: [snapshot?.results.progress],
    wraparound: [snapshot?.results.wraparound, snapshot?.results.wraparound_tables],
  }[rows.view];
  return (
    <VacuumScreen
      view={rows.view}
      settingsLine={settingsLine(ctx)}
      results={results}
      table={table}
      tables={rows.tables}
      indexes={rows.indexes}
      progress={rows.progress}
      ages={rows.ages}
      detail={detail}
      deadSeries={selected && deadSeries ? { name: selected.qualified, series: deadSeries } : undefined}
      charts={ui.charts}
      thresholds={ctx.state.thresholds}
      nowMs={ctx.nowMs}
      width={ctx.width}
      height={ctx.height}
    />
  );
}

/** `e` on the tables view: asks (the App's confirmation) to read the selected table with pgstattuple. */
function exactCommand(ctx: ScreenContext): void {
  const rows = rowsOf(ctx);
  if (rows.view !== 'tables') return;
  const sel = rows.tables.find((r) => r.key === tableStateOf(ctx, TABLES_TABLE).selected);
  askExact(ctx, sel && { relid: sel.stats.relid, table: sel.qualified, size: bytes(sel.sizeBytes) });
}

/** The vacuum and bloat pane ('5'): tables, indexes, running maintenance, wraparound. */
export const vacuumScreen: ScreenDef = {
  id: 'vacuum',
  title: 'Vacuum & bloat',
  command: 'screen.vacuum',
  collectors: [
    vacuumCollector,
    vacuumSettingsCollector,
    tableBloatCollector,
    indexesCollector,
    fkIndexCollector,
    progressCollector,
    wraparoundCollector,
    wraparoundTablesCollector,
  ],
  rowKeys: (ctx) => rowsOf(ctx).keys,
  legend: VACUUM_LEGEND,
  derive,
  commands: {
    ...tableCommands({ table: activeTable, rowKeys: (ctx) => rowsOf(ctx).keys, pageSize: (ctx) => ctx.height - 8 }),
    'vacuum.nextView': { run: (ctx) => vac(ctx, { type: 'nextView' }) },
    'vacuum.exact': { run: exactCommand, disabledReason: (ctx) => (vacuumOf(ctx).view === 'tables' ? undefined : 'exact bloat is for tables: v to the tables view') },
    'vacuum.horizon': { run: (ctx) => ctx.store.dispatch({ type: 'screen', id: 'horizon' }) },
  },
  Component: Screen,
};
