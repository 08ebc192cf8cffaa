/**
 * The replay's timeline: the whole recording at a glance (tps, connections by state, sessions
 * waiting for a lock, problems shown), squeezed to the terminal's width, with a marker under the
 * moment the panes show. Each column is the worst (highest) value of the snapshots it covers, so
 * a spike of one second still shows in an hour-long file.
 */
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { chartLines } from './Chart';
import { useTheme } from './theme';
import { count } from '../format';
import { trusted } from '../text/sanitize';
import { fit } from '../text/width';
import { clockTime } from '../format/clock';

/** Per snapshot of a recording, what the timeline draws (null: not recorded then). */
export interface TimelineData {
  times: readonly number[];
  tps: (number | null)[];
  active: (number | null)[];
  idle: (number | null)[];
  idleInXact: (number | null)[];
  waiting: (number | null)[];
  problems: number[];
}

const LABEL = 5;

/** `values` squeezed to `columns` by the highest of each bucket; the column of index `i` is `i * columns / n`. */
export function squeeze(values: readonly (number | null)[], columns: number): (number | null)[] {
  const n = values.length;
  if (n <= columns) return [...values];
  const out: (number | null)[] = Array.from({ length: columns }, () => null);
  values.forEach((v, i) => {
    const c = Math.floor((i * columns) / n);
    if (v != null && Number.isFinite(v)) out[c] = Math.max(out[c] ?? -Infinity, v);
  });
  return out;
}

export const columnOf = (index: number, n: number, columns: number): number => (n <= columns ? index : Math.floor((index * columns) / n));

export interface TimelineWindowProps {
  data: TimelineData;
  index: number;
  width: number;
  height: number;
}

export function TimelineWindow({ data, index, width, height }: TimelineWindowProps): React.ReactElement {
  const theme = useTheme();
  const ascii = !theme.unicode;
  const plot = Math.max(1, width - LABEL - 1);
  const n = data.times.length;
  const series: [string, readonly (number | null)[]][] = [
    ['tps', data.tps],
    ['active', data.active],
    ['idle in transaction', data.idleInXact],
    ['waiting for a lock', data.waiting],
    ['problems shown', data.problems],
  ];
  // Title line, the charts, the marker line.
  const each = Math.max(2, Math.floor((height - 2) / series.length));
  const shown = series.slice(0, Math.max(1, Math.floor((height - 2) / each)));
  const charts = useMemo(
    () =>
      shown.map(([title, values]) => ({
        title,
        lines: chartLines(squeeze(values, plot), { width, height: each - 1, min: 0, ascii, format: (v) => String(count(v)).padStart(LABEL).slice(-LABEL) }),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the data never changes during a replay
    [data, width, each, ascii, shown.length],
  );
  const first = data.times[0];
  const last = data.times[n - 1];
  const col = LABEL + 1 + columnOf(index, n, plot);
  const marker = `${' '.repeat(Math.min(col, width - 1))}^`;
  const head = first === undefined ? 'Timeline: no snapshot recorded' : `Timeline ${clockTime(first)} to ${clockTime(last!)}, ${n} snapshots; ^ is ${clockTime(data.times[index] ?? first)}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {fit(trusted(head), width, theme.glyphs.ellipsis)}
      </Text>
      {charts.map((c) => (
        <Box key={c.title} flexDirection="column">
          <Text wrap="truncate">{fit(trusted(`${c.title} (highest per column)`), width, theme.glyphs.ellipsis)}</Text>
          {c.lines.map((l, i) => (
            <Text key={i} wrap="truncate">
              {l}
            </Text>
          ))}
        </Box>
      ))}
      <Text color={theme.tone('warn')} bold wrap="truncate">
        {marker}
      </Text>
    </Box>
  );
}
