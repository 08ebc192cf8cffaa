import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import inkWrapText from '../../../node_modules/ink/build/wrap-text.js';
import wrapText, { cachedChars, GENERATION_CHARS } from '../../../src/render/ink-wrap-text';

const paint = new Chalk({ level: 3 });
type WrapType = Parameters<typeof wrapText>[2];

describe('ink text wrapping', () => {
  it('wraps and truncates as ink does', () => {
    const texts = ['pid 4242 idle in transaction 1m55s, blocks 5 sessions', paint.red('waiting ') + 'SELECT * FROM orders', '日本語のクエリ text', 'short'];
    const types: WrapType[] = ['wrap', 'truncate', 'truncate-end', 'truncate-middle', 'truncate-start'];
    for (const text of texts) for (const type of types) for (const width of [5, 12, 80]) expect(wrapText(text, width, type), `${type} ${width} ${text}`).toBe(inkWrapText(text, width, type));
  });

  it('keeps a bounded number of characters when a truncated line changes every frame', () => {
    // A problem's line with its duration, wider than its box: a new text every second.
    const line = (s: number): string => `!! pid 4242 (app bench-load-chain, idle in transaction ${s}s) blocks 5 sessions ${'x'.repeat(150)}`;
    for (let s = 0; s < 20_000; s++) wrapText(line(s), 80, 'truncate');
    expect(cachedChars()).toBeLessThanOrEqual(2 * (GENERATION_CHARS + line(20_000).length + 20));
    expect(wrapText(line(19_999), 80, 'truncate')).toBe(inkWrapText(line(19_999), 80, 'truncate'));
  });
});
