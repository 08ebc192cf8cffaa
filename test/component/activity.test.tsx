import { afterEach, describe, expect, it } from 'vitest';
import { helpPages } from '../helpers/help';
import { renderApp, type Rendered } from '../helpers/render';
import { Store } from '../../src/state/store';
import { backend, caps, snapshot, NOW_S } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

async function withRows(rows = [backend(101, { xactStart: NOW_S - 300, query: 'update orders set x = 1' }), backend(102), backend(103, { state: 'idle', xactStart: null })], size = {}) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(snapshot(rows));
  app = await renderApp({ store, ...size });
  return app;
}

describe('activity pane', () => {
  it('shows header figures and backends at 80x24, longest transaction first, idle hidden', async () => {
    const a = await withRows();
    const f = await a.waitFor((f) => f.includes('update orders'));
    expect(f).toContain('PostgreSQL 17.4');
    expect(f).toContain('primary');
    expect(f).toContain('conn 12/100');
    expect(f).toMatch(/1 idle hidden/);
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.findIndex((l) => l.includes('101'))).toBeLessThan(lines.findIndex((l) => l.includes('102')));
    expect(f).not.toMatch(/\b103\b/);
  });

  it('at 80x24 a lock wait still reads as one, help and quit stay in the footer, and the panes are named', async () => {
    const a = await withRows([
      backend(4242, { state: 'idle in transaction', query: 'update stock set n = 1' }),
      backend(4343, { waitEventType: 'Lock', waitEvent: 'transactionid', blockedBy: [4242], query: 'update stock set n = 2' }),
      backend(4444, { waitEventType: 'Lock', waitEvent: 'relation', blockedBy: [4343, 4242], query: 'alter table stock' }),
    ]);
    const f = await a.waitFor((f) => f.includes('alter table stock'));
    const line = (pid: number) => f.split('\n').find((l) => l.includes(` ${pid} `)) ?? '';
    expect(line(4343)).toMatch(/ waiting /);
    expect(line(4444)).toMatch(/ waiting /);
    expect(line(4242)).toMatch(/idle txn/);
    const lines = f.split('\n');
    const footer = lines[lines.length - 1]!;
    expect(footer).toMatch(/\?:help/);
    expect(footer).toMatch(/q:quit/);
    expect(lines[lines.length - 2]).toMatch(/^\[1 act\] +2 locks +3 stmts/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('toggles idle sessions, sorts, and filters by text', async () => {
    const a = await withRows();
    await a.press('activity.toggleIdle');
    await a.waitFor((f) => /\b103\b/.test(f));
    await a.press('filter.open');
    await a.type('orders');
    const f = await a.waitFor((f) => !/\b102\b/.test(f.split('\n').slice(5).join('\n')));
    expect(f).toContain('101');
    await a.press('prompt.submit');
    await a.press('filter.clear');
    await a.waitFor((f) => /\b102\b/.test(f));
    await a.press('sort.invert');
    const inv = a.frame().split('\n');
    expect(inv.findIndex((l) => /\b102\b/.test(l))).toBeLessThan(inv.findIndex((l) => /\b101\b/.test(l)));
  });

  it('keeps the selection on the same backend across refreshes that reorder rows', async () => {
    const a = await withRows();
    await a.press('nav.down');
    expect(a.store.get().ui.tables.activity!.selected).toBe(backend(102).key);
    // 102's transaction now becomes the oldest: it moves to the top.
    a.store.pushSnapshot(snapshot([backend(101, { xactStart: NOW_S - 300 }), backend(102, { xactStart: NOW_S - 900 })], 2));
    await a.waitFor((f) => f.split('\n').findIndex((l) => /\b102\b/.test(l)) < f.split('\n').findIndex((l) => /\b101\b/.test(l)));
    expect(a.store.get().ui.tables.activity!.selected).toBe(backend(102).key);
  });

  it('opens the full query wrapped and copies it with y', async () => {
    const long = 'select ' + Array.from({ length: 40 }, (_, i) => `col_${i}`).join(', ') + ' from wide_table';
    const a = await withRows([backend(201, { query: long })]);
    await a.press('activity.openQuery');
    const f = await a.waitFor((f) => f.includes('wide_table'));
    expect(f).toContain('col_39');
    await a.press('query.copy');
    expect(a.effects.calls).toContain(`copy:${long}`);
    await a.press('modal.close', 0);
    await a.waitFor((f) => f.includes('Activity'));
  });

  it('pauses: the screen freezes while snapshots keep coming, and resumes with a refresh', async () => {
    const a = await withRows();
    // None when the App mounts: the monitor's first screen already holds its first refresh (src/cli/tui.tsx).
    expect(a.effects.calls.filter((c) => c === 'refresh')).toEqual([]);
    await a.press('app.pause');
    await a.waitFor((f) => f.includes('PAUSED'));
    a.store.pushSnapshot(snapshot([backend(999, { query: 'select new_row' })], 2));
    // A frame drawn after the snapshot arrived: the refresh interval changes in the header.
    await a.press('app.faster');
    await a.waitFor((f) => f.includes('refresh 1s'));
    expect(a.frame()).not.toContain('new_row');
    await a.press('app.pause');
    await a.waitFor((f) => !f.includes('PAUSED'));
    expect(a.effects.calls.filter((c) => c === 'refresh')).toEqual(['refresh']);
  });

  it('changes the refresh interval within bounds with + and -', async () => {
    const a = await withRows();
    await a.press('app.faster');
    await a.waitFor((f) => f.includes('refresh 1s'));
    expect(a.effects.calls).toContain('interval:1000');
    await a.press('app.slower');
    await a.press('app.slower');
    await a.waitFor((f) => f.includes('refresh 3s'));
  });

  it('draws with ASCII only when the locale is not UTF-8', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([backend(1)]));
    app = await renderApp({ store, unicode: false });
    const f = await app.waitFor((f) => f.includes('XACT'));
    expect(f).toMatch(/XACTv/);
    expect([...f].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
  });

  it('shows help generated from the command table', async () => {
    const a = await withRows();
    // Help grows with every pane: page through all of it.
    const pages = await helpPages(a);
    expect(pages[0]).toContain('Quit');
    const text = pages.join('\n');
    // Generated from the same table the dispatcher uses: every group and the column legend appear.
    for (const want of ['Filter rows', 'Show / hide idle', 'Copy the query', 'XACT', 'Refresh more often']) expect(text).toContain(want);
    await a.press('help.close');
    await a.waitFor((f) => f.includes('Activity'));
  });

  it('renders 10,000 backends by drawing only the visible rows', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => backend(10_000 + i, { xactStart: NOW_S - i }));
    const a = await withRows(rows);
    const f = await a.waitFor((f) => f.includes('19999'));
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    await a.press('nav.bottom');
    // The cursor on the last row (the header's counts may say 10000 already).
    await a.waitFor((f) => /^▶ *10000\b/m.test(f));
  });

  it('says when the role cannot see other queries and names the grant', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, { ...caps, readAllStats: false, isSuperuser: false, currentUser: 'watcher' });
    store.pushSnapshot(snapshot([backend(1, { query: '<insufficient privilege>' })]));
    app = await renderApp({ store, columns: 120 });
    const f = await app.waitFor((f) => f.includes('GRANT pg_monitor TO watcher'));
    expect(f).toContain('insufficient privilege');
  });

  it('shows a lost connection in the header and keeps the rows', async () => {
    const a = await withRows();
    a.store.setStatus({ state: 'lost', attempt: 2, failure: { kind: 'connection', message: 'Connection terminated unexpectedly' }, nextInMs: 500 }, undefined);
    const f = await a.waitFor((f) => f.includes('reconnecting (attempt 2)'));
    expect(f).toContain('update orders');
  });

  it('never lets escape sequences from the server through', async () => {
    const evil = backend(301, { application: '\x1b]0;pwned\x07app', query: 'select 1 \x1b[2J\x1b[31mred', user: 'u\u202esoh' });
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([evil]));
    app = await renderApp({ store, columns: 160 });
    await app.waitFor((f) => f.includes('301'));
    const raw = app.rawFrame();
    expect(raw).not.toContain('\x1b]');
    expect(raw).not.toContain('\x1b[2J');
    expect(raw).not.toContain('\x07');
    expect(raw).not.toContain('\u202e');
  });

  it('shows a filter that came from the server (a checklist jump fills it with a name) as harmless text', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([backend(301)]));
    app = await renderApp({ store, columns: 160 });
    await app.waitFor((f) => f.includes('301'));
    // The path a checklist jump takes: open the filter, put the value in, then show it and apply it.
    await app.press('filter.open');
    store.dispatch({ type: 'prompt.input', value: 'ev\x1b]52;c;Y3VybA==\x07il' });
    let f = await app.waitFor((f) => f.includes('ev^[]52;c;Y3VybA==^Gil'));
    expect(app.rawFrame()).not.toMatch(/[\x07]|\x1b\]/);
    // The footer offers the pane's keys again once the prompt is closed.
    expect(f).not.toContain('q:quit');
    await app.press('prompt.submit');
    f = await app.waitFor((f) => f.includes('filter: ev^[]52;c;Y3VybA==^Gil') && f.includes('q:quit'));
    expect(f).toContain('Activity 0/1');
    expect(app.rawFrame()).not.toMatch(/[\x07]|\x1b\]/);
  });
  it('redraws the ages of a backend the refresh kept as the same object, and the rest of a backend that changed', async () => {
    const kept = backend(101, { xactStart: NOW_S - 300, query: 'update orders set x = 1' });
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([kept, backend(102)]));
    app = await renderApp({ store, columns: 140 });
    const row = (f: string, pid: number) => f.split('\n').find((l) => l.includes(` ${pid} `)) ?? '';
    let f = await app.waitFor((f) => f.includes('update orders'));
    expect(row(f, 101)).toMatch(/ 5m00s /);
    // 65 s later: the same object for 101 (unchanged row), a new one for 102.
    const later = { ...snapshot([kept, backend(102, { query: 'select later' })], 2), takenAt: (NOW_S + 65) * 1000 };
    store.pushSnapshot(later);
    f = await app.waitFor((f) => f.includes('select later'));
    expect(row(f, 101)).toMatch(/ 6m05s /);
    expect(row(f, 101)).toContain('update orders');
  });
});
