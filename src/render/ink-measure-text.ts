/**
 * ink's text measurement, put in place of its own in the bundle (see scripts/ink-speedups.mjs).
 * ink keeps every text it ever measured in one module-wide Map that is never emptied; a monitor
 * redraws changing durations and queries every second, so that Map grew by every distinct line
 * drawn, for as long as pgwarden ran. Here two generations of at most GENERATION entries each
 * keep what the current and previous frames measured and let the rest go.
 */
import inkStringWidth from './ink-width';

export interface Dimensions {
  width: number;
  height: number;
}

export const GENERATION = 2000;

let current = new Map<string, Dimensions>();
let previous = new Map<string, Dimensions>();

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
  if (current.size >= GENERATION) {
    previous = current;
    current = new Map();
  }
  current.set(text, found);
  return found;
}

/** Entries held, for tests: never more than two generations. */
export function cachedEntries(): number {
  return current.size + previous.size;
}
