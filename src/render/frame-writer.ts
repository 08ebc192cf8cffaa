/**
 * The terminal stream ink draws on, placed between ink and stdout.
 *
 * A pgwarden frame fills the terminal, and ink draws every such frame by clearing the whole
 * screen (and the scrollback) and writing every line again, once a second: a flash on slow
 * terminals and the whole screen's bytes over SSH each refresh. Here a full-screen frame is
 * compared with the previous one and only the lines that changed are written, each at its row
 * (cursor positioning, erase the row, the line). Anything else ink writes passes
 * through unchanged, and whatever draws on the screen by other means makes the next frame a
 * full redraw.
 */
import { EventEmitter } from 'node:events';
import { frameWritten } from './startup-trace';

/** What ink writes before a frame that fills the terminal (ansi-escapes' clearTerminal). */
export const CLEAR_TERMINAL = '\x1b[2J\x1b[3J\x1b[H';
/** Private mode switches (cursor visibility, synchronized output): they draw nothing. */
const MODES_ONLY = /^(?:\x1b\[\?[0-9;]*[hl])+$/;

/** The part of a terminal stream ink uses. */
export interface TerminalStream {
  readonly columns: number;
  readonly rows: number;
  readonly isTTY?: boolean;
  write(chunk: string): boolean;
  on(event: 'resize', fn: () => void): unknown;
  off(event: 'resize', fn: () => void): unknown;
}

/** The bytes that turn the screen showing `before` (null: unknown) into `after`, cursor left on its last line. */
export function frameUpdate(before: readonly string[] | null, after: readonly string[]): string {
  let out = '';
  const rows = Math.max(after.length, before?.length ?? 0);
  for (let i = 0; i < rows; i++) {
    const line = after[i];
    if (before && before[i] === line) continue;
    // The row is erased before it is written, not after: erasing to the end of a line that fills
    // the last column would take its last character with it. Rows past a shorter frame stay erased.
    out += `\x1b[${i + 1};1H\x1b[2K${line ?? ''}`;
  }
  if (!out) return '';
  // ink's own bookkeeping expects the cursor on the frame's last line.
  return `${out}\x1b[${Math.max(1, after.length)};1H`;
}

export class FrameWriter extends EventEmitter {
  private shown: string[] | null = null;
  private readonly onResize = (): void => {
    // The terminal reflowed or cleared what it showed: draw the next frame whole.
    this.shown = null;
    this.emit('resize');
  };

  constructor(private readonly out: TerminalStream) {
    super();
    out.on('resize', this.onResize);
  }

  get columns(): number {
    return this.out.columns;
  }

  get rows(): number {
    return this.out.rows;
  }

  get isTTY(): boolean {
    return this.out.isTTY === true;
  }

  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    frameWritten();
    if (typeof chunk === 'string' && chunk.startsWith(CLEAR_TERMINAL)) {
      const lines = chunk.slice(CLEAR_TERMINAL.length).split('\n');
      const update = frameUpdate(this.shown, lines);
      this.shown = lines;
      return update ? this.out.write(update) : true;
    }
    if (typeof chunk !== 'string' || !MODES_ONLY.test(chunk)) this.shown = null;
    const callback = rest.find((x): x is () => void => typeof x === 'function');
    const written = this.out.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    callback?.();
    return written;
  }

  /** Forget what is on the screen (after something else drew on it). */
  invalidate(): void {
    this.shown = null;
  }

  /** Stops following the terminal's size. */
  detach(): void {
    this.out.off('resize', this.onResize);
  }
}
