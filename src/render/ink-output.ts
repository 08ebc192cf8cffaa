/**
 * ink's frame composer, put in place of its own in the bundle (see scripts/ink-speedups.mjs).
 *
 * ink composes a frame cell by cell: it allocates an object per cell of the screen, turns every
 * line written into one object per character (parsing its escape sequences), then joins the
 * cells back into text. At 200x50 that is some 30,000 objects and most of a frame's time,
 * every second. pgwarden's screens write lines side by side that never overlap and never clip,
 * so here each screen row is the written lines joined with the spaces between them. Any frame
 * outside that shape (a clip, two writes that overlap, an escape sequence other than a colour)
 * is handed, whole, to ink's own composer, so the result is always what ink would draw.
 */

type Transformer = (line: string, index: number) => string;

type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: unknown }
  | { type: 'unclip' };

/** The part of ink's Output both composers share. */
export interface OutputLike {
  width: number;
  height: number;
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: unknown): void;
  unclip(): void;
  get(): { output: string; height: number };
}

export type OutputClass = new (options: { width: number; height: number }) => OutputLike;

interface Segment {
  x: number;
  width: number;
  line: string;
}

/** Width of a line with colours, or undefined when it holds anything ink must compose itself. */
export type Measure = (line: string) => number | undefined;

/** A composer class that draws simple frames itself and hands the rest to `Original`. */
export function fastOutput(Original: OutputClass, measure: Measure): OutputClass {
  return class FastOutput implements OutputLike {
    width: number;
    height: number;
    private readonly operations: Operation[] = [];

    constructor(options: { width: number; height: number }) {
      this.width = options.width;
      this.height = options.height;
    }

    write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
      if (!text) return;
      this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
    }

    clip(clip: unknown): void {
      this.operations.push({ type: 'clip', clip });
    }

    unclip(): void {
      this.operations.push({ type: 'unclip' });
    }

    get(): { output: string; height: number } {
      return this.compose() ?? this.original();
    }

    /** The frame by concatenation, or undefined when it is not a simple one. */
    private compose(): { output: string; height: number } | undefined {
      const rows: Segment[][] = Array.from({ length: this.height }, () => []);
      // Indexed loops: until this code is optimized (a frame a second takes a while) each step
      // of a for…of is an object.
      for (let o = 0; o < this.operations.length; o++) {
        const op = this.operations[o]!;
        if (op.type !== 'write') return undefined;
        if (op.x < 0 || op.y < 0) return undefined;
        const lines = op.text.split('\n');
        for (let i = 0; i < lines.length; i++) {
          const row = rows[op.y + i];
          if (!row) break;
          let line = lines[i]!;
          for (let t = 0; t < op.transformers.length; t++) line = op.transformers[t]!(line, i);
          const width = measure(line);
          if (width === undefined) return undefined;
          if (width > 0) row.push({ x: op.x, width, line });
        }
      }
      const out: string[] = [];
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        if (row.length > 1) row.sort((a, b) => a.x - b.x);
        let text = '';
        let cursor = 0;
        for (let g = 0; g < row.length; g++) {
          const seg = row[g]!;
          if (seg.x < cursor) return undefined;
          text += ' '.repeat(seg.x - cursor) + seg.line;
          cursor = seg.x + seg.width;
        }
        out.push(text.trimEnd());
      }
      return { output: out.join('\n'), height: this.height };
    }

    private original(): { output: string; height: number } {
      const output = new Original({ width: this.width, height: this.height });
      for (const op of this.operations) {
        if (op.type === 'write') output.write(op.x, op.y, op.text, { transformers: op.transformers });
        else if (op.type === 'clip') output.clip(op.clip);
        else output.unclip();
      }
      return output.get();
    }
  };
}
