import { afterEach, describe, expect, it } from 'vitest';
import type { AppEffects } from '../../src/screens/effects';
import type { ActionRequest } from '../../src/actions/types';
import type { LockNode } from '../../src/data/collectors/locks';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, NOW_S, snapshot } from './fixtures';
import { QUEUE, actEffects, locksSnapshot, node, waiter } from '../unit/locks/fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

async function open(opts: { nodes?: LockNode[]; readOnly?: boolean; columns?: number; rows?: number; acted?: ActionRequest[] } = {}) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(locksSnapshot(opts.nodes ?? QUEUE));
  app = await renderApp({
    store,
    columns: opts.columns,
    rows: opts.rows,
    props: { readOnly: opts.readOnly ?? false, effects: actEffects(opts.acted ?? []) as AppEffects },
  });
  await app.press('screen.locks');
  await app.waitFor((f) => f.includes('blocking tree'));
  return app;
}

const bodyLines = (f: string) => f.split('\n').slice(5);

describe('locks pane', () => {
  it('draws each root with its waiters nested, the heaviest tree first, at 80x24', async () => {
    const a = await open();
    const f = await a.waitFor((f) => f.includes('└─'));
    expect(f).toContain('Locks: 2 blocking trees, 4 waiting (longest 50s)');
    const lines = f.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(23);
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    // 200 has three sessions behind it, 100 only one.
    expect(at(/^[ ▶]200 /)).toBeGreaterThan(0);
    expect(at(/^[ ▶]200 /)).toBeLessThan(at(/^[ ▶]100 /));
    expect(at(/^[ ▶]200 /)).toBeLessThan(at(/└─201/));
    expect(lines[at(/└─201/)]).toMatch(/AccessExcl +public\.orders +12s +2 alter/);
    expect(lines[at(/^[ ▶]200 /)]).toMatch(/ 3 update/);
    expect(f).toMatch(/│ ├─202|  ├─202/);
    expect(f).toMatch(/row of public\.accou/);
    // The selected row (the heaviest root) is explained in full below the table.
    expect(f).toContain('pid 200 batch@shop is idle in transaction, holds 2 locks');
    expect(f).toContain('3 sessions wait behind it (K terminates it and releases them)');
  });

  it('marks a waiter with two blockers under both, and a deadlock cycle', async () => {
    const nodes = [node(1), node(2), waiter(3, [1, 2]), waiter(7, [8]), waiter(8, [7])];
    const a = await open({ nodes, columns: 100 });
    const f = await a.waitFor((f) => f.includes('@') || f.includes('↺'));
    expect(f.match(/─3 \+/g)).toHaveLength(2);
    expect(f).toMatch(/\b7 ↺/);
    expect(f).toMatch(/─7 ↺/);
  });

  it('shows the locks of the selected backend and the server-wide counts with v', async () => {
    const a = await open({ columns: 100 });
    await a.press('locks.toggleView');
    const f = await a.waitFor((f) => f.includes('Locks of pid 200'));
    expect(f).toContain('Locks of pid 200 (batch@shop): 2 held, 0 awaited');
    expect(f).toMatch(/relation +RowExclusiveLock +yes/);
    expect(f).toMatch(/transactionid +ExclusiveLock +yes .*xid 777/);
    expect(f).toContain('Lock counts on the server (0 granted, 3 waiting)');
    expect(f).toMatch(/public\.orders +relation +AccessShareLock +0 +2/);
    await a.press('nav.down');
    const g = await a.waitFor((f) => f.includes('Locks of pid 201 (deploy@shop): 1 held, 1 awaited'));
    expect(g).toMatch(/relation +AccessExclusiveLock +WAITING +12s public\.orders/);
    await a.press('locks.toggleView');
    await a.waitFor((f) => f.includes('└─201'));
  });

  it('terminates the root blocker only after y, with the dialog saying what it releases', async () => {
    const acted: ActionRequest[] = [];
    const a = await open({ acted });
    await a.press('backend.terminate');
    let f = await a.waitFor((f) => f.includes('Terminate 1 backend?'));
    expect(f).toContain('pid 200  batch@shop  app web  from 10.1.2.3');
    expect(f).toContain('idle in transaction for 30s, transaction open 1m00s');
    expect(f).toContain('query: update orders set v = v + 1 where id = 1');
    expect(f).toContain('3 sessions wait behind it: terminating it releases its locks');
    expect(f).toContain('y: terminate 1 backend');
    await a.press('dialog.cancel');
    // The tree shows under the dialog too: wait for the dialog to go.
    await a.waitFor((f) => !f.includes('Terminate 1 backend?') && f.includes('└─201'));
    expect(acted).toHaveLength(0);
    await a.press('backend.terminate');
    await a.waitFor((f) => f.includes('Terminate 1 backend?'));
    await a.press('dialog.cancel', 1);
    await a.waitFor((f) => !f.includes('Terminate 1 backend?'));
    expect(acted).toHaveLength(0);
    await a.press('backend.terminate');
    await a.waitFor((f) => f.includes('Terminate 1 backend?'));
    await a.press('dialog.confirm');
    f = await a.waitFor((f) => f.includes('acted on 200'));
    expect(acted).toHaveLength(1);
    expect(acted[0]).toMatchObject({ kind: 'terminate', screen: 'locks' });
    expect(acted[0]!.targets).toEqual([expect.objectContaining({ pid: 200, backendStart: NOW_S - 100, behind: 3, user: 'batch' })]);
  });

  it('acts on the root when 2 and K arrive in one burst, before any frame of the locks pane', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(locksSnapshot(QUEUE));
    app = await renderApp({ store, props: { effects: actEffects([]) as AppEffects } });
    await app.waitFor((f) => f.includes('Activity'));
    await app.burst('2K');
    const f = await app.waitFor((f) => f.includes('Terminate 1 backend?') || f.includes('no backend selected'));
    expect(f).toContain('Terminate 1 backend?');
    expect(f).toContain('pid 200  batch@shop');
  });

  it('says it is reading the tree, not that nobody waits, before the first refresh of the pane', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([backend(101, { waitEventType: 'Lock', blockedBy: [100] })]));
    app = await renderApp({ store });
    await app.press('screen.locks');
    const f = await app.waitFor((f) => f.includes('Locks'));
    expect(f).toContain('Locks — waiting for its first refresh');
    expect(f).not.toContain('nobody waits');
    store.pushSnapshot(locksSnapshot(QUEUE, 2));
    await app.waitFor((f) => f.includes('Locks: 2 blocking trees'));
  });

  it('warns that cancel does nothing to an idle transaction', async () => {
    const a = await open();
    await a.press('backend.cancel');
    const f = await a.waitFor((f) => f.includes('Cancel the query of 1 backend?'));
    expect(f).toContain('cancel does nothing');
  });

  it('acts on tagged backends, then clears the tags', async () => {
    const acted: ActionRequest[] = [];
    const a = await open({ acted });
    await a.press('nav.down');
    await a.press('backend.tag');
    await a.press('backend.tag');
    const f = await a.waitFor((f) => f.includes('2 tagged'));
    expect(bodyLines(f).filter((l) => /^[ ▶]\*/.test(l))).toHaveLength(2);
    await a.press('backend.cancel');
    await a.waitFor((f) => f.includes('Cancel the query of 2 backends?'));
    await a.press('dialog.confirm');
    await a.waitFor((f) => f.includes('acted on 201,202'));
    expect(a.store.get().ui.tagged.locks).toEqual([]);
  });

  it('explains why a prepared transaction or our own connection cannot be signalled', async () => {
    const nodes = [node(0, { listed: false, backendStart: null, key: '0:', user: null, database: null, query: null }), waiter(5, [0])];
    const a = await open({ nodes });
    await a.press('backend.terminate');
    const f = await a.waitFor((f) => f.includes('nothing to terminate'));
    expect(f).toContain('prepared transaction');
    expect(a.store.get().ui.modals).toHaveLength(0);
  });

  it('jumps from a waiting backend in the activity pane to its root blocker', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(locksSnapshot(QUEUE));
    app = await renderApp({ store, columns: 120, props: { effects: actEffects([]) as AppEffects } });
    await app.waitFor((f) => f.includes('Activity'));
    // Select 203 in the activity table, then ask for its blocker.
    store.dispatch({ type: 'select', table: 'activity', key: backend(203).key });
    await app.waitFor((f) => /^▶ +203 /m.test(f));
    await app.press('activity.showBlocker');
    const f = await app.waitFor((f) => f.includes('pid 203 waits behind root blocker pid 200'));
    expect(store.get().ui.screen).toBe('locks');
    expect(f).toContain('pid 200 batch@shop is idle in transaction');
  });

  it('never lets escape sequences from the server through, in the tree or the dialog', async () => {
    const nodes = [node(300, { application: '\x1b]0;pwned\x07', query: 'select 1 \x1b[2J\x1b[31mred', user: 'u\u202eevil' }), waiter(301, [300])];
    const a = await open({ nodes, columns: 160 });
    await a.waitFor((f) => f.includes('301'));
    await a.press('backend.terminate');
    await a.waitFor((f) => f.includes('Terminate 1 backend?'));
    const raw = a.rawFrame();
    for (const bad of ['\x1b]', '\x1b[2J', '\x07', '\u202e']) expect(raw).not.toContain(bad);
    expect(a.frame()).toContain('^[[2J');
  });
});

describe('confirmation dialog with many backends', () => {
  it('lists every pid even when the rows do not fit', async () => {
    const many = Array.from({ length: 40 }, (_, i) => waiter(1000 + i, [999]));
    const acted: ActionRequest[] = [];
    const a = await open({ nodes: [node(999), ...many], acted });
    for (let i = 0; i < 41; i++) await a.press('backend.tag');
    await a.press('backend.terminate');
    const f = await a.waitFor((f) => f.includes('Terminate 41 backends?'));
    expect(f).toMatch(/and \d+ more: pid/);
    const pids = new Set((f.match(/\b1\d{3}\b/g) ?? []).map(Number));
    for (let i = 0; i < 40; i++) expect(pids.has(1000 + i), String(1000 + i)).toBe(true);
  });
});
