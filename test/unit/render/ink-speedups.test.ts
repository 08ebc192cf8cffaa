import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import inkWidestLine from 'widest-line';
import widestLine from '../../../src/render/ink-widest-line';
import stringWidth from 'string-width';
import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import InkOutput from '../../../node_modules/ink/build/output.js';
import inkStringWidth, { withoutColours } from '../../../src/render/ink-width';
import measureText, { cachedChars, cachedEntries, GENERATION, GENERATION_CHARS } from '../../../src/render/ink-measure-text';
import { fastOutput, type OutputClass } from '../../../src/render/ink-output';

const paint = new Chalk({ level: 3 });
const Original = InkOutput as unknown as OutputClass;
const Fast = fastOutput(Original, (line) => {
  const plain = withoutColours(line);
  return plain === undefined ? undefined : inkStringWidth(plain);
});

type Write = [x: number, y: number, text: string, transformers?: ((line: string, i: number) => string)[]];

function draw(Cls: OutputClass, writes: Write[], size = { width: 40, height: 6 }, clip = false): string {
  const out = new Cls(size);
  if (clip) out.clip({ x1: 0, x2: 10, y1: 0, y2: 3 });
  for (const [x, y, text, transformers] of writes) out.write(x, y, text, { transformers: transformers ?? [] });
  if (clip) out.unclip();
  return out.get().output;
}

/** What a terminal shows: per line, each cell's character and the styles it is drawn with. */
function cells(frame: string): string[][] {
  return frame.split('\n').map((line) => {
    const chars = styledCharsFromTokens(tokenize(line)).map((c) => `${c.value}|${c.styles.map((s) => s.code).sort().join(',')}`);
    // Unstyled trailing blanks are not drawn.
    while (chars.length && chars.at(-1) === ' |') chars.pop();
    return chars;
  });
}

describe('ink width', () => {
  it('matches string-width on the text pgwarden draws', () => {
    const samples = [
      'PID   USER  STATE   QUERY',
      '› 12345 app  active  SELECT * FROM orders WHERE id = 1…',
      paint.inverse('› 1 selected row ') + paint.red('waiting'),
      '─│┌┐└┘├┤ ▲▼ ▶ ● ·',
      '日本語のクエリ',
      'naïve café',
      '',
    ];
    for (const s of samples) expect(inkStringWidth(s), s).toBe(stringWidth(s));
  });

  it('hands lines with escape sequences other than colours to string-width', () => {
    const link = '\x1b]8;;https://example.org\x07link\x1b]8;;\x07';
    expect(withoutColours(link)).toBeUndefined();
    expect(inkStringWidth(link)).toBe(stringWidth(link));
    expect(withoutColours(paint.bold('ab'))).toBe('ab');
  });
});

describe('the renderer\'s widest line', () => {
  it('is widest-line\'s answer, from the measurement the layout kept', () => {
    const samples = ['', 'one', 'PID  QUERY\n' + paint.inverse('› 12 select 1') + '\n日本語', '\n\nab\n', 'naïve café\n─│┌┐'];
    for (const s of samples) expect(widestLine(s), JSON.stringify(s)).toBe(inkWidestLine(s));
  });
});

describe('ink text measurement', () => {
  it('measures the widest line and counts lines', () => {
    expect(measureText('')).toEqual({ width: 0, height: 0 });
    expect(measureText('ab\n日本\nx')).toEqual({ width: 4, height: 3 });
    expect(measureText(paint.green('abc'))).toEqual({ width: 3, height: 1 });
  });

  it('keeps at most two generations of texts, however many distinct lines are drawn', () => {
    for (let i = 0; i < GENERATION * 5; i++) measureText(`row ${i} ${'x'.repeat(i % 50)}`);
    expect(cachedEntries()).toBeLessThanOrEqual(2 * GENERATION);
    expect(measureText('row 1 x')).toEqual({ width: 7, height: 1 });
  });

  it('keeps a bounded number of characters when each frame draws a large new text', () => {
    // The activity table at 200x50: one text of 50 coloured lines, different at every refresh.
    const table = (n: number): string => Array.from({ length: 50 }, (_, l) => `${paint.green(String(n))} ${'x'.repeat(190)} ${l}`).join('\n');
    const big = table(0).length;
    for (let i = 0; i < GENERATION; i++) measureText(table(i));
    expect(cachedChars()).toBeLessThanOrEqual(2 * (GENERATION_CHARS + big));
    expect(measureText(table(GENERATION - 1))).toEqual({ width: 190 + 2 + String(GENERATION - 1).length + 2, height: 50 });
  });
});

describe('ink frame composer', () => {
  const upper = (line: string): string => line.toUpperCase();
  const cases: Record<string, Write[]> = {
    'lines side by side with gaps': [
      [0, 0, 'header'],
      [10, 0, 'right'],
      [2, 1, 'two\nlines'],
      [0, 4, '› selected'],
    ],
    'colours from transformers': [
      [0, 0, paint.bold('bold') + ' plain'],
      [0, 1, 'row', [(l) => paint.inverse(l)]],
      [5, 1, 'red', [(l) => paint.red(l), upper]],
      [0, 2, 'a\nb', [(l, i) => `${i}:${l}`]],
    ],
    'wide characters': [
      [0, 0, '日本語'],
      [6, 0, 'after'],
      [0, 1, 'x…y'],
    ],
    'writes out of order and past the last row': [
      [20, 0, 'late'],
      [0, 0, 'early'],
      [0, 5, 'last\nbeyond'],
    ],
    'text wider than the frame': [[30, 0, 'x'.repeat(20)]],
  };

  for (const [name, writes] of Object.entries(cases)) {
    it(`draws what ink draws: ${name}`, () => {
      expect(cells(draw(Fast, writes))).toEqual(cells(draw(Original, writes)));
    });
  }

  it('leaves overlapping writes, clips and foreign escape sequences to ink, byte for byte', () => {
    const overlap: Write[] = [
      [0, 0, 'background'],
      [3, 0, 'XY'],
    ];
    expect(draw(Fast, overlap)).toBe(draw(Original, overlap));
    const clipped: Write[] = [[0, 0, 'a long line cut by the clip\nsecond\nthird\nfourth']];
    expect(draw(Fast, clipped, undefined, true)).toBe(draw(Original, clipped, undefined, true));
    const link: Write[] = [[0, 0, '\x1b]8;;https://example.org\x07link\x1b]8;;\x07 after']];
    expect(draw(Fast, link)).toBe(draw(Original, link));
  });

  it('keeps a combining mark in the cell of the letter it follows', () => {
    // ink's own composer gives every code point a cell, pushing what follows one cell right.
    expect(draw(Fast, [[0, 0, 'e\u0301x'], [2, 0, '|']], { width: 10, height: 1 })).toBe('e\u0301x|');
  });
});
