import React from 'react';
import { Box } from 'ink';
import { FitText } from '../../components/FitText';
import { Chart, type ChartSeries } from '../../components/Chart';
import { useTheme } from '../../components/theme';
import { THIS_STANDBY } from '../../data/replicationLag';
import type { AppState } from '../../state/store';
import { count, duration, percent } from '../../format';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';

/** Rows a chart needs at least: its title and three rows of plot. */
const MIN_CHART_ROWS = 4;
const MAX_CHART_ROWS = 14;

interface Spec {
  key: string;
  title: SafeText;
  series: ChartSeries;
  min?: number;
  max?: number;
  format: (v: number) => string;
}

export interface ChartsViewProps {
  history: AppState['history'];
  /** The table selected in the vacuum pane (relid as text) and its name, for its dead tuples. */
  table?: { key: string; name: string };
  width: number;
  height: number;
}

const last = (s: ChartSeries): number | null => s.tail(1)[0] ?? null;

// Formatters are created once per glyph set: charts memoize on them.
const makeFormats = (ascii: boolean) => ({
  duration: (v: number) => duration(v, { ascii }) as string,
  count: (v: number) => count(v, { ascii }) as string,
  percent: (v: number) => percent(v, { ascii }) as string,
});
const FORMATS = { unicode: makeFormats(false), ascii: makeFormats(true) };

/**
 * History charts, most urgent first: replay lag per standby, then tps, connections by state,
 * cache hit ratio, and dead tuples of the table selected in the vacuum pane. As many as fit, in
 * two columns on wide terminals.
 */
export function ChartsView({ history, table, width, height }: ChartsViewProps): React.ReactElement {
  const theme = useTheme();
  const f = theme.unicode ? FORMATS.unicode : FORMATS.ascii;
  const specs: Spec[] = [];
  for (const key of history.lag.keys()) {
    const series = history.lag.get(key)!;
    const who = key === THIS_STANDBY ? trusted('this standby') : safeLine(key);
    specs.push({ key: `lag:${key}`, title: joinSafe([trusted('replay lag '), who]), series, min: 0, format: f.duration });
  }
  specs.push({ key: 'tps', title: trusted('transactions/s'), series: history.tps, min: 0, format: f.count });
  specs.push({ key: 'active', title: trusted('connections active'), series: history.connActive, min: 0, format: f.count });
  specs.push({ key: 'idleInXact', title: trusted('connections idle in transaction'), series: history.connIdleInXact, min: 0, format: f.count });
  specs.push({ key: 'idle', title: trusted('connections idle'), series: history.connIdle, min: 0, format: f.count });
  specs.push({ key: 'hit', title: trusted('cache hit ratio'), series: history.hitRatio, min: 0, max: 1, format: f.percent });
  const dead = table ? history.deadTuples.get(table.key) : undefined;
  if (table && dead) specs.push({ key: 'dead', title: joinSafe([trusted('dead tuples '), safeLine(table.name)]), series: dead, min: 0, format: f.count });

  const cols = width >= 120 ? 2 : 1;
  const colWidth = Math.floor((width - (cols - 1)) / cols);
  const gridRows = Math.max(1, Math.floor(height / MIN_CHART_ROWS));
  const shown = specs.slice(0, gridRows * cols);
  const usedRows = Math.ceil(shown.length / cols);
  const chartRows = Math.min(MAX_CHART_ROWS, Math.max(MIN_CHART_ROWS, Math.floor(height / Math.max(1, usedRows))));
  if (height < MIN_CHART_ROWS) {
    return (
      <FitText dimColor width={width} text={trusted('charts need more room: enlarge the terminal')} />
    );
  }
  const lines: Spec[][] = [];
  for (let i = 0; i < shown.length; i += cols) lines.push(shown.slice(i, i + cols));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((row) => (
        <Box key={row.map((s) => s.key).join('|')} flexDirection="row" height={chartRows}>
          {row.map((s, i) => (
            <Box key={s.key} marginLeft={i ? 1 : 0}>
              <Chart
                title={s.title}
                series={s.series}
                width={colWidth}
                height={chartRows}
                min={s.min}
                max={s.max}
                format={s.format}
                last={last(s.series) == null ? trusted(theme.glyphs.dash) : trusted(s.format(last(s.series)!))}
              />
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}
