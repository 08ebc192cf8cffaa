/**
 * The rows one statement returned last time, as the bytes the server sent (one buffer for all of
 * them) and as the values they were parsed into. At 2000 backends most rows of the activity
 * statement are byte for byte the same from one refresh to the next (idle sessions, long queries:
 * times travel as epochs, not durations); a row whose bytes equal last time's is given back as
 * last time's values, the same array, without decoding a field: no string, no array, no garbage.
 * Equal bytes under the same row description are equal values, so nothing else is compared.
 *
 * A row is looked for at the position it had (the offset of the last match, so that a backend
 * gone does not shift every later row off), then by its first field read as an integer (the pid)
 * straight from the bytes.
 */

interface Generation {
  bytes: Buffer;
  /** Where each row's bytes start in `bytes`; row i ends where row i + 1 starts. */
  starts: Int32Array;
  /** Each row's values; null while a row read this time is not decoded yet. */
  rows: (unknown[] | null)[];
  count: number;
  /**
   * Open addressing: key (first field as an integer) → row index, -1 for a free slot. Built when
   * a row is first looked for by key: while rows keep their positions, never.
   */
  keys: Int32Array;
  slots: Int32Array;
  indexed: boolean;
}

const newGeneration = (): Generation => ({
  bytes: Buffer.alloc(64 * 1024),
  starts: new Int32Array(1024 + 1),
  rows: [],
  count: 0,
  keys: new Int32Array(0),
  slots: new Int32Array(0),
  indexed: false,
});

/** The first field of a DataRow body as a non-negative integer, or -1 (NULL, not digits, too long). */
function leadingInt(b: Buffer, start: number, end: number): number {
  // Byte by byte: Buffer's readInt*BE check their arguments on every call.
  if (end - start < 6 || (b[start]! << 8) + b[start + 1]! < 1 || b[start + 2]! | b[start + 3]! | b[start + 4]!) return -1;
  const len = b[start + 5]!;
  if (len < 1 || len > 9 || start + 6 + len > end) return -1;
  let v = 0;
  for (let p = start + 6; p < start + 6 + len; p++) {
    const d = b[p]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** See the module comment. One per statement text; fed by the protocol parser, in order. */
export class RowMemory {
  private prev = newGeneration();
  private cur = newGeneration();
  /** The row description the previous rows were read under. */
  private description: Buffer | undefined;
  /** Previous position minus current position at the last match. */
  private shift = 0;
  /** Remembered rows not copied yet: the previous read's rows [runFrom, runTo), to go at runAt. */
  private runFrom = 0;
  private runTo = 0;
  private runAt = 0;
  /** Rows given back from memory and rows decoded since the memory was made (for tests). */
  hits = 0;
  misses = 0;

  /** A statement's rows begin under this description (the body of its RowDescription). */
  begin(bytes: Buffer, start: number, end: number): void {
    const d = bytes.subarray(start, end);
    // Other columns or types: the bytes no longer say the same values.
    if (!this.description || !this.description.equals(d)) {
      this.prev.count = 0;
      this.prev.indexed = false;
      this.description = Buffer.from(d);
    }
    this.cur.count = 0;
    this.cur.indexed = false;
    this.shift = 0;
    this.runFrom = this.runTo = 0;
  }

  /**
   * A DataRow body: last time's values when its bytes are unchanged, else undefined, and the row
   * is to be decoded and handed to {@link decoded}. Its bytes are kept either way.
   */
  row(bytes: Buffer, start: number, end: number): unknown[] | undefined {
    const { prev, cur } = this;
    const k = cur.count;
    let j = k + this.shift;
    if (!(j < prev.count && this.same(j, bytes, start, end))) {
      const key = leadingInt(bytes, start, end);
      j = key < 0 ? -1 : lookup(prev, key);
      if (j >= 0 && !(j < prev.count && this.same(j, bytes, start, end))) j = -1;
    }
    const values = j < 0 ? null : prev.rows[j]!;
    const at = this.place(end - start);
    cur.rows[k] = values;
    if (values === null) {
      this.flush();
      bytes.copy(cur.bytes, at, start, end);
      this.misses++;
      return undefined;
    }
    // The same bytes are in the previous read's buffer: copied later, with their neighbours.
    if (j !== this.runTo || this.runTo === this.runFrom) {
      this.flush();
      this.runFrom = j;
      this.runAt = at;
    }
    this.runTo = j + 1;
    this.shift = j - k;
    this.hits++;
    return values;
  }

  /** The values the last row given to {@link row} (a miss) was decoded into. */
  decoded(values: unknown[]): void {
    this.cur.rows[this.cur.count - 1] = values;
  }

  /** The statement completed: its rows are the ones to compare with next time. */
  commit(): void {
    this.flush();
    const done = this.cur;
    // Rows past the new count are no longer anyone's: let them go.
    this.prev.rows.length = Math.min(this.prev.rows.length, done.count);
    this.cur = this.prev;
    this.prev = done;
  }

  /** The statement failed part way: the previous rows stay the ones to compare with. */
  abort(): void {
    this.cur.count = 0;
    this.runFrom = this.runTo = 0;
  }

  /**
   * Copies the pending run of remembered rows (consecutive in the previous read, and so in its
   * buffer) into this read's buffer in one go: a refresh where nothing moved copies a few times,
   * not once per row.
   */
  private flush(): void {
    if (this.runTo > this.runFrom) {
      const p = this.prev;
      p.bytes.copy(this.cur.bytes, this.runAt, p.starts[this.runFrom]!, p.starts[this.runTo]!);
    }
    this.runFrom = this.runTo = 0;
  }

  private same(j: number, b: Buffer, start: number, end: number): boolean {
    const { bytes, starts } = this.prev;
    const s = starts[j]!;
    const e = starts[j + 1]!;
    return e - s === end - start && b.compare(bytes, s, e, start, end) === 0;
  }

  /** Room for the next row's `length` bytes in this read's buffer; where they go. */
  private place(length: number): number {
    const g = this.cur;
    const k = g.count;
    const at = g.starts[k]!;
    const need = at + length;
    if (need > g.bytes.length) {
      // What a pending run will fill is copied over too (garbage until then): harmless.
      const bigger = Buffer.alloc(Math.max(need, g.bytes.length * 2));
      g.bytes.copy(bigger, 0, 0, at);
      g.bytes = bigger;
    }
    if (k + 2 > g.starts.length) {
      const bigger = new Int32Array(g.starts.length * 2);
      bigger.set(g.starts);
      g.starts = bigger;
    }
    g.starts[k + 1] = need;
    g.count = k + 1;
    return at;
  }
}

/** The row of `g` whose first field is `key`, or -1. */
function lookup(g: Generation, key: number): number {
  if (!g.indexed) index(g);
  const mask = g.keys.length - 1;
  for (let h = hash(key) & mask; ; h = (h + 1) & mask) {
    const k = g.keys[h]!;
    if (k === -1) return -1;
    if (k === key) return g.slots[h]!;
  }
}

function index(g: Generation): void {
  let size = 64;
  while (size < g.count * 2) size *= 2;
  if (g.keys.length !== size) {
    g.keys = new Int32Array(size);
    g.slots = new Int32Array(size);
  }
  g.keys.fill(-1);
  for (let i = 0; i < g.count; i++) {
    const key = leadingInt(g.bytes, g.starts[i]!, g.starts[i + 1]!);
    if (key >= 0) insert(g, key, i);
  }
  g.indexed = true;
}

const hash = (key: number): number => Math.imul(key, 0x9e3779b1) >>> 0;

/** Keeps the first row of a key (a repeated key is found by position, or decoded). */
function insert(g: Generation, key: number, row: number): void {
  const mask = g.keys.length - 1;
  for (let h = hash(key) & mask; ; h = (h + 1) & mask) {
    if (g.keys[h] === key) return;
    if (g.keys[h] === -1) {
      g.keys[h] = key;
      g.slots[h] = row;
      return;
    }
  }
}
