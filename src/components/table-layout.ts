/**
 * Column layout and row windowing for {@link Table}, pure so they are tested without React.
 * Columns that do not fit are dropped by priority (higher number goes first), the way htop and
 * pg_activity keep the essentials at 80 columns; one flexible column takes what is left.
 */
import type { SafeText } from '../text/sanitize';
import type { Tone } from './theme';

export interface ColumnSpec<R> {
  id: string;
  title: string;
  /** Fixed width, or the minimum width of the flexible column. */
  width: number;
  /** The column that takes the remaining width (the query, usually). */
  flex?: boolean;
  align?: 'left' | 'right';
  /** 0 = always shown; higher numbers are dropped first when the terminal is narrow. */
  priority: number;
  /** Cell text. Must return display-safe text (sanitized when it came from the server). */
  render(row: R): SafeText;
  /** Whether the table can be sorted on this column. */
  sortable?: boolean;
  /** A colour for this cell alone (an age past its threshold), over the row's. */
  tone?(row: R): Tone | undefined;
  /**
   * The cell reads more than its row (the clock): drawn anew every frame. Every other cell is
   * kept per row object for as long as the table is given this same column object (see
   * table-rows.ts): a pane whose cells read anything else rebuilds its columns when that changes.
   */
  live?: boolean;
}

export interface PlacedColumn<R> {
  spec: ColumnSpec<R>;
  width: number;
}

/** Columns that fit in `total` cells, in their declared order, with their final widths. */
export function layoutColumns<R>(columns: readonly ColumnSpec<R>[], total: number, gap = 1): PlacedColumn<R>[] {
  let kept = [...columns];
  const need = (cols: ColumnSpec<R>[]) => cols.reduce((n, c) => n + c.width, 0) + gap * Math.max(0, cols.length - 1);
  while (kept.length > 1 && need(kept) > total) {
    const worst = kept.reduce((a, b) => (b.priority >= a.priority ? b : a));
    if (worst.priority === 0) break;
    kept = kept.filter((c) => c !== worst);
  }
  const fixed = need(kept);
  const spare = Math.max(0, total - fixed);
  const flex = kept.find((c) => c.flex);
  return kept.map((spec) => ({ spec, width: spec === flex ? spec.width + spare : spec.width }));
}

/**
 * The sort columns a table of `width` cells shows, in `sortColumns` order: `<`/`>` walk through
 * these only, so the sort never lands on a column without a mark to say so.
 */
export function shownSortColumns<R>(columns: readonly ColumnSpec<R>[], width: number, sortColumns: readonly string[]): string[] {
  // The same width the Table lays its columns out in (one cell is the selection gutter).
  const shown = new Set(layoutColumns(columns, Math.max(10, width - 1)).map((p) => p.spec.id));
  return sortColumns.filter((id) => shown.has(id));
}

/**
 * The first row index to show so that `selected` is visible, moving the window as little as
 * possible from `prevTop` (the list does not jump on every keypress).
 */
export function windowTop(count: number, height: number, selected: number, prevTop: number): number {
  if (count <= height || height <= 0) return 0;
  let top = Math.min(Math.max(0, prevTop), count - height);
  if (selected >= 0) {
    if (selected < top) top = selected;
    else if (selected >= top + height) top = selected - height + 1;
  }
  return top;
}
