/**
 * ink's text measurement, put in place of its own in the bundle (see scripts/ink-speedups.mjs),
 * with a bounded cache (./generations.ts) instead of ink's Map of every text ever measured.
 */
import { Generations, GENERATION, GENERATION_CHARS } from './generations';
import inkStringWidth from './ink-width';

export interface Dimensions {
  width: number;
  height: number;
}

export { GENERATION, GENERATION_CHARS };

const cache = new Generations<Dimensions>(GENERATION, GENERATION_CHARS);

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
  let found = cache.get(text);
  if (!found) {
    found = measure(text);
    cache.set(text, found);
  }
  return found;
}

/** Entries held, for tests: never more than two generations. */
export function cachedEntries(): number {
  return cache.entries;
}

/** Characters of the texts held, for tests: two generations' budget and one text at most. */
export function cachedChars(): number {
  return cache.chars;
}
