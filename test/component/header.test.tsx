import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { caps, NOW_S, snapshot, summary } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

describe('header', () => {
  it('counts sessions waiting for a lock and says how old the database size is, at 80x24', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    const snap = snapshot([], 1, summary({ lockWaiting: 2 }));
    // The size was read four minutes before this refresh (it is read every five).
    snap.results.dbsize = { state: 'ok', data: { database: 'postgres', bytes: 123456789 }, at: (NOW_S - 240) * 1000, ms: 1 };
    store.pushSnapshot(snap);
    app = await renderApp({ store, columns: 80, rows: 24 });
    const f = await app.waitFor((f) => f.includes('conn 12/100'));
    const head = f.split('\n').slice(0, 3);
    expect(head[1]).toContain('wait 2)');
    expect(head[2]).toMatch(/db 118 MB \(4m\S* ago\)/);
    for (const l of head) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('shows a fresh database size without an age', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([], 1));
    app = await renderApp({ store, columns: 100, rows: 24 });
    const f = await app.waitFor((f) => f.includes('conn 12/100'));
    expect(f).toMatch(/db 118 MB(?! \()/);
    expect(f).not.toContain('wait 0');
  });
});
