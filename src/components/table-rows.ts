/**
 * A table's body lines, with the cells that depend on their row alone kept from frame to frame.
 *
 * A refresh keeps the object of every row that did not change (the store reuses an unchanged
 * backend's object), and a pane's columns stay the same objects while what they read besides the
 * row does not change (a pane rebuilds them when it does). So a cell is a pure function of (row
 * object, column object, width) and is worked out once: at 2000 backends the visible rows'
 * cells were most of what a refresh drew and allocated, every second, and drawn through code
 * that was still cold. Only the columns marked `live` (they read the clock) are drawn anew each
 * frame; the colours (selection, the row's tone, stale) are applied to the assembled line each
 * frame, as before.
 */
import type { PlacedColumn } from './table-layout';
import type { Tone } from './theme';
import { fit, truncate } from '../text/width';
import type { SafeText } from '../text/sanitize';

type CellTone = { from: number; to: number; tone: Tone };

/**
 * A row's line between two live cells: the cells, their gaps, and the tones of those cells with
 * offsets from the run's start. `live` is the index in the placed columns of the live cell that
 * follows the run (none after the last run).
 */
interface Run {
  text: string;
  tones: CellTone[];
  live?: number;
}

/** How the body lines are drawn. */
export interface BodyLines<R> {
  /** The columns shown, with their widths. */
  placed: readonly PlacedColumn<R>[];
  /** What leads a row's line (the selection marker). */
  lead(row: R): string;
  ellipsis: string;
  /** The line is cut to this width (columns that cannot give way are wider than the terminal). */
  cutTo?: number;
  /** Builds the line's colours from its text and the cells' tones. */
  style(row: R, text: string, cells: CellTone[]): string;
}

/** Fitted cell `i` of `row`, and its tone. */
function cell<R>(placed: readonly PlacedColumn<R>[], i: number, row: R, ellipsis: string): { text: string; tone: Tone | undefined } {
  const { spec, width } = placed[i]!;
  return { text: fit(spec.render(row), width, ellipsis, spec.align ?? 'left'), tone: spec.tone?.(row) };
}

/** The runs of `row`: its cells that are not live, joined, with the live ones' places. */
function runsOf<R>(placed: readonly PlacedColumn<R>[], row: R, ellipsis: string): Run[] {
  const runs: Run[] = [];
  let run: Run = { text: '', tones: [] };
  for (let i = 0; i < placed.length; i++) {
    if (i > 0) run.text += ' ';
    if (placed[i]!.spec.live) {
      run.live = i;
      runs.push(run);
      run = { text: '', tones: [] };
      continue;
    }
    const c = cell(placed, i, row, ellipsis);
    if (c.tone) run.tones.push({ from: run.text.length, to: run.text.length + c.text.length, tone: c.tone });
    run.text += c.text;
  }
  runs.push(run);
  return runs;
}

/** Body lines of one table, remembering each row's runs while its columns stay the same. */
export class TableLines<R extends object> {
  private placed: readonly PlacedColumn<R>[] = [];
  private ellipsis = '';
  private runs = new WeakMap<R, Run[]>();

  /** The lines of `rows`. */
  lines(rows: readonly R[], line: BodyLines<R>): string[] {
    const { placed } = line;
    if (!this.sameColumns(placed, line.ellipsis)) {
      this.placed = placed;
      this.ellipsis = line.ellipsis;
      this.runs = new WeakMap();
    }
    return rows.map((row) => {
      let runs = this.runs.get(row);
      if (!runs) this.runs.set(row, (runs = runsOf(placed, row, line.ellipsis)));
      let text = line.lead(row);
      const tones: CellTone[] = [];
      // Indexed loops: until this code is optimized each step of a for…of is an object.
      for (let r = 0; r < runs.length; r++) {
        const run = runs[r]!;
        for (let t = 0; t < run.tones.length; t++) {
          const tone = run.tones[t]!;
          tones.push({ from: text.length + tone.from, to: text.length + tone.to, tone: tone.tone });
        }
        text += run.text;
        if (run.live === undefined) continue;
        const c = cell(placed, run.live, row, line.ellipsis);
        if (c.tone) tones.push({ from: text.length, to: text.length + c.text.length, tone: c.tone });
        text += c.text;
      }
      if (line.cutTo !== undefined) text = truncate(text as SafeText, line.cutTo, line.ellipsis);
      return line.style(row, text, tones);
    });
  }

  /** Whether `placed` are the columns (the same objects, at the same widths) the kept runs were made for. */
  private sameColumns(placed: readonly PlacedColumn<R>[], ellipsis: string): boolean {
    if (ellipsis !== this.ellipsis || placed.length !== this.placed.length) return false;
    for (let i = 0; i < placed.length; i++) {
      if (placed[i]!.spec !== this.placed[i]!.spec || placed[i]!.width !== this.placed[i]!.width) return false;
    }
    return true;
  }
}
