import { afterEach, describe, expect, it } from 'vitest';
import { paneState } from '../../src/state/panes';
import { LOCKS_PANE } from '../../src/screens/locks/pane';
import { VACUUM_PANE } from '../../src/screens/vacuum/pane';
import { HORIZON_PANE } from '../../src/screens/horizon/pane';
import type { Snapshot } from '../../src/data/collector';
import type { Suspects } from '../../src/data/collectors/problems';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, NOW_S, snapshot, summary } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

const START = NOW_S - 100;

function suspects(p: Partial<Suspects> = {}): Suspects {
  return { now: NOW_S, blockers: [], idleInXact: [], longQueries: [], horizon: null, newBackends: { count: 0, windowS: 10 }, tables: [], archiver: null, wraparound: null, ...p };
}

const session = (pid: number, state: string, since: number) => ({
  pid, backendStart: START, application: 'billing', user: 'app', database: 'shop', state, xactStart: since, since, query: 'update orders set x = 1',
});

/** pid 4242 blocks 5 sessions (critical), pid 3131 has been idle in transaction for 2 minutes (warning). */
function incident(seq: number): Snapshot {
  const snap = snapshot(
    [
      backend(4242, { state: 'idle in transaction', xactStart: NOW_S - 300, stateChange: NOW_S - 200 }),
      backend(3131, { state: 'idle in transaction', xactStart: NOW_S - 150, stateChange: NOW_S - 120 }),
      backend(5000, { state: 'active', waitEventType: 'Lock', blockedBy: [4242] }),
    ],
    seq,
  );
  snap.takenAt = (NOW_S + seq) * 1000;
  const data = suspects({ blockers: [{ ...session(4242, 'idle in transaction', NOW_S - 200), blocked: 5 }], idleInXact: [session(3131, 'idle in transaction', NOW_S - 120)] });
  snap.results.problems = { state: 'ok', data, at: snap.takenAt, ms: 3 };
  return snap;
}

/** Two refreshes: a problem holds for two before it shows. */
function storeWithIncident(): Store {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(incident(1));
  store.pushSnapshot(incident(2));
  return store;
}

describe('problems in the monitor', () => {
  it('at 80x24: the worst problem on one line under the header, its key and how many more', async () => {
    app = await renderApp({ store: storeWithIncident(), columns: 80, rows: 24 });
    const f = await app.waitFor((f) => f.includes('pid 4242'));
    const lines = f.split('\n');
    expect(lines[3]).toMatch(/^!! pid 4242 \(app billing, .*\[2\] \(\+1 more\)$/);
    expect(lines[4]).not.toContain('pid 3131 (app');
    expect(lines).toHaveLength(23);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('at 200x50: one line per problem', async () => {
    app = await renderApp({ store: storeWithIncident(), columns: 200, rows: 50 });
    const f = await app.waitFor((f) => f.includes('pid 4242'));
    const lines = f.split('\n');
    expect(lines[3]).toMatch(/^!! pid 4242 \(app billing, idle in transaction 3m\S*\) blocks 5 sessions \[2\]$/);
    expect(lines[4]).toMatch(/^!  pid 3131 \(app billing\) has been idle in transaction for 2m\S* \[1\]$/);
    expect(f).not.toContain('more)');
  });

  it('draws no problems line on a quiet server', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([backend(1)], 1));
    app = await renderApp({ store });
    const f = await app.waitFor((f) => f.includes('conn 12/100'));
    expect(f.split('\n')[3]).not.toMatch(/^!/);
  });

  it('! lists every problem with its severity, sentence and key; Enter lands on the culprit in its pane', async () => {
    const store = storeWithIncident();
    app = await renderApp({ store, columns: 100, rows: 30 });
    await app.waitFor((f) => f.includes('pid 4242'));
    await app.press('app.problems');
    let f = await app.waitFor((f) => f.includes('Problems (2)'));
    expect(f).toMatch(/!! CRITICAL pid 4242 .* blocks 5 sessions/);
    expect(f).toMatch(/!  warning  pid 3131 .*idle in transaction/);
    expect(f).toContain('key 2: Locks, the culprit selected');
    expect(f).toContain('key 1: Activity, the culprit selected');
    await app.press('problems.down');
    f = await app.waitFor((f) => /▶ !  warning/.test(f));
    await app.press('problems.jump');
    await app.waitFor((f) => !f.includes('Problems (2)') && f.includes('Activity'));
    expect(store.get().ui.screen).toBe('activity');
    expect(store.get().ui.tables.activity?.selected).toBe(`3131:${START}`);
    const row = (await app.waitFor((f) => /▶.*3131/.test(f))).split('\n').find((l) => l.includes('▶'));
    expect(row).toContain('3131');
  });

  it('Enter on a lock blocker opens the locks pane aimed at that pid', async () => {
    const store = storeWithIncident();
    app = await renderApp({ store });
    await app.waitFor((f) => f.includes('pid 4242'));
    await app.press('app.problems');
    await app.waitFor((f) => f.includes('Problems (2)'));
    await app.press('problems.jump');
    await app.waitFor(() => store.get().ui.screen === 'locks');
    expect(paneState(store.get().ui, LOCKS_PANE).focusPid).toBe(4242);
    expect(store.get().ui.modals).toEqual([]);
  });

  it('the key a problem on the line names opens its pane aimed at the culprit', async () => {
    const store = storeWithIncident();
    app = await renderApp({ store });
    await app.waitFor((f) => f.includes('pid 4242'));
    await app.press('screen.locks');
    await app.waitFor(() => store.get().ui.screen === 'locks');
    expect(paneState(store.get().ui, LOCKS_PANE).focusPid).toBe(4242);
  });

  it('Esc closes the list; with no problems it says so', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([backend(1)], 1));
    app = await renderApp({ store });
    await app.press('app.problems');
    await app.waitFor((f) => f.includes('No problems'));
    await app.press('problems.close');
    await app.waitFor((f) => !f.includes('No problems'));
  });

  it('one store notification, so one render, per snapshot', () => {
    const store = storeWithIncident();
    let n = 0;
    store.subscribe(() => n++);
    store.pushSnapshot(incident(3));
    expect(n).toBe(1);
    expect(store.get().problems.map((p) => p.subject.value)).toEqual(['4242', '3131']);
  });
});

describe('Enter on a problem in the other panes', () => {
  /** A snapshot whose suspects are `p`, at refresh `seq`. */
  function withSuspects(p: Partial<Suspects>, seq: number): Snapshot {
    const snap = snapshot([backend(4242)], seq);
    snap.takenAt = (NOW_S + seq) * 1000;
    snap.results.problems = { state: 'ok', data: suspects(p), at: snap.takenAt, ms: 3 };
    return snap;
  }
  async function jumpWith(p: Partial<Suspects>): Promise<Store> {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(withSuspects(p, 1));
    store.pushSnapshot(withSuspects(p, 2));
    app = await renderApp({ store });
    await app.waitFor((f) => /^!/m.test(f));
    await app.press('app.problems');
    await app.press('problems.jump');
    return store;
  }

  it('a table past its trigger: the tables view of the vacuum pane, the table selected', async () => {
    const store = await jumpWith({ tables: [{ relid: 16400, name: 'public.orders', deadTuples: 1_200_000, liveTuples: 2_600_000, trigger: 350_000, autovacuumOff: false, lastVacuum: null }] });
    await app!.waitFor(() => store.get().ui.screen === 'vacuum');
    expect(paneState(store.get().ui, VACUUM_PANE).view).toBe('tables');
    expect(store.get().ui.tables['vacuum.tables']).toMatchObject({ selected: '16400', pinned: true });
  });

  it('the horizon holder: pane 7 selects its session once the holders arrive', async () => {
    const holder = { ...session(4242, 'idle in transaction', NOW_S - 3000), xactStart: NOW_S - 3000, xidAge: 2_300_000, deadTuples: 2_100_000 };
    const store = await jumpWith({ horizon: holder });
    await app!.waitFor(() => store.get().ui.screen === 'horizon');
    expect(paneState(store.get().ui, HORIZON_PANE).focus).toBe(`4242:${START}`);
    const snap = withSuspects({ horizon: holder }, 3);
    const row = (pid: number, key: string) => ({ key, kind: 'backend' as const, pid, backendStart: START, name: 'billing', user: 'app', database: 'shop', state: 'idle in transaction', xmin: '1000', xminAge: 2_300_000 - pid, since: NOW_S - 3000, detail: 'client backend', activityKey: `${pid}:${START}` });
    snap.results.horizon = { state: 'ok', data: [row(1, 'backend:1:billing:client backend'), row(4242, 'backend:4242:billing:client backend')], at: snap.takenAt, ms: 2 };
    store.pushSnapshot(snap);
    // The cursor is on the holder's row, though another holder is listed first.
    await app!.waitFor((f) => /▶.*4242/.test(f));
    expect(store.get().ui.tables.horizon).toMatchObject({ selected: 'backend:4242:billing:client backend', pinned: true });
    expect(paneState(store.get().ui, HORIZON_PANE).focus).toBeNull();
  });
});

describe('ages and dead tuples against the thresholds', () => {
  it('the activity pane marks ages past their limits and shows the xmin age where it fits', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    // Idle in transaction for 2 minutes (warning past 1 min), in a transaction of 70 minutes (critical
    // past 1 h), holding an xmin 1.2 billion transactions old (warning past 1 billion).
    store.pushSnapshot(snapshot([backend(3131, { state: 'idle in transaction', xactStart: NOW_S - 4200, stateChange: NOW_S - 120, xminAge: 1_200_000_000 }), backend(7, { state: 'idle', xactStart: null, stateChange: NOW_S - 4000 })]));
    app = await renderApp({ store, columns: 200, rows: 30 });
    const f = await app.waitFor((f) => f.includes('XMIN AGE'));
    const row = f.split('\n').find((l) => /^\S? *3131 /.test(l))!;
    expect(row).toMatch(/1h10m!! /);
    expect(row).toMatch(/2m00s! /);
    expect(row).toMatch(/1\.2G! /);
    const idle = f.split('\n').find((l) => /^\S? *7 /.test(l));
    expect(idle ?? '').not.toContain('!');
  });

  it('the vacuum pane marks DEAD% past the dead tuple limits once a table is past its trigger', async () => {
    const { tableColumns } = await import('../../src/screens/vacuum/columns');
    const { DEFAULT_THRESHOLDS } = await import('../../src/problems');
    const col = tableColumns({ nowMs: NOW_S * 1000, ascii: true, thresholds: DEFAULT_THRESHOLDS }).find((c) => c.id === 'deadShare')!;
    const row = (deadShare: number, vacuumRatio: number) => ({ deadShare, vacuumRatio }) as unknown as Parameters<typeof col.render>[0];
    expect(col.render(row(0.31, 3.4))).toBe('31.0%!!');
    expect(col.render(row(0.15, 1.2))).toBe('15.0%!');
    expect(col.render(row(0.31, 0.5))).toBe('31.0%');
    expect(col.tone?.(row(0.31, 3.4))).toBe('bad');
  });
});

describe('header markers', () => {
  function busy(): Store {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([], 1, summary({ clientTotal: 90, longestXactS: 4000, oldestXminAge: 1234 })));
    // Half the blocks read over the interval came from disk: 50 % hit.
    store.pushSnapshot(snapshot([], 2, summary({ clientTotal: 90, longestXactS: 4000, oldestXminAge: 1234, blksHit: 1040, blksRead: 60, takenAt: NOW_S + 2 })));
    return store;
  }

  for (const unicode of [true, false]) {
    it(`mark what is past a threshold without colour (${unicode ? 'UTF-8' : 'ASCII'})`, async () => {
      app = await renderApp({ store: busy(), color: false, unicode });
      const f = await app.waitFor((f) => f.includes('conn 90/100'));
      const head = f.split('\n').slice(0, 3);
      expect(head[1]).toMatch(/conn 90\/100 \(.*\) ! /);
      expect(head[1]).toContain('hit 50.0% !!');
      expect(head[2]).toMatch(/longest xact 1h\S* !! /);
      expect(head[2]).toMatch(/xmin age 1\.2k  db/);
      for (const l of head) expect(l.length).toBeLessThanOrEqual(80);
      if (!unicode) for (const l of head) expect(l).toMatch(/^[\x20-\x7e]*$/);
    });
  }

  it('thresholds from the preferences reach the header', async () => {
    const store = new Store(undefined, { thresholds: { ...(await import('../../src/problems')).DEFAULT_THRESHOLDS, connections: { warn: 0.05, critical: 0.1 } } });
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([], 1));
    app = await renderApp({ store });
    const f = await app.waitFor((f) => f.includes('conn 12/100'));
    expect(f.split('\n')[1]).toMatch(/conn 12\/100 \(.*\) !! /);
  });
});
