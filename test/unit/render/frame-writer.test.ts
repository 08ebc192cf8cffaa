import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CLEAR_TERMINAL, FrameWriter, frameUpdate } from '../../../src/render/frame-writer';

/** Just enough of a terminal to check what the bytes leave on the screen. */
class Screen extends EventEmitter {
  cells: string[][];
  row = 0;
  col = 0;
  written = 0;
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
    this.cells = this.blank();
  }
  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array<string>(this.columns).fill(' '));
  }
  text(): string[] {
    return this.cells.map((r) => r.join('').trimEnd());
  }
  write(s: string): boolean {
    this.written += s.length;
    for (let i = 0; i < s.length; ) {
      const m = /^\x1b\[([?0-9;]*)([A-Za-z])/.exec(s.slice(i, i + 16));
      if (m) {
        const [all, args, cmd] = m;
        const n = args!.split(';').map(Number);
        if (cmd === 'H') [this.row, this.col] = [(n[0] || 1) - 1, (n[1] || 1) - 1];
        else if (cmd === 'J' && args === '2') this.cells = this.blank();
        else if (cmd === 'K') this.cells[this.row]!.fill(' ', args === '2' ? 0 : this.col);
        i += all!.length;
        continue;
      }
      const ch = s[i]!;
      if (ch === '\n') [this.row, this.col] = [this.row + 1, 0];
      else if (this.row < this.rows && this.col < this.columns) this.cells[this.row]![this.col++] = ch;
      i++;
    }
    return true;
  }
}

const frame = (n: number, tick: number, rows = 6): string[] =>
  Array.from({ length: rows }, (_, i) => (i === 0 ? `header refresh ${tick}` : i < n ? `row ${i} ${i === 2 ? `age ${tick}s` : 'steady'}` : ''));

describe('frame writer', () => {
  it('leaves exactly the latest frame on the screen, writing only the rows that changed', () => {
    const term = new Screen(40, 12);
    const w = new FrameWriter(term);
    // ink's first frame comes through its log path: passed through as it is.
    w.write('\x1b[?25l');
    w.write(frame(12, 0, 12).join('\n'));
    expect(term.text()).toEqual(frame(12, 0, 12));
    let diffBytes = 0;
    let fullBytes = 0;
    for (let tick = 1; tick <= 6; tick++) {
      // A frame with fewer rows every third tick: the rows it no longer has are erased.
      const next = frame(tick % 3 ? 12 : 4, tick, 12);
      const before = term.written;
      w.write('\x1b[?2026h');
      w.write(CLEAR_TERMINAL + next.join('\n'));
      w.write('\x1b[?2026l');
      expect(term.text()).toEqual(next);
      if (tick % 3 === 2) {
        diffBytes += term.written - before;
        fullBytes += CLEAR_TERMINAL.length + next.join('\n').length;
      }
    }
    // From one full frame to the next, two changed rows of twelve cost a fraction of the frame.
    expect(diffBytes).toBeLessThan(fullBytes / 2);
  });

  it('draws the whole frame after a resize or after anything else drew on the screen', () => {
    const term = new Screen(30, 4);
    const w = new FrameWriter(term);
    const a = ['one', 'two', 'three', 'four'];
    w.write(CLEAR_TERMINAL + a.join('\n'));
    term.write('\x1b[2J'); // something else cleared it
    w.write('some text ink wrote by its log path');
    w.write(CLEAR_TERMINAL + a.join('\n'));
    expect(term.text()).toEqual(a);
    term.emit('resize');
    term.cells = term.cells.map((r) => r.fill(' '));
    w.write(CLEAR_TERMINAL + a.join('\n'));
    expect(term.text()).toEqual(a);
  });

  it('keeps the last character of a row that fills the width', () => {
    const term = new Screen(5, 2);
    term.write(frameUpdate(null, ['abcde', 'xy']));
    expect(term.text()).toEqual(['abcde', 'xy']);
    term.write(frameUpdate(['abcde', 'xy'], ['abcdf', 'xy']));
    expect(term.text()).toEqual(['abcdf', 'xy']);
  });

  it('writes nothing when the frame did not change, and follows the real terminal size', () => {
    const term = new Screen(10, 3);
    const w = new FrameWriter(term);
    w.write(CLEAR_TERMINAL + 'a\nb\nc');
    const n = term.written;
    w.write(CLEAR_TERMINAL + 'a\nb\nc');
    expect(term.written).toBe(n);
    expect([w.columns, w.rows, w.isTTY]).toEqual([10, 3, true]);
    let resized = 0;
    w.on('resize', () => resized++);
    term.emit('resize');
    expect(resized).toBe(1);
  });
});
