import { afterEach, describe, expect, it } from 'vitest';
import { paneState } from '../../src/state/panes';
import { REPLICATION_PANE } from '../../src/screens/replication/pane';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { caps } from './fixtures';
import { NOW_S, paneSnapshot, PRIMARY, sender, slot, standby, table } from '../unit/replication/fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

async function show(results: Record<string, unknown>, opts: { columns?: number; rows?: number; color?: boolean; unicode?: boolean; standbyCaps?: boolean } = {}) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, opts.standbyCaps ? { ...caps, inRecovery: true } : caps);
  store.pushSnapshot(paneSnapshot(results));
  app = await renderApp({ store, columns: opts.columns ?? 120, rows: opts.rows ?? 30, color: opts.color, unicode: opts.unicode });
  await app.press('screen.replication');
  await app.waitFor((f) => f.includes('Replication'));
  return app;
}

describe('replication pane', () => {
  it('lists every standby with its LSNs and lags, colours the lagging one and raises the header flag', async () => {
    const a = await show({
      replication: [
        sender('standby_a'),
        sender('standby_b', { pid: 4001, key: 'b', replayLagBytes: 64 * 1024 * 1024, replayLagS: 95, flushLagS: 0.2, writeLagS: 0.1, replayLsn: '0/1000000' }),
      ],
      slots: [slot('standby_a'), slot('standby_b', { activePid: 4001 })],
    });
    const f = await a.waitFor((f) => f.includes('standby_b'));
    expect(f).toContain('primary');
    expect(f).toContain('2 standbys');
    expect(f).toContain('64 MB');
    expect(f).toContain('1m35s');
    expect(f).toContain('WARNING');
    expect(f).toMatch(/standby standby_b replays 1m behind/);
    // Header flag, visible on every screen.
    expect(f.split('\n')[0]).toContain('LAG 1m');
    await a.press('screen.activity');
    await a.waitFor((f) => f.includes('Activity'));
    expect(a.frame().split('\n')[0]).toContain('LAG 1m');
  });

  it('switches to the strict thresholds with t: 95 s becomes critical', async () => {
    const a = await show({ replication: [sender('s1', { replayLagBytes: 1000, replayLagS: 95 })] });
    await a.waitFor((f) => f.includes('WARNING'));
    await a.press('replication.strict');
    const f = await a.waitFor((f) => f.includes('CRITICAL'));
    expect(f).toContain('crit 60s');
    expect(paneState(a.store.get().ui, REPLICATION_PANE).strict).toBe(true);
  });

  it('flags an inactive slot that retains WAL, and moves the cursor between senders and slots', async () => {
    const a = await show({
      replication: [sender('s1')],
      slots: [slot('s1'), slot('forgotten', { active: false, activePid: null, retainedBytes: 3 * 1024 ** 3 }), slot('old', { active: false, activePid: null, retainedBytes: 1024 })],
    });
    const f = await a.waitFor((f) => f.includes('forgotten'));
    expect(f).toContain('3.0 GB');
    expect(f).toMatch(/slot forgotten inactive and retaining WAL/);
    expect(f.split('\n')[0]).toContain('SLOT');
    await a.press('replication.focus');
    await a.waitFor(() => a.store.get().ui.tables['replication.slots']?.selected === 'forgotten');
    await a.press('nav.down');
    await a.waitFor(() => a.store.get().ui.tables['replication.slots']?.selected === 'old');
    // The senders table kept its own cursor.
    expect(a.store.get().ui.tables['replication.senders']?.selected).toBe('s1@10.0.0.2');
  });

  it('shows the standby view: replay paused, WAL waiting, upstream and conninfo', async () => {
    const a = await show({ recovery: standby() }, { standbyCaps: true });
    const f = await a.waitFor((f) => f.includes('upstream'));
    expect(f).toContain('standby');
    expect(f).toContain('replay PAUSED');
    expect(f).toContain('16 MB received, not yet replayed');
    expect(f).toContain('6m40s ago');
    expect(f).toContain('db1.example:5432');
    expect(f).toContain('conninfo: user=replicator host=db1.example port=5432');
    expect(f).toMatch(/replay paused/);
    expect(f.split('\n')[0]).toMatch(/LAG 6m|REPLAY PAUSED/);
  });

  it('does not call a quiet primary lag: received WAL all replayed', async () => {
    const a = await show({ recovery: standby({ replayLagBytes: 0, receiveLsn: '0/5000000', replayLsn: '0/5000000', pauseState: 'not paused', lastReplayTime: NOW_S - 3600 }) }, { standbyCaps: true });
    const f = await a.waitFor((f) => f.includes('caught up'));
    expect(f).toContain('OK');
    expect(f.split('\n')[0]).not.toMatch(/LAG|PAUSED/);
  });

  it('shows lag charts per standby with c, gaps where the connection was lost', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    for (let i = 0; i < 30; i++) {
      if (i === 15) store.setStatus({ state: 'lost', attempt: 1, failure: { kind: 'connection', message: 'gone' }, nextInMs: 0 }, caps);
      store.pushSnapshot(paneSnapshot({ replication: [sender('s1', { replayLagBytes: i * 1000, replayLagS: i })] }, i + 1));
    }
    app = await renderApp({ store, columns: 100, rows: 40 });
    await app.press('screen.replication');
    await app.press('charts.toggle');
    const f = await app.waitFor((f) => f.includes('replay lag s1'));
    expect(f).toContain('transactions/s');
    expect(store.get().history.lag.get('s1')!.tail(100)).toContain(null);
    for (const l of f.split('\n')) expect(l.length).toBeLessThanOrEqual(100);
  });

  it('charts the dead tuples of the table selected in the vacuum pane, titled by the name its series was recorded with', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    app = await renderApp({ store, columns: 100, rows: 80 });
    await app.press('screen.vacuum');
    const vacuum = [table('orders', { deadTuples: 9000 }), table('evil\x1b[2Jname', { deadTuples: 40 })];
    store.pushSnapshot(paneSnapshot({ vacuum }, 1));
    await app.waitFor((f) => f.includes('public.orders'));
    await app.press('nav.down');
    expect(store.get().ui.tables['vacuum.tables']?.selected).toBe(String(vacuum[1]!.relid));
    store.pushSnapshot(paneSnapshot({ vacuum }, 2));
    await app.press('screen.replication');
    // The vacuum collector no longer runs: the name comes with the series, not from the vacuum rows.
    for (let i = 3; i < 6; i++) store.pushSnapshot(paneSnapshot({}, i));
    await app.press('charts.toggle');
    const f = await app.waitFor((f) => f.includes('dead tuples public.evil'));
    expect(app.rawFrame()).not.toContain('\x1b[2J');
    expect(f).not.toContain('dead tuples public.orders');
  });

  it('fits 80x24 and draws in ASCII without colour when asked', async () => {
    const a = await show(
      { replication: [sender('s1', { replayLagS: 400, replayLagBytes: 5e9 })], slots: [slot('x', { active: false, activePid: null, retainedBytes: 1e6 })] },
      { columns: 80, rows: 24, unicode: false, color: false },
    );
    const f = await a.waitFor((f) => f.includes('s1'));
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(80);
      expect(l).toMatch(/^[\x20-\x7e]*$/);
    }
    expect(a.rawFrame()).not.toMatch(/\x1b\[3\dm/);
  });

  it('never lets escape sequences from standby or slot names through', async () => {
    const a = await show({ replication: [sender('\x1b]0;pwned\x07evil', { key: 'evil' })], slots: [slot('s\x1b[2Jx')] });
    await a.waitFor((f) => f.includes('pwned') && f.includes('^[[2J'));
    const raw = a.rawFrame();
    expect(raw).not.toContain('\x1b]');
    expect(raw).not.toContain('\x1b[2J');
    expect(raw).not.toContain('\x07');
  });

  it('reads the primary role from the recovery collector over the probe', async () => {
    const a = await show({ recovery: PRIMARY });
    const f = await a.waitFor((f) => f.includes('no standby connected'));
    expect(f).toContain('no replication slots');
  });
});
