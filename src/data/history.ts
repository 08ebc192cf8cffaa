/**
 * Bounded in-memory series for the header and pane charts. A gap (paused, connection lost) is stored
 * as null so charts can show a break instead of drawing a line through time nobody observed.
 */
export class Series {
  private values: (number | null)[] = [];
  /** Bumped on every change, so charts can memoize on it. */
  version = 0;

  constructor(readonly capacity = 600) {}

  push(v: number | null): void {
    this.values.push(v == null || !Number.isFinite(v) ? null : v);
    if (this.values.length > this.capacity) this.values.splice(0, this.values.length - this.capacity);
    this.version++;
  }

  /** Marks a gap once (consecutive gaps collapse to one). */
  gap(): void {
    if (this.values.length && this.values[this.values.length - 1] === null) return;
    this.push(null);
  }

  /** The last `n` values. */
  tail(n: number): readonly (number | null)[] {
    return this.values.slice(Math.max(0, this.values.length - n));
  }

  get length(): number {
    return this.values.length;
  }
}
