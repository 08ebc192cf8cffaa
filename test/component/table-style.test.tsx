/**
 * The table's rows are one string of coloured lines (styleRow), not a Text per row and per cell:
 * the terminal must get the same bytes as ink draws for the Text elements the rows used to be.
 */
import React from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { styleRow, type RowStyle } from '../../src/components/table-style';
import { makeTheme, type Theme } from '../../src/components/theme';

/** What the table drew per row before: ink's own styling of nested Text elements. */
function inkRow(text: string, style: RowStyle, theme: Theme): React.ReactElement {
  const color = style.tone ? theme.tone(style.tone) : undefined;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const c of theme.color ? (style.cells ?? []) : []) {
    parts.push(text.slice(at, c.from), <Text key={c.from} color={theme.tone(c.tone)} bold>{text.slice(c.from, c.to)}</Text>);
    at = c.to;
  }
  parts.push(text.slice(at));
  return (
    <Text inverse={style.selected} color={color} dimColor={style.dim}>
      {parts}
    </Text>
  );
}

const frame = (el: React.ReactElement): string => {
  const r = render(el);
  const out = r.lastFrame() ?? '';
  r.unmount();
  return out;
};

let level: typeof chalk.level;
beforeAll(() => {
  level = chalk.level;
  chalk.level = 3;
});
afterAll(() => {
  chalk.level = level;
});

const TEXT = '› 12345 app  idle txn     1h02m!!   3m10s! SELECT 1';
const CELLS = [
  { from: 22, to: 29, tone: 'bad' as const },
  { from: 32, to: 38, tone: 'warn' as const },
];

describe('styleRow', () => {
  it.each<[string, RowStyle]>([
    ['plain', { selected: false, dim: false }],
    ['selected', { selected: true, dim: false }],
    ['toned', { selected: false, tone: 'warn', dim: false }],
    ['toned cells', { selected: false, tone: 'ok', dim: false, cells: CELLS }],
    ['selected, stale, toned cells', { selected: true, tone: 'bad', dim: true, cells: CELLS }],
    ['a cell at the end and an empty one', { selected: false, dim: false, cells: [{ from: 3, to: 3, tone: 'info' }, { from: 42, to: TEXT.length, tone: 'muted' }] }],
  ])('%s: the bytes ink draws for the same Text elements', (_name, style) => {
    for (const theme of [makeTheme({ color: true, unicode: true }), makeTheme({ color: false, unicode: true }), makeTheme({ color: true, unicode: false, light: true })]) {
      const ours = frame(<Text>{styleRow(TEXT, style, theme)}</Text>);
      expect(ours).toBe(frame(inkRow(TEXT, style, theme)));
      if (style.selected || (theme.color && (style.cells || style.tone))) expect(ours).toContain('\x1b[');
    }
  });
});
