import { describe, expect, it } from 'vitest';
import { paneAction } from '../../../src/state/panes';
import { ACTIVITY_PANE } from '../../../src/screens/activity/pane';
import { activityCollector, activityCollectorFor, type Backend } from '../../../src/data/collectors/activity';
import { planFor } from '../../../src/screens/registry';
import { activityView, compileFilter } from '../../../src/screens/activity/model';
import { initialUi, reduce } from '../../../src/state/ui';

let n = 0;
export function backend(p: Partial<Backend>): Backend {
  const pid = p.pid ?? 1000 + n++;
  return {
    key: `${pid}:1`, pid, backendStart: 1, database: 'app', user: 'alice', application: 'web', clientAddr: '10.0.0.1', clientHostname: null,
    clientPort: 5000, backendType: 'client backend', state: 'active', waitEventType: null, waitEvent: null, xactStart: null, queryStart: null,
    stateChange: null, backendXid: null, backendXmin: null, xminAge: null, leaderPid: null, queryId: null, blockedBy: null, query: 'select 1', partial: false, ...p,
  };
}

const table = { sortColumn: 'xact', desc: true, filter: '', selected: null };
const opts = { showIdle: false, showBackground: false };
const NOW = 10_000_000; // ms

describe('activityView', () => {
  const rows = [
    backend({ pid: 1, xactStart: 9000, query: 'select a' }),
    backend({ pid: 2, xactStart: 5000, query: 'update b' }),
    backend({ pid: 3, state: 'idle', query: 'select c' }),
    backend({ pid: 4, backendType: 'autovacuum worker', state: null, query: 'autovacuum: VACUUM t' }),
    backend({ pid: 5, xactStart: null, query: 'select e' }),
  ];
  it('sorts longest-running transaction first by default, no transaction last', () => {
    expect(activityView(rows, table, opts, NOW).rows.map((b) => b.pid)).toEqual([2, 1, 5]);
  });
  it('hides idle and background processes until toggled, and counts them', () => {
    const v = activityView(rows, table, opts, NOW);
    expect(v.hiddenIdle).toBe(1);
    expect(v.hiddenBackground).toBe(1);
    const all = activityView(rows, table, { showIdle: true, showBackground: true }, NOW);
    expect(all.rows).toHaveLength(5);
  });
  it('counts partial rows (sent for the header only) as hidden, and never shows them', () => {
    const partial = [
      backend({ pid: 21, state: 'idle', partial: true, query: null, database: null }),
      backend({ pid: 22, backendType: 'checkpointer', state: null, partial: true, query: null }),
    ];
    const v = activityView([...rows, ...partial], table, opts, NOW);
    expect(v.rows.map((b) => b.pid)).toEqual([2, 1, 5]);
    expect([v.hiddenIdle, v.hiddenBackground, v.total]).toEqual([2, 2, 7]);
    // Switched on, but their details have not come yet: still hidden until the next refresh.
    const on = activityView([...rows, ...partial], table, { showIdle: true, showBackground: true }, NOW);
    expect(on.rows.map((b) => b.pid)).not.toContain(21);
    expect(on.rows.map((b) => b.pid)).not.toContain(22);
    expect([on.hiddenIdle, on.hiddenBackground]).toEqual([1, 1]);
  });
  it('inverts and changes the sort column', () => {
    expect(activityView(rows, { ...table, desc: false }, opts, NOW).rows.map((b) => b.pid)).toEqual([1, 2, 5]);
    expect(activityView(rows, { ...table, sortColumn: 'pid', desc: false }, opts, NOW).rows.map((b) => b.pid)).toEqual([1, 2, 5]);
  });
  it('filters by text and by regular expression over the listed fields', () => {
    expect(activityView(rows, { ...table, filter: 'UPDATE' }, opts, NOW).rows.map((b) => b.pid)).toEqual([2]);
    expect(activityView(rows, { ...table, filter: '/^select [ae]$/' }, opts, NOW).rows.map((b) => b.pid)).toEqual([1, 5]);
    const bad = activityView(rows, { ...table, filter: '/(/' }, opts, NOW);
    expect(bad.filterError).toMatch(/invalid regular expression/);
  });
  it('matches application, user, database and client', () => {
    const r = [backend({ pid: 9, application: 'billing-worker' }), backend({ pid: 8, user: 'bob' }), backend({ pid: 7, clientAddr: '192.168.1.5' })];
    expect(compileFilter('billing').test(r[0]!)).toBe(true);
    expect(compileFilter('bob').test(r[1]!)).toBe(true);
    expect(compileFilter('192.168').test(r[2]!)).toBe(true);
    expect(compileFilter('bob').test(r[0]!)).toBe(false);
  });
});

describe('selection by identity', () => {
  it('stays on the same backend when rows reorder', () => {
    let ui = initialUi();
    const keys = ['1:1', '2:1', '3:1'];
    const down = { type: 'table.move', table: 'activity', initial: { sortColumn: 'xact', desc: true, filter: '', selected: null }, rowKeys: keys, delta: 1 } as const;
    ui = reduce(ui, down); // selects first
    ui = reduce(ui, down);
    expect(ui.tables.activity!.selected).toBe('2:1');
    ui = reduce(ui, { ...down, rowKeys: ['3:1', '2:1', '1:1'] });
    expect(ui.tables.activity!.selected).toBe('1:1');
  });
  it('steps the refresh interval within 0.5 s and 60 s', () => {
    let ui = initialUi();
    for (let i = 0; i < 20; i++) ui = reduce(ui, { type: 'interval', dir: -1 });
    expect(ui.intervalMs).toBe(500);
    for (let i = 0; i < 20; i++) ui = reduce(ui, { type: 'interval', dir: 1 });
    expect(ui.intervalMs).toBe(60_000);
  });
});

describe('what the activity pane fetches', () => {
  it('asks the server only for the rows its options show, and for more as soon as they are switched on', () => {
    let ui = initialUi();
    const fetched = () => planFor('activity', ui).filter((c) => c.id === 'activity');
    expect(fetched()).toEqual([activityCollectorFor({ idle: false, background: false })]);
    ui = reduce(ui, paneAction(ACTIVITY_PANE, { type: 'toggle', which: 'showIdle' }));
    expect(fetched()).toEqual([activityCollectorFor({ idle: true, background: false })]);
    ui = reduce(ui, paneAction(ACTIVITY_PANE, { type: 'toggle', which: 'showBackground' }));
    expect(fetched()).toEqual([activityCollector]);
    // Other screens and callers without options keep every row.
    expect(planFor('activity').filter((c) => c.id === 'activity')).toEqual([activityCollector]);
  });
});
