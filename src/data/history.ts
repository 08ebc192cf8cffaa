/**
 * Bounded in-memory series for the header and pane charts. A gap (paused, connection lost) is stored
 * as null so charts can show a break instead of drawing a line through time nobody observed.
 * What is recorded, and when, is state/history.ts's business.
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

/**
 * Series whose keys come and go (a standby, a table): each key gets its own bounded {@link Series};
 * a key missing from a reading gets a gap, so a standby that disconnected shows a break rather than
 * a line drawn through time it was away. The least recently fed key is dropped beyond `maxKeys`.
 */
/** A bounded set of series by key; the least recently fed key is dropped beyond `maxKeys`. */
export class SeriesByKey {
  private readonly map = new Map<string, Series>();
  /** Bumped on every change, so charts can memoize on it. */
  version = 0;

  constructor(
    readonly capacity = 600,
    readonly maxKeys = 16,
  ) {}

  private readonly labels = new Map<string, string>();

  get(key: string): Series | undefined {
    return this.map.get(key);
  }

  /** The name recorded with a key's last reading, if any. */
  label(key: string): string | undefined {
    return this.labels.get(key);
  }

  keys(): string[] {
    return [...this.map.keys()];
  }

  /**
   * One reading: every key in `values` gets its value, every known key not in it a gap.
   * Keys are kept in the order they were last fed, so eviction drops the stalest. `labels` names
   * keys for chart titles (untrusted text: sanitize to display); a label goes with its series.
   */
  push(values: ReadonlyMap<string, number | null>, labels?: ReadonlyMap<string, string>): void {
    for (const [key, series] of this.map) if (!values.has(key)) series.gap();
    for (const [key, v] of values) {
      let series = this.map.get(key);
      if (!series) {
        series = new Series(this.capacity);
        // A key appearing after the first reading starts with a gap: it was not there before.
        if (this.version > 0) series.gap();
      } else this.map.delete(key);
      series.push(v);
      this.map.set(key, series);
    }
    for (const [key, label] of labels ?? []) if (this.map.has(key)) this.labels.set(key, label);
    while (this.map.size > this.maxKeys) {
      const stalest = this.map.keys().next().value as string;
      this.map.delete(stalest);
      this.labels.delete(stalest);
    }
    this.version++;
  }

  /** A gap in every series (connection lost, collector not running). */
  gapAll(): void {
    for (const s of this.map.values()) s.gap();
    this.version++;
  }
}
