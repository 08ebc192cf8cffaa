import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Chart } from '../../src/components/Chart';
import { makeTheme, ThemeProvider } from '../../src/components/theme';
import { Series } from '../../src/data/history';
import { trusted } from '../../src/text/sanitize';

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function draw(series: Series, opts: { width?: number; height?: number; color?: boolean; unicode?: boolean; min?: number } = {}) {
  const theme = makeTheme({ color: opts.color ?? false, unicode: opts.unicode ?? true });
  const r = render(
    <ThemeProvider theme={theme}>
      <Chart title={trusted('lag')} series={series} width={opts.width ?? 40} height={opts.height ?? 6} min={opts.min} tone="warn" format={(v) => v.toFixed(0)} />
    </ThemeProvider>,
  );
  const raw = r.lastFrame() ?? '';
  r.unmount();
  return { raw, lines: strip(raw).split('\n') };
}

describe('Chart', () => {
  it('draws the title and exactly the plot rows asked for', () => {
    const s = new Series();
    for (let i = 0; i < 20; i++) s.push(i);
    const { lines } = draw(s, { height: 6, min: 0 });
    expect(lines[0]).toContain('lag');
    expect(lines).toHaveLength(6);
    expect(lines[1]!.startsWith('19┤')).toBe(true);
    expect(lines[5]!.startsWith(' 0┤')).toBe(true);
  });

  it('leaves a blank where the connection was lost', () => {
    const s = new Series();
    for (let i = 0; i < 10; i++) s.push(5);
    s.gap();
    s.gap(); // consecutive gaps are one
    for (let i = 0; i < 10; i++) s.push(5);
    const { lines } = draw(s, { min: 0 });
    const plot = lines.slice(1).map((l) => l.slice(l.indexOf('┤') + 1));
    const col = (c: number) => plot.map((r) => r[c] ?? ' ').join('').trim();
    expect(col(9)).not.toBe('');
    expect(col(10)).toBe('');
    expect(col(11)).not.toBe('');
  });

  it('draws a flat series as a line, not nothing, and an empty one as a note', () => {
    const flat = new Series();
    for (let i = 0; i < 10; i++) flat.push(7);
    expect(draw(flat).lines.slice(1).filter((l) => l.includes('─'))).toHaveLength(1);
    expect(draw(new Series()).lines[1]).toContain('no data yet');
  });

  it('uses no colour under NO_COLOR and ASCII glyphs in ASCII mode', () => {
    const s = new Series();
    for (let i = 0; i < 10; i++) s.push(i % 3);
    const plain = draw(s, { color: false, unicode: false });
    expect(plain.raw).not.toMatch(/\x1b\[3\dm/);
    for (const l of plain.lines) expect(l).toMatch(/^[\x20-\x7e]*$/);
  });

  it('redraws only when the series changes (memoized on version and size)', () => {
    const s = new Series();
    s.push(1);
    let reads = 0;
    const counting = { get version() { return s.version; }, tail: (n: number) => (reads++, s.tail(n)) };
    const theme = makeTheme({ color: false, unicode: true });
    const el = (w: number) => (
      <ThemeProvider theme={theme}>
        <Chart title={trusted('x')} series={counting} width={w} height={4} />
      </ThemeProvider>
    );
    const r = render(el(30));
    r.rerender(el(30));
    r.rerender(el(30));
    expect(reads).toBe(1);
    s.push(2);
    r.rerender(el(30));
    expect(reads).toBe(2);
    r.rerender(el(31));
    expect(reads).toBe(3);
    r.unmount();
  });
});
