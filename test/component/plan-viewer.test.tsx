/**
 * The plan viewer of `pgwarden explain --file` on a terminal: the plan screen on a plan read from
 * the corpus, with no connection behind it.
 */
import { planOf } from '../../src/screens/plan/state';
import React from 'react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render as inkRender } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTheme, ThemeProvider } from '../../src/components/theme';
import { redFlags } from '../../src/explain/flags';
import { readPlan, statementText } from '../../src/explain/input';
import { NO_SERVER_REASON } from '../../src/explain/service';
import { PlanViewer, planViewerStore } from '../../src/screens/plan/FileViewer';
import { trusted } from '../../src/text/sanitize';

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const tick = () => new Promise((r) => setTimeout(r, 0));
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function viewer(file: string, raw = readFileSync(join(__dirname, '../unit/explain/corpus', file), 'utf8'), opts: { unicode?: boolean } = {}) {
  const result = readPlan(raw);
  const store = planViewerStore({ result, flags: redFlags(result), raw, name: file, query: statementText(raw) });
  const calls: string[] = [];
  const r = inkRender(
    <ThemeProvider theme={makeTheme({ color: false, unicode: opts.unicode ?? true })}>
      <PlanViewer store={store} name={file} size={{ columns: 80, rows: 24 }} quit={() => void calls.push('quit')} copy={(t) => (calls.push(`copy:${t}`), trusted('copied'))} />
    </ThemeProvider>,
  );
  unmount = () => r.unmount();
  const frame = () => strip(r.lastFrame() ?? '');
  return {
    store,
    calls,
    frame,
    rawFrame: () => r.lastFrame() ?? '',
    async press(bytes: string) {
      r.stdin.write(bytes);
      await tick();
      await tick();
    },
    async waitFor(pred: (f: string) => boolean): Promise<string> {
      const end = Date.now() + 2000;
      for (;;) {
        const f = frame();
        if (pred(f)) return f;
        if (Date.now() > end) throw new Error(`frame never matched; last frame:\n${f}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    },
  };
}

describe('plan viewer (explain --file on a terminal)', () => {
  it('shows the plan from the file, where the time goes first, and no server', async () => {
    const v = viewer('guide-seqscan.json');
    const f = await v.waitFor((f) => f.includes('Most time is in Seq Scan on guide.orders o'));
    expect(f.split('\n')[0]).toContain('plan read from guide-seqscan.json');
    expect(f).toContain('no server connection');
    expect(f).toContain('EXPLAIN ANALYZE · from guide-seqscan.json');
    expect(f).not.toMatch(/connecting|a runs EXPLAIN ANALYZE/);
    // Only what works here is offered: no pane switching, pause or refresh.
    const footer = f.trimEnd().split('\n').pop()!;
    expect(footer).toMatch(/n:next flag .*w:statement J:as read q:quit/);
    expect(footer).not.toMatch(/pause|problems|filter|sort|back|analyze/);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
  });

  it('draws only ASCII under LANG=C, the tree and its detail panel too', async () => {
    const v = viewer('partitions-cold.json', undefined, { unicode: false });
    await v.waitFor((f) => f.includes('Most time is in'));
    await v.press('n');
    const f = await v.waitFor((f) => f.includes('fix:'));
    expect([...f].filter((c) => c.charCodeAt(0) > 126)).toEqual([]);
  });

  it('n moves to the most expensive flag and shows its fix', async () => {
    const v = viewer('guide-seqscan.json');
    await v.waitFor((f) => f.includes('Most time is in'));
    await v.press('n');
    const f = await v.waitFor((f) => /seq-scan-filter/.test(f) && f.includes('fix:'));
    expect(planOf(v.store.get().ui)?.selected).not.toBe(planOf(v.store.get().ui)?.outcome?.result.root.id);
    expect(f).toContain('Seq Scan on guide.orders o');
  });

  it('a says EXPLAIN ANALYZE needs a connection, and asks nothing', async () => {
    const v = viewer('guide-estimate.json');
    await v.waitFor((f) => f.includes('from guide-estimate.json'));
    await v.press('a');
    await v.waitFor((f) => f.includes(NO_SERVER_REASON.slice(0, 60)));
    expect(v.store.get().ui.modals).toEqual([]);
    // y shows nothing here: n after it moves to the red flag, and once that is drawn the y was
    // handled before it and confirmed nothing.
    await v.press('y');
    await v.press('n');
    await v.waitFor((f) => f.includes('fix:'));
    expect(planOf(v.store.get().ui)?.status).toBe('done');
    expect(v.store.get().ui.modals).toEqual([]);
  });

  it('J shows the input as read, y copies it, q closes it, then q quits', async () => {
    const v = viewer('guide-seqscan.text.txt');
    await v.waitFor((f) => f.includes('from guide-seqscan.text.txt'));
    await v.press('J');
    await v.waitFor((f) => f.includes('guide-seqscan.text.txt as read') && f.includes('Seq Scan on guide.orders o'));
    await v.press('y');
    expect(v.calls.some((c) => c.startsWith('copy:') && c.includes('Hash Join'))).toBe(true);
    await v.press('q');
    await v.waitFor((f) => f.includes('Most time is in'));
    expect(v.calls).not.toContain('quit');
    await v.press('q');
    expect(v.calls).toContain('quit');
  });

  it('Esc quits: there is no pane to go back to', async () => {
    const v = viewer('guide-seqscan.json');
    await v.waitFor((f) => f.includes('Most time is in'));
    await v.press('\x1b');
    await v.waitFor(() => v.calls.includes('quit'));
  });

  it('w shows the statement an auto_explain log holds, and says when the file has none', async () => {
    const v = viewer('auto-guide.auto-json.log');
    await v.waitFor((f) => f.includes('from auto-guide.auto-json.log'));
    await v.press('w');
    await v.waitFor((f) => f.includes('SELECT u.name, o.created_at FROM guide.users u'));
    unmount?.();
    const plain = viewer('guide-seqscan.json');
    await plain.waitFor((f) => f.includes('Most time is in'));
    await plain.press('w');
    await plain.waitFor((f) => f.includes('the file holds no statement text'));
  });

  it("passes the file's text through the sanitizer: names and the file name reach the terminal escaped", async () => {
    const base = readFileSync(join(__dirname, '../unit/explain/corpus/guide-seqscan.json'), 'utf8');
    const hostile = base.replace(/"Relation Name": "orders"/, '"Relation Name": "orders\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J"');
    expect(hostile).not.toBe(base);
    const v = viewer('evil\x1b[2J.json', hostile, { unicode: false });
    await v.waitFor((f) => f.includes('Most time is in'));
    await v.press('n');
    await v.waitFor((f) => f.includes('fix:'));
    expect(v.rawFrame()).not.toMatch(/\x1b\]|\x1b\[2J|\x07/);
  });
});
