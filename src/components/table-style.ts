/**
 * A table row's colours as escape sequences, so the table's body can be one Text of lines (see
 * Table.tsx). The sequences come from the chalk ink itself styles Text with, applied in the
 * order ink's Text applies its props (dim, colour, bold, inverse), nested as ink nests a Text
 * inside another: the same bytes reach the terminal as with one Text per row and cell. The text
 * is display-safe already (cells are sanitized); this only adds our own colour sequences.
 */
import chalk from 'chalk';
import type { Theme, Tone } from './theme';

/** How one row is drawn. */
export interface RowStyle {
  selected: boolean;
  /** The row's tone (its state). */
  tone?: Tone;
  /** The data is stale: the row is dimmed. */
  dim: boolean;
  /** Cells with a tone of their own: character offsets into the row's text. */
  cells?: ReadonlyArray<{ from: number; to: number; tone: Tone }>;
}

type Paint = (s: string) => string;
const paint = (color: string): Paint => (chalk as unknown as Record<string, Paint>)[color]!;

/** `text` with its style's escape sequences. */
export function styleRow(text: string, style: RowStyle, theme: Theme): string {
  let out = text;
  if (style.cells?.length && theme.color) {
    out = '';
    let at = 0;
    for (let i = 0; i < style.cells.length; i++) {
      const c = style.cells[i]!;
      const color = theme.tone(c.tone);
      const cell = text.slice(c.from, c.to);
      out += text.slice(at, c.from) + (cell ? chalk.bold(color ? paint(color)(cell) : cell) : '');
      at = c.to;
    }
    out += text.slice(at);
  }
  if (style.dim) out = chalk.dim(out);
  const color = style.tone ? theme.tone(style.tone) : undefined;
  if (color) out = paint(color)(out);
  if (style.selected) out = chalk.inverse(out);
  return out;
}
