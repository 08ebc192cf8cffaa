/**
 * A 40x10 terminal (a split pane, a phone): every screen must fit in it. A frame taller than the
 * terminal scrolls the header away, and the lines that scrolled are never erased again: they stay
 * on screen as stale text under the next frames.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandId } from '../../src/keys/commands';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { tempChecklistRuntime } from '../helpers/checklist';
import { caps } from './fixtures';
import { paneSnapshot, sender, slot, standby } from '../unit/replication/fixtures';

const COLUMNS = 40;
const ROWS = 10;

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
});

async function open(results: Record<string, unknown>, inRecovery = false): Promise<Rendered> {
  // A test that opens the App twice unmounts the first (its checklist home goes when the test ends).
  app?.unmount();
  const runtime = tempChecklistRuntime(caps);
  const store = new Store();
  store.setStatus({ state: 'ready' }, inRecovery ? { ...caps, inRecovery: true } : caps);
  store.pushSnapshot(paneSnapshot(results));
  app = await renderApp({ store, columns: COLUMNS, rows: ROWS, props: { checklists: runtime.controller(store) } });
  return app;
}

/** The frame fits: never taller than the terminal less the spare line, never wider, header on top. */
function expectFits(f: string): void {
  const lines = f.replace(/\n+$/, '').split('\n');
  expect(lines.length, f).toBeLessThanOrEqual(ROWS - 1);
  for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(COLUMNS);
  expect(lines[0]).toMatch(/^pgwarden/);
}

/**
 * The replication pane as drawn, not squeezed: its title right under the header, and no line
 * where one part was drawn over another (a table title with the end of a row after it).
 */
function expectPane(f: string): void {
  expectFits(f);
  const lines = f.split('\n');
  expect(lines[3], f).toMatch(/^Replication /);
  for (const l of lines) if (/WAL senders|Replication slots/.test(l)) expect(l.trimEnd(), f).toMatch(/(\(pg_stat_replication\)|Replication slots)$/);
}

describe(`a ${COLUMNS}x${ROWS} terminal`, () => {
  it('the checklist screen keeps its header: the picker and an open checklist', async () => {
    const a = await open({});
    await a.press('screen.checklist');
    // The checklists load asynchronously: Enter opens the one listed under the cursor, once listed.
    expectFits(await a.waitFor((f) => f.includes('Checklists') && /Weekly/.test(f)));
    await a.press('checklist.open');
    // The first step's line ("1.2k" in the header would match a bare "1.").
    expectFits(await a.waitFor((f) => /^1\. /m.test(f)));
    for (let i = 0; i < 5; i++) {
      await a.press('nav.down');
      const f = await a.waitFor((f) => new RegExp(`^${i + 2}\\. `, 'm').test(f));
      expectFits(f);
      // The checklist's title line and the selected step (the cursor follows it) stay in view.
      expect(f.split('\n')[3], f).toMatch(/^Weekly/);
      expect(f, f).toMatch(new RegExp(`^${i + 2}\\. `, 'm'));
    }
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['a primary with standbys and slots', { replication: [sender('standby_a', { replayLagS: 95 }), sender('standby_b')], slots: [slot('standby_a'), slot('standby_b'), slot('old')] }, false],
    ['a standby', { recovery: standby(), slots: [slot('s1')] }, true],
  ])('the replication pane fits as %s, and leaves nothing behind when it is left', async (_, results, inRecovery) => {
    const a = await open(results, inRecovery);
    await a.press('screen.replication');
    expectPane(await a.waitFor((f) => f.includes('Replication')));
    // The charts find no room at this size, so their key changes nothing on screen: each frame
    // checked is one the focus key visibly changed, drawn after the charts key too.
    const slotsFocused = (f: string) => /^▶ Replication slots/m.test(f);
    await a.press('charts.toggle');
    await a.press('replication.focus');
    expectPane(await a.waitFor(slotsFocused));
    expect(a.store.get().ui.charts).toBe(true);
    await a.press('replication.focus');
    expectPane(await a.waitFor((f) => !slotsFocused(f)));
    await a.press('charts.toggle');
    await a.press('replication.focus');
    expectPane(await a.waitFor(slotsFocused));
    expect(a.store.get().ui.charts).toBe(false);
    await a.press('screen.activity');
    expectFits(await a.waitFor((f) => f.includes('Activity')));
  });

  it.each<[string, CommandId, string]>([
    ['activity', 'screen.activity', 'Activity'],
    ['statements', 'screen.statements', 'Statements'],
    ['locks', 'screen.locks', 'Locks'],
    ['vacuum', 'screen.vacuum', 'Vacuum'],
    ['horizon', 'screen.horizon', 'Xmin'],
    ['plan', 'screen.plan', 'EXPLAIN'],
  ])('the %s screen fits', async (_, command, title) => {
    const a = await open({});
    await a.press(command);
    expectFits(await a.waitFor((f) => f.includes(title)));
  });
});
