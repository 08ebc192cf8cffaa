/**
 * The table keeps each row's cells while the row object and the columns stay the same, and draws
 * the live cells (ages read from the clock) every frame; the lines are those drawn cell by cell.
 */
import { describe, expect, it } from 'vitest';
import { TableLines, type BodyLines } from '../../../src/components/table-rows';
import { layoutColumns, type ColumnSpec, type PlacedColumn } from '../../../src/components/table-layout';
import type { Tone } from '../../../src/components/theme';
import { fit, truncate } from '../../../src/text/width';
import { safeLine, trusted, type SafeText } from '../../../src/text/sanitize';

interface Row {
  id: number;
  name: string;
  since: number;
}

function setup() {
  const clock = { now: 100 };
  const calls = { id: 0, name: 0, age: 0, tone: 0 };
  const columns: ColumnSpec<Row>[] = [
    { id: 'id', title: 'ID', width: 4, align: 'right', priority: 0, render: (r) => (calls.id++, trusted(String(r.id))) },
    { id: 'age', title: 'AGE', width: 5, align: 'right', priority: 0, live: true, render: (r) => (calls.age++, trusted(`${clock.now - r.since}s`)), tone: (r) => (clock.now - r.since > 50 ? 'bad' : undefined) },
    { id: 'name', title: 'NAME', width: 8, flex: true, priority: 0, render: (r) => (calls.name++, safeLine(r.name)), tone: (r) => (calls.tone++, r.name.startsWith('x') ? 'warn' : undefined) },
    { id: 'tail', title: 'T', width: 3, priority: 0, render: () => trusted('t') },
  ];
  return { clock, calls, columns };
}

/** The line as the table drew it before it kept cells: every cell rendered, fitted and toned in turn. */
function direct(placed: readonly PlacedColumn<Row>[], row: Row, body: BodyLines<Row>): string {
  let text = body.lead(row);
  const cells: Array<{ from: number; to: number; tone: Tone }> = [];
  placed.forEach(({ spec, width }, i) => {
    if (i > 0) text += ' ';
    const cell = fit(spec.render(row), width, body.ellipsis, spec.align ?? 'left');
    const tone = spec.tone?.(row);
    if (tone) cells.push({ from: text.length, to: text.length + cell.length, tone });
    text += cell;
  });
  if (body.cutTo !== undefined) text = truncate(text as SafeText, body.cutTo, body.ellipsis);
  return body.style(row, text, cells);
}

const body = (placed: readonly PlacedColumn<Row>[], cutTo?: number): BodyLines<Row> => ({
  placed,
  lead: (r) => (r.id === 2 ? '>' : ' '),
  ellipsis: '~',
  cutTo,
  style: (_r, text, cells) => `${text}|${cells.map((c) => `${c.from}-${c.to}:${c.tone}`).join(',')}`,
});

describe('table lines', () => {
  const rows: Row[] = [
    { id: 1, name: 'alpha', since: 90 },
    { id: 2, name: 'xray-long-name', since: 10 },
    { id: 3, name: 'ünïcødé 表', since: 99 },
  ];

  it('are the lines drawn cell by cell, tones and cut included', () => {
    const { columns } = setup();
    for (const width of [40, 20]) {
      const placed = layoutColumns(columns, width);
      const b = body(placed, width < 24 ? width : undefined);
      expect(new TableLines<Row>().lines(rows, b)).toEqual(rows.map((r) => direct(placed, r, b)));
    }
  });

  it('render a kept row only in its live cells, and follow the clock there', () => {
    const { clock, calls, columns } = setup();
    const lines = new TableLines<Row>();
    const placed = layoutColumns(columns, 40);
    lines.lines(rows, body(placed));
    expect(calls).toEqual({ id: 3, name: 3, age: 3, tone: 3 });
    clock.now = 200;
    const later = lines.lines(rows, body(layoutColumns(columns, 40)));
    expect(calls).toEqual({ id: 3, name: 3, age: 6, tone: 3 });
    expect(later).toEqual(rows.map((r) => direct(placed, r, body(placed))));
    expect(later[0]).toContain('110s');
  });

  it('render a row anew when it is a new object, or when the columns or their widths change', () => {
    const { calls, columns } = setup();
    const lines = new TableLines<Row>();
    lines.lines(rows, body(layoutColumns(columns, 40)));
    const changed = [{ ...rows[0]!, name: 'beta' }, rows[1]!, rows[2]!];
    const out = lines.lines(changed, body(layoutColumns(columns, 40)));
    expect(calls.name).toBe(4);
    expect(out[0]).toContain('beta');
    lines.lines(changed, body(layoutColumns(columns, 30)));
    expect(calls.name).toBe(7);
    lines.lines(changed, body(layoutColumns(columns.map((c) => ({ ...c })), 30)));
    expect(calls.name).toBe(10);
  });
});
