/**
 * ink's text caches' bounds (measurement, wrapping): a generation's entries, or its keys' characters
 * (two-byte strings: about 0.5 MB), a few dozen frames of a large terminal's texts.
 */
export const GENERATION = 2000;
export const GENERATION_CHARS = 256 * 1024;

/**
 * A cache of what the last frames computed from their texts, for ink's text functions (see
 * ink-measure-text.ts, ink-wrap-text.ts). ink keeps such results in module-wide maps that are never
 * emptied; a monitor draws changing durations and queries every second, so those grew by every
 * distinct text drawn for as long as pgwarden ran. Two generations keep what the current and
 * previous frames used and let the rest go. A generation ends at `maxEntries` entries or at
 * `maxChars` characters of keys, whichever comes first: the activity table is one text of all its
 * coloured lines (8-10k characters at 200x50), new every refresh, and a bound in entries alone held
 * up to a thousand of them: at 2000 backends the executable's anonymous memory was 39 MB larger at 22
 * minutes than with this bound (README, Benchmark).
 */
export class Generations<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  private currentChars = 0;
  private previousChars = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxChars: number,
  ) {}

  /** The value kept for `key`; one found in the previous generation moves to the current one. */
  get(key: string): V | undefined {
    const found = this.current.get(key);
    if (found !== undefined) return found;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.current.size >= this.maxEntries || this.currentChars >= this.maxChars) {
      this.previous = this.current;
      this.previousChars = this.currentChars;
      this.current = new Map();
      this.currentChars = 0;
    }
    this.current.set(key, value);
    this.currentChars += key.length;
  }

  /** Entries held: two generations at most. */
  get entries(): number {
    return this.current.size + this.previous.size;
  }

  /** Characters of the keys held: two generations' budget and one key at most. */
  get chars(): number {
    return this.currentChars + this.previousChars;
  }
}
