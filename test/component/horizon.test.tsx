import { afterEach, describe, expect, it } from 'vitest';
import { paneState } from '../../src/state/panes';
import { ACTIVITY_PANE } from '../../src/screens/activity/pane';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, snapshot, NOW_S } from './fixtures';
import { holder, paneSnapshot } from '../unit/replication/fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

const idle = backend(4242, { state: 'idle in transaction', xactStart: NOW_S - 600, backendXmin: '900', query: 'update accounts set x = 1' });
const HOLDERS = [
  holder('backend', 'billing', { pid: 4242, backendStart: idle.backendStart, state: 'idle in transaction', xminAge: 9000, since: NOW_S - 600, user: 'app', database: 'shop', activityKey: idle.key, xmin: '900' }),
  holder('slot', 'old_slot', { state: 'inactive', detail: 'logical catalog_xmin', xminAge: 12_000, xmin: '800' }),
  holder('prepared', 'tx-17', { xminAge: 300, since: NOW_S - 60, database: 'shop' }),
  holder('standby', 'replica1', { pid: 5000, backendStart: NOW_S - 100, state: 'streaming', xminAge: 100, activityKey: `5000:${NOW_S - 100}` }),
];

async function show() {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  const snap = paneSnapshot({ horizon: HOLDERS });
  // The activity pane needs its own rows to select the jumped-to backend.
  snap.results.activity = snapshot([idle, backend(1), backend(5000, { backendType: 'walsender', application: 'replica1', state: 'active' })]).results.activity!;
  store.pushSnapshot(snap);
  app = await renderApp({ store, columns: 130, rows: 24 });
  await app.press('screen.horizon');
  await app.waitFor((f) => f.includes('Xmin horizon'));
  return app;
}

describe('xmin horizon screen', () => {
  it('answers in one line who holds the horizon, and lists every holder oldest first', async () => {
    const a = await show();
    const f = await a.waitFor((f) => f.includes('old_slot'));
    expect(f).toMatch(/VACUUM cannot remove rows deleted after xmin 800 \(12\.0k transactions ago\), held by inactive slot old_slot/);
    const lines = f.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('old_slot')).toBeLessThan(at('billing'));
    expect(at('billing')).toBeLessThan(at('tx-17'));
    expect(at('tx-17')).toBeLessThan(at('replica1'));
    expect(f).toContain('10m00s');
    expect(f).toContain("pg_drop_replication_slot('old_slot')");
  });

  it('jumps to the idle-in-transaction session in the activity pane with Enter, selected there', async () => {
    const a = await show();
    await a.press('nav.down');
    await a.waitFor((f) => f.includes('COMMIT or ROLLBACK'));
    await a.press('horizon.jump');
    await a.waitFor((f) => f.includes('update accounts'));
    expect(a.store.get().ui.screen).toBe('activity');
    expect(a.store.get().ui.tables.activity!.selected).toBe(idle.key);
  });

  it('reveals background processes to jump to a standby walsender, and refuses a slot', async () => {
    const a = await show();
    await a.press('horizon.jump');
    await a.waitFor((f) => f.includes('not a session'));
    expect(a.store.get().ui.screen).toBe('horizon');
    await a.press('nav.bottom');
    await a.press('horizon.jump');
    await a.waitFor(() => a.store.get().ui.screen === 'activity');
    expect(paneState(a.store.get().ui, ACTIVITY_PANE).showBackground).toBe(true);
    expect(a.store.get().ui.tables.activity!.selected).toBe(`5000:${NOW_S - 100}`);
  });

  it('says when nothing holds the horizon back', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(paneSnapshot({ horizon: [] }));
    app = await renderApp({ store, columns: 100, rows: 20 });
    await app.press('screen.horizon');
    await app.waitFor((f) => f.includes('Nothing holds the xmin horizon back'));
  });
});
