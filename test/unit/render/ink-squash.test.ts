import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import inkSquash from '../../../node_modules/ink/build/squash-text-nodes.js';
import sanitizeAnsi from '../../../node_modules/ink/build/sanitize-ansi.js';
import { onlyColours, squashWith, type SquashNode } from '../../../src/render/ink-squash';
import { plainWidth } from '../../../src/render/ink-width';
import stringWidth from 'string-width';

const paint = new Chalk({ level: 3 });
const squash = squashWith(sanitizeAnsi as (s: string) => string);
const original = inkSquash as unknown as (node: SquashNode) => string;

const text = (value: string): SquashNode => ({ nodeName: '#text', nodeValue: value, childNodes: [] });
const styled = (transform: (s: string) => string, ...children: SquashNode[]): SquashNode => ({ nodeName: 'ink-virtual-text', childNodes: children, internal_transform: transform });
const root = (...children: SquashNode[]): SquashNode => ({ nodeName: 'ink-text', childNodes: children });

const FOREIGN = ['\x1b[2J', '\x1b]8;;https://example.org\x07link\x1b]8;;\x07', '\x9b31m', '\x1b7', 'a\x1b', '\x1b[31', '\x1b[?25l'];

describe('ink text squashing', () => {
  it('returns what ink returns, colours kept and every other escape sequence left to its sanitizer', () => {
    const trees = [
      root(text('plain '), text('text')),
      root(text(paint.inverse(paint.green(`› 1 ${paint.bold(paint.red('1h02m!!'))} SELECT 1`)) + '\n' + paint.dim(' 2 idle'))),
      root(text('a'), styled((s) => paint.bold(s), text('b'), styled((s) => paint.red(s), text('c'))), text('\nd')),
      ...FOREIGN.map((f) => root(text(`x${f}y`), styled((s) => paint.cyan(s), text(f)))),
    ];
    for (const t of trees) expect(squash(t)).toBe(original(t));
  });

  it('answers the same when the same texts come again, frame after frame, past its memory of them', () => {
    const trees = [root(text(paint.red('kept'))), ...FOREIGN.map((f) => root(text(`x${f}y`))), ...Array.from({ length: 600 }, (_, i) => root(text(paint.dim(`row ${i}`))))];
    for (let frame = 0; frame < 3; frame++) for (const t of trees) expect(squash(t)).toBe(original(t));
  });

  it('tells colour sequences from the others', () => {
    expect(onlyColours(paint.bgRed.bold.underline.hex('#ff8800')('x') + paint.ansi256(200)('y'))).toBe(true);
    for (const f of FOREIGN) expect(onlyColours(f), JSON.stringify(f)).toBe(false);
  });

  it('measures coloured lines as string-width does, and leaves anything else to it', () => {
    for (const s of ['', 'PID USER', paint.inverse(`› 12 ${paint.bold(paint.red('1h!!'))} … ▼ │`), '─│┌ •']) expect(plainWidth(s)).toBe(stringWidth(s));
    for (const s of ['日本', 'e\u0301', '1\ufe0f', ...FOREIGN]) expect(plainWidth(s), JSON.stringify(s)).toBeUndefined();
  });
});
