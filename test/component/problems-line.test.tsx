import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ProblemsLine } from '../../src/components/ProblemsLine';
import { makeTheme, ThemeProvider } from '../../src/components/theme';
import type { Problem } from '../../src/problems';
import { safeLine } from '../../src/text/sanitize';
import { displayWidth } from '../../src/text/width';

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

const p = (severity: Problem['severity'], text: string, key = '2'): Problem => ({
  id: text,
  severity,
  subject: { kind: 'pid', value: '1' },
  text: safeLine(text),
  pane: { screen: 'locks', key },
  since: 0,
});

const PROBLEMS = [
  p('critical', 'pid 4242 (app billing, idle in transaction 3m12s) blocks 5 sessions and this sentence goes on well past eighty columns'),
  p('warning', 'connections at 87.0% of max_connections (87 of 100: 12 active, 6 idle in transaction)', '1'),
  p('warning', "statement 'SELECT 1' is 64.0% of database time now (12 calls/s, 310 ms mean)", '3'),
];

function draw(problems: readonly Problem[], opts: { width?: number; lines?: number; color?: boolean; unicode?: boolean } = {}) {
  const r = render(
    <ThemeProvider theme={makeTheme({ color: opts.color ?? false, unicode: opts.unicode ?? true })}>
      <ProblemsLine problems={problems} width={opts.width ?? 80} lines={opts.lines} />
    </ThemeProvider>,
  );
  const raw = r.lastFrame() ?? '';
  r.unmount();
  return { raw, lines: strip(raw).split('\n') };
}

describe('ProblemsLine', () => {
  it('at 80 columns: the worst problem, its key, and how many more, on one line', () => {
    const { lines } = draw(PROBLEMS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^!! pid 4242 \(app billing, idle in transaction 3m12s\) blocks 5 ses.*… \[2\] \(\+2 more\)$/);
    expect(displayWidth(lines[0]!)).toBeLessThanOrEqual(80);
  });

  it('on a tall terminal: several lines, the count on the last', () => {
    // ink-testing-library draws 100 columns.
    const { lines } = draw(PROBLEMS, { lines: 2, width: 100 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^!! pid 4242 .* \[2\]$/);
    expect(lines[1]).toMatch(/^!  connections at 87\.0% of max_connections \(87 of 100: 12 active, 6 idle in tra.*… \[1\] \(\+1 more\)$/);
    const all = draw(PROBLEMS, { lines: 5, width: 100 }).lines;
    expect(all).toHaveLength(3);
    expect(all[2]).toBe("!  statement 'SELECT 1' is 64.0% of database time now (12 calls/s, 310 ms mean) [3]");
  });

  it('ASCII and no colour: the markers and the cut still read', () => {
    const { raw, lines } = draw(PROBLEMS, { unicode: false, color: false });
    expect(raw).not.toMatch(/\x1b/);
    expect(lines[0]).toMatch(/^!! pid 4242 .*~ \[2\] \(\+2 more\)$/);
    expect(lines[0]).not.toMatch(/[^\x20-\x7e]/);
  });

  it('draws nothing without problems', () => {
    expect(draw([]).raw).toBe('');
  });

  it('server text reaches the line only as the evaluator escaped it', () => {
    const { raw } = draw([p('warning', 'pid 1 (app \u001b]0;x\u0007) has been idle in transaction for 2m00s')], { color: false });
    expect(raw).not.toMatch(/\x1b|\x07/);
    expect(strip(raw)).toContain('app ^[]0;x^G)');
  });
});
