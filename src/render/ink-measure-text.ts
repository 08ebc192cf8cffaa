/**
 * ink's text measurement, put in place of its own in the bundle (see scripts/ink-speedups.mjs).
 * ink keeps every text it ever measured in one module-wide Map that is never emptied; a monitor
 * redraws changing durations and queries every second, so that Map grew by every distinct line
 * drawn, for as long as pgwarden ran. Here two generations keep what the current and previous
 * frames measured and let the rest go. A generation ends at GENERATION entries or at
 * GENERATION_CHARS characters, whichever comes first: the activity table is one text of all its
 * coloured lines (10-20k characters at 200x50), new every refresh, so 2000 entries held 2000 of
 * them at the end of a generation — the monitor's heap grew by 10-30 MB over its first 20 to 30
 * minutes at 2000 backends, and then stayed there.
 */
import inkStringWidth from './ink-width';

export interface Dimensions {
  width: number;
  height: number;
}

export const GENERATION = 2000;
/** A few dozen frames of a large terminal's texts (two-byte strings: about 0.5 MB a generation). */
export const GENERATION_CHARS = 256 * 1024;

let current = new Map<string, Dimensions>();
let previous = new Map<string, Dimensions>();
/** Characters of the texts `current` holds (what they cost in V8's heap, up to twice that). */
let currentChars = 0;
let previousChars = 0;

function measure(text: string): Dimensions {
  let width = 0;
  let height = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const line = end === -1 ? text.slice(start) : text.slice(start, end);
    width = Math.max(width, inkStringWidth(line));
    height++;
    if (end === -1) break;
    start = end + 1;
  }
  return { width, height };
}

/** Width of the widest line and number of lines of `text` (ink's measureText contract). */
export default function measureText(text: string): Dimensions {
  if (text.length === 0) return { width: 0, height: 0 };
  let found = current.get(text);
  if (found) return found;
  found = previous.get(text) ?? measure(text);
  if (current.size >= GENERATION || currentChars >= GENERATION_CHARS) {
    previous = current;
    previousChars = currentChars;
    current = new Map();
    currentChars = 0;
  }
  current.set(text, found);
  currentChars += text.length;
  return found;
}

/** Entries held, for tests: never more than two generations. */
export function cachedEntries(): number {
  return current.size + previous.size;
}

/** Characters of the texts held, for tests: two generations' budget and one text at most. */
export function cachedChars(): number {
  return currentChars + previousChars;
}
