/**
 * Under LANG=C (no UTF-8) every glyph pgwarden draws comes from the ASCII half of the glyph
 * table: a terminal in the C locale shows anything else as garbage. Every screen, dialog and
 * state is drawn here with ASCII glyphs and data that is ASCII itself, so any other character
 * in a frame came from pgwarden's own words.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Statement } from '../../src/data/collectors/statements';
import { statementKey } from '../../src/data/collectors/statements';
import type { CommandId } from '../../src/keys/commands';
import { Store } from '../../src/state/store';
import type { AppEffects } from '../../src/screens/effects';
import { trusted } from '../../src/text/sanitize';
import { helpPages } from '../helpers/help';
import { renderApp, type Rendered } from '../helpers/render';
import { tempChecklistRuntime } from '../helpers/checklist';
import { backend, caps, NOW_S } from './fixtures';
import { QUEUE, locksSnapshot } from '../unit/locks/fixtures';
import { bloat, dbAge, fk, holder, index, paneSnapshot, progress, sender, settings, slot, table, tableAge } from '../unit/replication/fixtures';

let app: Rendered | undefined;
let runtime: ReturnType<typeof tempChecklistRuntime> | undefined;
afterEach(() => {
  app?.unmount();
});

const stmt = (queryId: string, query: string): Statement => {
  const s = {
    key: '', queryId, userId: 10, dbId: 5, toplevel: true, database: 'shop', user: 'app', query, calls: 100, totalExecMs: 1000,
    minExecMs: 1, maxExecMs: 50, meanExecMs: 10, stddevExecMs: 3, plans: 0, totalPlanMs: 0, rows: 100, sharedHit: 900, sharedRead: 100,
    sharedDirtied: 0, sharedWritten: 0, localHit: 0, localRead: 0, localWritten: 0, tempRead: 0, tempWritten: 0, sharedReadMs: 0, sharedWriteMs: 0,
    localReadMs: 0, localWriteMs: 0, tempReadMs: 0, tempWriteMs: 0, walRecords: 0, walFpi: 0, walBytes: 0, walBuffersFull: null, jitFunctions: 0,
    jitMs: 0, own: false, parallelToLaunch: null, parallelLaunched: null, statsSince: NOW_S - 86400, minmaxStatsSince: NOW_S - 86400,
  };
  return { ...s, key: statementKey(s.queryId, s.dbId, s.userId, s.toplevel) };
};

/** One snapshot with something in every pane (all of it ASCII). */
function everything() {
  const locks = locksSnapshot(QUEUE);
  const orders = table('orders', { deadTuples: 40_000, liveTuples: 100_000, vacThreshold: 20_050 });
  const panes = paneSnapshot({
    replication: [sender('standby_a', { replayLagS: 95, replayLagBytes: 64 * 1024 * 1024 })],
    slots: [slot('standby_a'), slot('old_slot', { activePid: null })],
    statements: [stmt('111', 'select * from orders where id = $1'), stmt('222', 'update orders set x = $1')],
    statements_info: { statsReset: NOW_S - 86400, dealloc: 3, max: 5000, track: 'top', trackPlanning: false, computeQueryId: 'auto', trackIoTiming: false },
    vacuum: [orders],
    vacuum_settings: settings(),
    tablebloat: [bloat(orders, { bloatShare: 0.42, bloatBytes: 3_440_640 })],
    indexes: [index('orders_idle', { scans: 0 }), index('orders_broken', { valid: false })],
    fkindex: [fk()],
    progress: [progress()],
    wraparound: [dbAge('shop', 150_000_000)],
    wraparound_tables: [tableAge('orders', 150_000_000)],
    horizon: [holder('slot', 'old_slot', { state: 'inactive', xminAge: 12_000, xmin: '800' }), holder('prepared', 'tx-17', { xminAge: 300, since: NOW_S - 60, database: 'shop' })],
  });
  const activity = [...(locks.results.activity!.state === 'ok' ? (locks.results.activity!.data as ReturnType<typeof backend>[]) : []), backend(77, { state: 'idle in transaction', xactStart: NOW_S - 600 })];
  return { ...panes, results: { ...panes.results, ...locks.results, activity: { state: 'ok' as const, data: activity, at: NOW_S * 1000, ms: 1 } } };
}

const FIXES = {
  id: 'fixes',
  title: 'Fixes',
  kind: 'maintenance',
  description: 'Steps with concrete SQL',
  steps: [
    { id: 'full', title: 'Rewrite the table', why: 'It is bloated.', remediation: { sql: 'VACUUM FULL public.t;' } },
    { id: 'tmpl', title: 'Analyze some table', why: 'No evidence yet.', remediation: { sql: 'ANALYZE public.<table>;' } },
  ],
};

/** Every character outside printable ASCII in a frame, with the line it is on. */
function nonAscii(frame: string): string[] {
  return frame.split('\n').filter((l) => /[^\x20-\x7e]/.test(l)).map((l) => `${[...new Set(l.match(/[^\x20-\x7e]/g))].join('')} in: ${l.trim()}`);
}

async function open(opts: { rows?: number; columns?: number } = {}): Promise<Rendered> {
  // A test that opens the App twice unmounts the first (its checklist home goes when the test ends).
  app?.unmount();
  runtime = tempChecklistRuntime(caps);
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(everything());
  const effects: AppEffects = {
    quit: () => undefined,
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: () => undefined,
    copy: () => trusted('copied'),
    execute: async () => 'done',
  };
  app = await renderApp({ store, unicode: false, columns: opts.columns ?? 120, rows: opts.rows ?? 30, props: { effects, checklists: runtime.controller(store) } });
  return app;
}

describe('ASCII glyphs (LANG=C)', () => {
  it.each<[string, CommandId, string]>([
    ['activity', 'screen.activity', 'Activity'],
    ['statements', 'screen.statements', 'Statements'],
    // The pane's own heading: "2 locks" in the tab bar is on every screen.
    ['locks', 'screen.locks', 'Locks:'],
    ['replication', 'screen.replication', 'Replication'],
    ['vacuum', 'screen.vacuum', 'Vacuum'],
    ['horizon', 'screen.horizon', 'Xmin horizon'],
    ['checklists', 'screen.checklist', 'Checklists'],
    ['plan', 'screen.plan', 'EXPLAIN'],
  ])('the %s screen draws only ASCII, wide and at 80x24 where lines are cut', async (_, command, title) => {
    for (const size of [{ columns: 120, rows: 30 }, { columns: 80, rows: 24 }]) {
      const a = await open(size);
      await a.press(command);
      const f = await a.waitFor((f) => f.includes(title));
      expect(nonAscii(f), `${size.columns}x${size.rows}`).toEqual([]);
      a.unmount();
    }
  });

  it('help, the query viewer and the confirmation draw only ASCII', async () => {
    const a = await open();
    await a.waitFor((f) => f.includes('Activity'));
    const pages = await helpPages(a);
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((f, i) => expect(nonAscii(f), `help page ${i + 1}`).toEqual([]));
    await a.press('help.close');
    await a.waitFor((f) => !f.includes('Help'));
    await a.press('activity.openQuery');
    await a.waitFor((f) => f.includes('pid '));
    expect(nonAscii(a.frame())).toEqual([]);
    await a.press('modal.close');
    await a.press('backend.terminate');
    await a.waitFor((f) => f.includes('Terminate'));
    expect(nonAscii(a.frame())).toEqual([]);
  });

  it('a checklist opened on its steps, its fix confirmation and its value prompt draw only ASCII', async () => {
    const a = await open({ columns: 80, rows: 24 });
    const dir = join(runtime!.home, 'config', 'pgwarden', 'checklists');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'fixes.json'), JSON.stringify(FIXES));
    await a.press('screen.checklist');
    await a.waitFor((f) => f.includes('Fixes'));
    expect(nonAscii(a.frame())).toEqual([]);
    while (a.store.get().ui.tables.checklist?.selected !== 'fixes') await a.press('nav.down');
    await a.press('checklist.open');
    await a.waitFor((f) => f.includes('Rewrite the table'));
    expect(nonAscii(a.frame())).toEqual([]);
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Run this statement on the server?'));
    expect(nonAscii(a.frame())).toEqual([]);
    await a.press('dialog.cancel', 2);
    await a.waitFor((f) => !f.includes('Run this statement'));
    await a.press('nav.down');
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Value for <table>'));
    expect(nonAscii(a.frame())).toEqual([]);
  });

  it('the header while connecting draws only ASCII', async () => {
    const store = new Store();
    store.setStatus({ state: 'connecting', attempt: 0 }, undefined);
    app = await renderApp({ store, unicode: false });
    const f = await app.waitFor((f) => f.includes('connecting'));
    expect(nonAscii(f)).toEqual([]);
  });
});
