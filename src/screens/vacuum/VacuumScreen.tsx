import React, { useMemo } from 'react';
import { Box } from 'ink';
import { FitText, withFilter } from '../../components/FitText';
import { Chart, type ChartSeries } from '../../components/Chart';
import { PaneStatus } from '../../components/PaneStatus';
import { Table } from '../../components/Table';
import { useTheme, type Tone } from '../../components/theme';
import type { CollectorResult } from '../../data/collector';
import type { Progress } from '../../data/collectors/progress';
import { count } from '../../format';
import type { TableState } from '../../state/ui';
import { VACUUM_VIEWS, type VacuumView } from './pane';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';
import { ageColumns, indexColumns, progressColumns, tableColumns } from './columns';
import type { Thresholds } from '../../problems/thresholds';
import type { DetailLine } from './detail';
import type { AgeRow, IndexRow, TableRow } from './model';

export interface VacuumScreenProps {
  view: VacuumView;
  /** Summary of the server's autovacuum settings (our own text). */
  settingsLine: SafeText;
  results: (CollectorResult | undefined)[];
  table: TableState;
  tables: TableRow[];
  indexes: IndexRow[];
  progress: Progress[];
  ages: AgeRow[];
  detail: DetailLine[];
  /** Dead tuples of the selected table, charted when charts are on. */
  deadSeries?: { name: string; series: ChartSeries };
  charts: boolean;
  nowMs: number;
  width: number;
  height: number;
  /** The dead tuple limits DEAD% is marked against. */
  thresholds?: Thresholds;
}

const VIEW_TITLES: Record<VacuumView, string> = { tables: 'tables', indexes: 'indexes', progress: 'running maintenance', wraparound: 'wraparound' };
const countFormat = (v: number) => count(v) as string;

function tableTone(r: TableRow): Tone | undefined {
  if (r.bloat?.locked) return 'muted';
  if (!r.stats.autovacuumEnabled && r.stats.deadTuples > 0) return 'warn';
  if ((r.bloat?.bloatShare ?? 0) >= 0.5 || (r.triggerRatio ?? 0) >= 2) return 'bad';
  if ((r.bloat?.bloatShare ?? 0) >= 0.25 || (r.triggerRatio ?? 0) >= 1) return 'warn';
  return undefined;
}
const indexTone = (r: IndexRow): Tone | undefined => (r.rank >= 3 ? 'bad' : r.rank >= 1 ? 'warn' : undefined);
const ageTone = (r: AgeRow): Tone | undefined => (r.stopRatio >= 0.5 ? 'bad' : r.freezeRatio >= 1 ? 'warn' : undefined);

export function VacuumScreen(props: VacuumScreenProps): React.ReactElement {
  const { view, table, width, height, nowMs } = props;
  const theme = useTheme();
  const ascii = !theme.unicode;
  const thresholds = props.thresholds;
  const tCols = useMemo(() => tableColumns({ nowMs, ascii, thresholds }), [nowMs, ascii, thresholds]);
  const iCols = useMemo(() => indexColumns({ nowMs, ascii, thresholds }), [nowMs, ascii, thresholds]);
  const pCols = useMemo(() => progressColumns({ nowMs, ascii, thresholds }), [nowMs, ascii, thresholds]);
  const aCols = useMemo(() => ageColumns({ nowMs, ascii, thresholds }), [nowMs, ascii, thresholds]);
  const tabs = VACUUM_VIEWS.map((v) => (v === view ? `[${VIEW_TITLES[v]}]` : VIEW_TITLES[v])).join(' ');
  const title = withFilter(`Vacuum & bloat ${theme.glyphs.dash} ${tabs} (v)  x: xmin horizon`, table.filter, ' ');
  const failed = props.results.filter((r) => r?.state === 'failed');
  let below: DetailLine[] = [];
  if (view === 'tables') below = props.detail;
  if (view === 'indexes') {
    const sel = props.indexes.find((r) => r.key === table.selected);
    if (sel?.detail) below = [{ text: safeLine(sel.detail) }];
  }
  const chartRows = props.charts && view === 'tables' && props.deadSeries ? Math.min(10, Math.max(0, Math.floor((height - 8) / 3))) : 0;
  const tableHeight = Math.max(2, height - 2 - failed.length * 2 - below.length - (chartRows >= 4 ? chartRows : 0));
  const common = { selectedKey: table.selected, sort: { column: table.sortColumn, desc: table.desc }, width, height: tableHeight };
  let body: React.ReactElement;
  if (view === 'tables')
    body = <Table columns={tCols} rows={props.tables} keyOf={(r) => r.key} toneOf={tableTone} empty={table.filter ? 'no table matches the filter' : 'no user tables in this database'} {...common} />;
  else if (view === 'indexes')
    body = <Table columns={iCols} rows={props.indexes} keyOf={(r) => r.key} toneOf={indexTone} empty={table.filter ? 'no index matches the filter' : 'no user indexes'} {...common} />;
  else if (view === 'progress')
    body = <Table columns={pCols} rows={props.progress} keyOf={(r) => r.key} empty="no VACUUM, ANALYZE, CREATE INDEX or CLUSTER running" {...common} />;
  else body = <Table columns={aCols} rows={props.ages} keyOf={(r) => r.key} toneOf={ageTone} empty="no data yet" {...common} />;
  const dead = props.deadSeries;
  const lastDead = dead?.series.tail(1)[0];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold width={width} text={title} />
      <FitText dimColor width={width} text={props.settingsLine} />
      {props.results.map((r, i) => (r?.state === 'failed' ? <PaneStatus key={i} result={r} /> : null))}
      {body}
      {below.map((l, i) => (
        <FitText key={i} color={l.tone ? theme.tone(l.tone) : undefined} width={width} text={l.text} />
      ))}
      {chartRows >= 4 && dead ? (
        <Chart
          title={joinSafe([trusted('dead tuples '), safeLine(dead.name)]) as SafeText}
          series={dead.series}
          width={width}
          height={chartRows}
          min={0}
          format={countFormat}
          last={lastDead == null ? undefined : count(lastDead)}
        />
      ) : null}
    </Box>
  );
}
