import React from 'react';
import type { AppEffects } from '../effects';
import { dataOf } from '../../data/collector';
import { exactBloat, exactBloatFixHint, fkIndexCollector, indexesCollector, tableBloatCollector, type RunQuery } from '../../data/collectors/bloat';
import { progressCollector } from '../../data/collectors/progress';
import { vacuumCollector, vacuumSettingsCollector } from '../../data/collectors/vacuum';
import { wraparoundCollector, wraparoundTablesCollector } from '../../data/collectors/wraparound';
import { classify } from '../../data/errors';
import { paneAction, paneState } from '../../state/panes';
import { VACUUM_PANE, type VacuumUiAction, type VacuumView } from './pane';
import { useTheme } from '../../components/theme';
import type { CommandHandler, CommandTable, ScreenContext, ScreenDef } from '../types';
import { tableDetail } from './detail';
import { VACUUM_LEGEND } from './columns';
import { ageRows, INDEXES_TABLE, indexRows, PROGRESS_TABLE, sortAges, sortIndexes, sortProgress, sortTables, tableRows, TABLES_TABLE, WRAPAROUND_TABLE } from './model';
import { rememberTableName } from './names';
import { keepSelection, tableStateOf, type SubTable } from '../tables';
import { tableCommands } from '../tableCommands';
import type { CommandId } from '../../keys/commands';
import { VacuumScreen } from './VacuumScreen';
import { trusted, type SafeText } from '../../text/sanitize';

const vacuumOf = (ctx: Pick<ScreenContext, 'state'>) => paneState(ctx.state.ui, VACUUM_PANE);
const vac = (ctx: ScreenContext, a: VacuumUiAction) => ctx.store.dispatch(paneAction(VACUUM_PANE, a));

const TABLE_OF: Record<VacuumView, SubTable> = { tables: TABLES_TABLE, indexes: INDEXES_TABLE, progress: PROGRESS_TABLE, wraparound: WRAPAROUND_TABLE };

const activeTable = (ctx: ScreenContext): SubTable => TABLE_OF[vacuumOf(ctx).view];

interface Rows {
  view: VacuumView;
  keys: string[];
  tables: ReturnType<typeof sortTables>;
  indexes: ReturnType<typeof sortIndexes>;
  progress: ReturnType<typeof sortProgress>;
  ages: ReturnType<typeof sortAges>;
}

// One computation per (snapshot, view, table state): row keys and render share it.
let memo: { key: unknown[]; rows: Rows } | undefined;
export function rowsOf(ctx: ScreenContext): Rows {
  const { snapshot, ui, caps } = ctx.state;
  const view = paneState(ui, VACUUM_PANE).view;
  const t = tableStateOf(ctx, TABLE_OF[view]);
  const key = [snapshot, view, t];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.rows;
  const empty: Rows = { view, keys: [], tables: [], indexes: [], progress: [], ages: [] };
  let rows: Rows = empty;
  if (view === 'tables') {
    const stats = dataOf(snapshot, vacuumCollector) ?? [];
    for (const s of stats) rememberTableName(String(s.relid), `${s.schema}.${s.name}`);
    const tables = sortTables(tableRows(stats, dataOf(snapshot, tableBloatCollector) ?? [], caps?.blockSize ?? 8192), t);
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
  memo = { key, rows };
  return rows;
}

/** The statement runner on the action connection, when the App provides one. */
const lookupOf = (effects: AppEffects): RunQuery | undefined => (effects as AppEffects & { lookup?: RunQuery }).lookup;

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
  const keys = rows.keys.join('\n');
  React.useEffect(() => keepSelection(ctx, sub, rows.keys), [keys, sub.id]);
  const settings = dataOf(snapshot, vacuumSettingsCollector);
  const selected = rows.view === 'tables' ? rows.tables.find((r) => r.key === table.selected) : undefined;
  const detail = selected
    ? tableDetail(selected, {
        settings,
        exact: paneState(ui, VACUUM_PANE).exact[selected.stats.relid],
        confirming: paneState(ui, VACUUM_PANE).confirmExact === selected.stats.relid,
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

/** `e` on the tables view: first press asks, second runs pgstattuple on the action connection. */
function exactCommand(ctx: ScreenContext): void {
  const rows = rowsOf(ctx);
  const { ui, caps, snapshot } = ctx.state;
  if (rows.view !== 'tables') return;
  const sel = rows.tables.find((r) => r.key === tableStateOf(ctx, TABLES_TABLE).selected);
  if (!sel) return;
  const relid = sel.stats.relid;
  const schema = dataOf(snapshot, vacuumSettingsCollector)?.pgstattupleSchema;
  const toast = (text: SafeText) => ctx.store.dispatch({ type: 'toast', text, at: ctx.now() });
  if (!schema) return toast(trusted('pgstattuple is not installed in this database: CREATE EXTENSION pgstattuple;'));
  const run = lookupOf(ctx.effects);
  if (!run || !caps) return toast(trusted('exact figures need the action connection, which is not available here'));
  if (paneState(ui, VACUUM_PANE).confirmExact !== relid) {
    vac(ctx, { type: 'confirmExact', relid });
    return;
  }
  if (paneState(ui, VACUUM_PANE).exact[relid]?.state === 'running') return;
  vac(ctx, { type: 'exact', relid, exact: { state: 'running', at: ctx.now() } });
  exactBloat(run, relid, schema, caps.major).then(
    (result) => vac(ctx, { type: 'exact', relid, exact: { state: 'done', result, at: ctx.now() } }),
    (err: unknown) => {
      const f = classify(err);
      const hint = exactBloatFixHint(f, caps.currentUser);
      vac(ctx, { type: 'exact', relid, exact: { state: 'failed', error: f.message, ...(hint ? { hint } : {}), at: ctx.now() } });
    },
  );
}

/** Moving the cursor forgets a pending exact-bloat confirmation: it was for the other table. */
function navForgetsExact(table: CommandTable): CommandTable {
  const out: CommandTable = { ...table };
  for (const [id, h] of Object.entries(table) as [CommandId, CommandHandler][]) {
    if (!id.startsWith('nav.')) continue;
    out[id] = {
      ...h,
      run(ctx) {
        if (vacuumOf(ctx).confirmExact !== null) vac(ctx, { type: 'confirmExact', relid: null });
        h.run(ctx);
      },
    };
  }
  return out;
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
  commands: {
    ...navForgetsExact(tableCommands({ table: activeTable, rowKeys: (ctx) => rowsOf(ctx).keys, pageSize: (ctx) => ctx.height - 8 })),
    'vacuum.nextView': { run: (ctx) => vac(ctx, { type: 'nextView' }) },
    'vacuum.exact': { run: exactCommand, disabledReason: (ctx) => (vacuumOf(ctx).view === 'tables' ? undefined : 'exact bloat is for tables: v to the tables view') },
    'vacuum.cancel': { run: (ctx) => vac(ctx, { type: 'confirmExact', relid: null }) },
    'vacuum.horizon': { run: (ctx) => ctx.store.dispatch({ type: 'screen', id: 'horizon' }) },
  },
  Component: Screen,
};
