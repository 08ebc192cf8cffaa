import React, { createContext, useContext, useRef } from 'react';
import { Box, Text } from 'ink';
import { layoutColumns, windowTop, type ColumnSpec } from './table-layout';
import { fit } from '../text/width';
import { trusted } from '../text/sanitize';
import { useTheme, type Tone } from './theme';
import { styleRow } from './table-style';
import { TableLines } from './table-rows';
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
  /**
   * A row is never changed in place (a refresh brings a new object for a row that changed): the
   * cells of the columns not marked `live` are then kept per row object between frames.
   */
  rowsImmutable?: boolean;
}

const NONE: ReadonlySet<string> = new Set();
const HiddenContext = createContext<ReadonlySet<string>>(NONE);

/** Columns the tables inside never show (the preferences file's hidden_columns for the pane). */
export function HiddenColumns({ ids, children }: { ids?: readonly string[]; children: React.ReactNode }): React.ReactElement {
  return <HiddenContext.Provider value={ids?.length ? new Set(ids) : NONE}>{children}</HiddenContext.Provider>;
}

/** `row 3 of 140` with the cursor on a row, else the rows in view (`1-20 of 140`). */
function position(count: number, selected: number, top: number, shown: number): string {
  return selected >= 0 ? `row ${selected + 1} of ${count}` : `${top + 1}-${top + shown} of ${count}`;
}

/**
 * A virtualized table: only the rows that fit are turned into elements, so 10,000 backends cost
 * what 20 do. The rows are one Text holding one string of lines, each
 * coloured by styleRow, not a Text per row (and per coloured cell): ink measures, lays out (yoga)
 * and styles every Text node on every frame, and at one per row that was most of a refresh's
 * drawing. Each line is padded to the table's width by its cells, so the body never wraps.
 */
export function Table<R extends object>(props: TableProps<R>): React.ReactElement {
  const { columns, rows, keyOf, selectedKey, sort, width, height, toneOf } = props;
  const theme = useTheme();
  const stale = useStale();
  const topRef = useRef(0);
  const linesRef = useRef<TableLines<R> | null>(null);
  const lines = props.rowsImmutable ? (linesRef.current ??= new TableLines<R>()) : new TableLines<R>();
  const hidden = useContext(HiddenContext);
  // One cell of gutter for the selection marker, so selection is visible without colour.
  const placed = layoutColumns(hidden.size ? columns.filter((c) => !hidden.has(c.id)) : columns, Math.max(10, width - 1));
  const bodyHeight = Math.max(0, height - 1);
  // Columns that cannot give way (priority 0) may still be wider than a tiny terminal: each line is
  // then cut here, as the body's one Text would otherwise cut all of them as one.
  const overflow = placed.reduce((n, p) => n + p.width + 1, 0) > width;
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
        <Text wrap="truncate">
          {lines
            .lines(visible, {
              placed,
              lead: (row) => (keyOf(row) === selectedKey ? theme.glyphs.pointer : ' '),
              ellipsis: theme.glyphs.ellipsis,
              cutTo: overflow ? width : undefined,
              style: (row, text, cells) => styleRow(text, { selected: keyOf(row) === selectedKey, tone: toneOf?.(row), dim: stale, cells }, theme),
            })
            .join('\n')}
        </Text>
      )}
    </Box>
  );
}
