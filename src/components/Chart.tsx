/**
 * A line chart of a history series, drawn with asciichart and sized to the space it is given.
 *
 * asciichart has sharp edges this wraps: one NaN poisons the whole scale, an empty series throws,
 * a flat series collapses to one row, and it has no notion of a missing value. So the range is
 * computed here (and widened when flat), values are shifted to start at 0 so the plot always has
 * exactly the rows asked for, and a series with gaps (polling stopped, connection lost) is split
 * into segments that are plotted separately and placed side by side, leaving the gaps blank.
 * Lines are memoized on (series version, size): a chart costs nothing between refreshes.
 */
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import asciichart from 'asciichart';
import { useTheme, type Tone } from './theme';
import { fit } from '../text/width';
import { trusted, type SafeText } from '../text/sanitize';

const UNICODE_SYMBOLS = [' ', ' ', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'];
const ASCII_SYMBOLS = [' ', ' ', '-', '-', '-', '\\', '/', '\\', '/', '|'];

/** What a chart reads from a history series. */
export interface ChartSeries {
  version: number;
  tail(n: number): readonly (number | null)[];
}

export interface ChartOptions {
  /** Columns for labels, axis and plot together. */
  width: number;
  /** Rows of the plot. */
  height: number;
  /** Fixed lower / upper end of the scale; by default the data's own range. */
  min?: number;
  max?: number;
  /** Axis label of a value (our own text: numbers and units). */
  format?: (v: number) => string;
  ascii?: boolean;
}

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Scale ends that asciichart can draw: finite, and apart even for a flat series. */
export function chartRange(values: readonly (number | null)[], min?: number, max?: number): { lo: number; hi: number } | undefined {
  const finite = values.filter(isNum);
  if (!finite.length) return undefined;
  let lo = isNum(min) ? Math.min(min, ...finite) : Math.min(...finite);
  let hi = isNum(max) ? Math.max(max, ...finite) : Math.max(...finite);
  if (!(hi - lo > 1e-12)) {
    // Flat: give it room above (and below when negative) so the line sits inside the plot.
    const pad = Math.max(1, Math.abs(hi) * 0.1);
    if (lo >= 0 && isNum(min)) hi = lo + pad;
    else {
      lo -= pad / 2;
      hi += pad / 2;
    }
  }
  return { lo, hi };
}

/** Runs of consecutive values without a gap: [start index, values]. */
export function segments(values: readonly (number | null)[]): [number, number[]][] {
  const out: [number, number[]][] = [];
  let cur: number[] | undefined;
  values.forEach((v, i) => {
    if (!isNum(v)) {
      cur = undefined;
      return;
    }
    if (!cur) {
      cur = [];
      out.push([i, cur]);
    }
    cur.push(v);
  });
  return out;
}

/**
 * The chart as plain lines of exactly `width` columns: a label column, an axis, and the plot of
 * the last values that fit. Empty or all-gap series give a placeholder line.
 */
export function chartLines(series: readonly (number | null)[], opts: ChartOptions): string[] {
  const rows = Math.max(1, Math.floor(opts.height));
  const format = opts.format ?? ((v: number) => String(Math.round(v * 100) / 100));
  const axis = opts.ascii ? '|' : '┤';
  // Counts over a small range get one row per unit, so the axis does not repeat a rounded label.
  const scale = (vs: readonly (number | null)[]) => {
    const r = chartRange(vs, opts.min, opts.max);
    if (r && vs.every((v) => !isNum(v) || Number.isInteger(v)) && Number.isInteger(r.lo) && r.hi - r.lo < rows - 1) r.hi = r.lo + rows - 1;
    return r;
  };
  const probe = scale(series);
  const labelsFor = (lo: number, hi: number) =>
    Array.from({ length: rows }, (_, r) => format(rows === 1 ? hi : hi - (r * (hi - lo)) / (rows - 1)));
  const labelWidth = probe ? Math.max(...labelsFor(probe.lo, probe.hi).map((l) => l.length)) : 0;
  const plotWidth = Math.max(1, opts.width - labelWidth - 1);
  const values = series.slice(-plotWidth);
  const range = scale(values);
  const blank = (text: string) => [text.padEnd(opts.width).slice(0, opts.width), ...Array.from({ length: rows - 1 }, () => ' '.repeat(opts.width))];
  if (!range) return blank('no data yet');
  const { lo, hi } = range;
  const grid = Array.from({ length: rows }, () => Array.from({ length: plotWidth }, () => ' '));
  const symbols = opts.ascii ? ASCII_SYMBOLS : UNICODE_SYMBOLS;
  for (const [start, seg] of segments(values)) {
    // Shifted to start at 0 with min/max given, the plot has exactly `rows` rows. The first value
    // is repeated: asciichart draws the first point on its axis column, which is cut off here.
    const shifted = seg.map((v) => v - lo);
    const text = asciichart.plot([shifted[0]!, ...shifted], { min: 0, max: hi - lo, height: rows - 1, offset: 1, format: () => ' ', symbols });
    const lines = text.split('\n');
    for (let r = 0; r < rows; r++) {
      const chars = Array.from(lines[r] ?? '');
      for (let k = 0; k < seg.length; k++) {
        const ch = chars[k + 1];
        if (ch && ch !== ' ') grid[r]![start + k] = ch;
      }
    }
  }
  const labels = labelsFor(lo, hi);
  return grid.map((cells, r) => (labels[r]!.padStart(labelWidth) + axis + cells.join('')).padEnd(opts.width).slice(0, opts.width));
}

export interface ChartProps {
  title: SafeText;
  series: ChartSeries;
  width: number;
  /** Rows in all: the title line plus the plot. */
  height: number;
  min?: number;
  max?: number;
  format?: (v: number) => string;
  /** The latest value as text, shown after the title. */
  last?: SafeText;
  tone?: Tone;
}

/** A titled chart; renders nothing when there is no room for a plot. */
export function Chart(props: ChartProps): React.ReactElement | null {
  const { series, width, height, min, max, format } = props;
  const theme = useTheme();
  const ascii = !theme.unicode;
  const plotRows = height - 1;
  const lines = useMemo(
    () => (plotRows >= 1 ? chartLines(series.tail(Math.max(1, width)), { width, height: plotRows, min, max, format, ascii }) : []),
    // The series object is mutated in place; its version says when its values changed.
    [series, series.version, width, plotRows, min, max, format, ascii],
  );
  if (plotRows < 1) return null;
  const title = props.last ? `${props.title}  ${props.last}` : props.title;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {fit(trusted(title), width, theme.glyphs.ellipsis)}
      </Text>
      {lines.map((l, i) => (
        <Text key={i} color={props.tone ? theme.tone(props.tone) : undefined} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
}

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_BARS = ['_', '.', '-', '=', '+', '*', '#', '@'];

/**
 * A one-line chart of the last `width` values (the header's chart line): gaps as spaces, scaled
 * from `min` (0 by default) to the largest value shown.
 */
export function sparkline(values: readonly (number | null)[], width: number, opts: { ascii?: boolean; min?: number } = {}): string {
  const shown = values.slice(-Math.max(0, width));
  const range = chartRange(shown, opts.min ?? 0);
  const bars = opts.ascii ? ASCII_BARS : BARS;
  if (!range) return ' '.repeat(shown.length);
  return shown
    .map((v) => (isNum(v) ? bars[Math.min(bars.length - 1, Math.max(0, Math.floor(((v - range.lo) / (range.hi - range.lo)) * bars.length)))]! : ' '))
    .join('');
}
