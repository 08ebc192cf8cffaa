import React, { memo, useRef } from 'react';
import { Box, Text } from 'ink';
import { layoutColumns, windowTop, type ColumnSpec } from './table-layout';
import { fit } from '../text/width';
import { trusted } from '../text/sanitize';
import { useTheme, type Tone } from './theme';
import { useStale } from './Stale';
import { FitText } from './FitText';

export interface TableProps<R> {
  columns: readonly ColumnSpec<R>[];
  rows: readonly R[];
  keyOf(row: R): string;
  selectedKey: string | null;
  sort?: { column: string; desc: boolean };
  width: number;
  /** Lines available, header included. */
  height: number;
  toneOf?(row: R): Tone | undefined;
  /** Shown in place of rows when there are none. */
  empty?: string;
}

const Line = memo(function Line({ text, selected, tone, dim }: { text: string; selected: boolean; tone?: Tone; dim: boolean }) {
  const theme = useTheme();
  const color = tone ? theme.tone(tone) : undefined;
  return (
    <Text wrap="truncate" inverse={selected} color={color} dimColor={dim}>
      {text}
    </Text>
  );
});

/** `row 3 of 140` with the cursor on a row, else the rows in view (`1-20 of 140`). */
function position(count: number, selected: number, top: number, shown: number): string {
  return selected >= 0 ? `row ${selected + 1} of ${count}` : `${top + 1}-${top + shown} of ${count}`;
}

/**
 * A virtualized table: only the rows that fit are turned into elements, so 10,000 backends cost
 * what 20 do. Rows are keyed by identity, never by index.
 */
export function Table<R>(props: TableProps<R>): React.ReactElement {
  const { columns, rows, keyOf, selectedKey, sort, width, height, toneOf } = props;
  const theme = useTheme();
  const stale = useStale();
  const topRef = useRef(0);
  // One cell of gutter for the selection marker, so selection is visible without colour.
  const placed = layoutColumns(columns, Math.max(10, width - 1));
  const bodyHeight = Math.max(0, height - 1);
  let selectedIndex = -1;
  if (selectedKey !== null) {
    for (let i = 0; i < rows.length; i++) {
      if (keyOf(rows[i]!) === selectedKey) {
        selectedIndex = i;
        break;
      }
    }
  }
  const top = windowTop(rows.length, bodyHeight, selectedIndex, topRef.current);
  topRef.current = top;
  const visible = rows.slice(top, top + bodyHeight);

  const header =
    ' ' +
    placed
      .map(({ spec, width: w }) => {
        const mark = sort && sort.column === spec.id ? (sort.desc ? theme.glyphs.sortDesc : theme.glyphs.sortAsc) : '';
        // The sort marker must survive a narrow column, so the title gives way to it.
        if (!mark) return fit(trusted(spec.title), w, theme.glyphs.ellipsis, spec.align ?? 'left');
        const title = fit(trusted(spec.title), Math.max(0, w - 1), theme.glyphs.ellipsis, 'left').trimEnd();
        return fit(trusted(title + mark), w, theme.glyphs.ellipsis, spec.align ?? 'left');
      })
      .join(' ');

  // A table that does not fit says where the window is, or the worst rows could sit off screen
  // with nothing to tell; the header gives way to it on the right.
  const where = rows.length > bodyHeight && bodyHeight > 0 ? position(rows.length, selectedIndex, top, visible.length) : '';
  const shownHeader = where ? fit(trusted(header), Math.max(0, width - where.length - 1), theme.glyphs.ellipsis, 'left') + ' ' + where : header;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold underline={theme.color}>
        {shownHeader}
      </Text>
      {visible.length === 0 ? (
        <FitText dimColor text={trusted(' ' + (props.empty ?? 'no rows'))} width={width} />
      ) : (
        visible.map((row) => {
          const key = keyOf(row);
          const selected = key === selectedKey;
          const text =
            (selected ? theme.glyphs.pointer : ' ') +
            placed.map(({ spec, width: w }) => fit(spec.render(row), w, theme.glyphs.ellipsis, spec.align ?? 'left')).join(' ');
          return <Line key={key} text={text} selected={selected} tone={toneOf?.(row)} dim={stale} />;
        })
      )}
    </Box>
  );
}
