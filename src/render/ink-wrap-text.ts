/**
 * ink's wrapping and truncation of a text wider than its box, put in place of its own in the bundle
 * (see scripts/ink-speedups.mjs): the same calls, with a bounded cache (./generations.ts) instead
 * of ink's object of every text it ever wrapped — a truncated line with a duration in it is a new
 * key every second.
 */
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import { Generations, GENERATION, GENERATION_CHARS } from './generations';

export { GENERATION, GENERATION_CHARS };

type WrapType = 'wrap' | 'end' | 'middle' | 'truncate' | 'truncate-end' | 'truncate-middle' | 'truncate-start';

const cache = new Generations<string>(GENERATION, GENERATION_CHARS);

function wrap(text: string, maxWidth: number, wrapType: WrapType): string {
  if (wrapType === 'wrap') return wrapAnsi(text, maxWidth, { trim: false, hard: true });
  if (wrapType.startsWith('truncate')) {
    const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    return cliTruncate(text, maxWidth, { position });
  }
  return text;
}

/** `text` wrapped or truncated to `maxWidth` columns (ink's wrapText contract). */
export default function wrapText(text: string, maxWidth: number, wrapType: WrapType): string {
  const key = `${wrapType} ${maxWidth} ${text}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = wrap(text, maxWidth, wrapType);
    cache.set(key, found);
  }
  return found;
}

/** Characters of the texts held, for tests: two generations' budget and one text at most. */
export function cachedChars(): number {
  return cache.chars;
}
