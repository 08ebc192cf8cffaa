import { afterEach, describe, expect, it } from 'vitest';
import { paneState } from '../../src/state/panes';
import { ACTIVITY_PANE } from '../../src/screens/activity/pane';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, NOW_S, snapshot } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

async function open(columns = 80) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(snapshot([backend(101, { xactStart: NOW_S - 300, query: 'update orders set x = 1' }), backend(102, { waitEventType: 'Lock', waitEvent: 'relation', blockedBy: [101] })]));
  app = await renderApp({ store, columns, rows: 24 });
  await app.waitFor((f) => f.includes('update orders'));
  return app;
}

const headerLine = (f: string) => f.split('\n').find((l) => /\bPID\b/.test(l)) ?? '';
const footerLine = (f: string) => f.split('\n').filter((l) => l.trim()).pop() ?? '';

describe('keys', () => {
  it('sorts only by columns on screen: at 80 columns the sort mark is always visible', async () => {
    const a = await open(80);
    const seen = new Set<string>();
    for (let i = 0; i < 14; i++) {
      // Each press moves the mark (or loses it): wait for the frame it changed, not the one before.
      const before = a.frame();
      await a.press('sort.next');
      const col = a.store.get().ui.tables.activity!.sortColumn;
      seen.add(col);
      const f = await a.waitFor((f) => f !== before);
      expect(headerLine(f), `sorted by ${col}`).toMatch(/[▼▲]/);
    }
    // WAIT and BLOCKED BY, CLIENT, APP do not fit at 80 columns.
    expect([...seen].sort()).toEqual(['database', 'pid', 'qage', 'query', 'state', 'user', 'xact']);
  });

  it('F1 opens help, F10 quits, and a key bound to nothing says nothing', async () => {
    const a = await open();
    await a.burst('\x1b[15~'); // F5: bound to nothing
    await a.burst('x');
    await a.press('activity.toggleIdle');
    const f = await a.waitFor((f) => paneState(a.store.get().ui, ACTIVITY_PANE).showIdle);
    expect(a.store.get().ui.toast).toBeNull();
    expect(footerLine(f)).toMatch(/q:quit/);
    await a.burst('\x1bOP');
    await a.waitFor((f) => f.includes('Help'));
    await a.burst('\x1bOP');
    await a.waitFor((f) => !f.includes('Help') && f.includes('update orders'));
    await a.burst('\x1b[21~');
    expect(a.effects.calls).toContain('quit');
  });

  it('the query viewer says q closes it, and quitting from there is Ctrl+C', async () => {
    const a = await open();
    await a.press('activity.openQuery');
    const f = await a.waitFor((f) => f.includes('Esc') || f.includes('close'));
    expect(footerLine(f)).toMatch(/\bq:close\b/);
    expect(footerLine(f)).not.toMatch(/\bq:quit\b/);
    expect(footerLine(f)).toMatch(/Ctrl\+C:quit/);
  });

  it('refuses a key that cannot run now and says why, in the footer, in help and when pressed', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([]));
    const a = await renderApp({ store, columns: 120, rows: 40 });
    let f = await a.waitFor((f) => f.includes('q:quit'));
    // Nothing is selected: the footer does not offer what needs a row.
    expect(footerLine(f)).not.toMatch(/cancel|query/);
    await a.press('backend.cancel');
    f = await a.waitFor((f) => f.includes('no backend selected'));
    expect(a.store.get().ui.modals).toEqual([]);
    await a.press('app.help');
    f = await a.waitFor((f) => f.includes('Help'));
    // The backend actions are further down the help: page to them.
    for (let i = 0; i < 10 && !/not now: no backend/.test(f); i++) {
      const before = f;
      await a.press('viewer.pageDown');
      f = await a.waitFor((g) => g !== before);
    }
    expect(f).toMatch(/not now: no backend selected/);
  });

  it('edits the prompt through its bindings; other keys are typed text', async () => {
    const a = await open();
    await a.press('filter.open');
    await a.type('orderq');
    await a.waitFor(() => a.store.get().ui.tables.activity?.filter === 'orderq');
    await a.press('prompt.backspace');
    await a.waitFor(() => a.store.get().ui.tables.activity?.filter === 'order');
    expect(a.effects.calls).not.toContain('quit'); // the q was typed, not a quit
    await a.press('prompt.clear');
    await a.waitFor(() => a.store.get().ui.tables.activity?.filter === '');
    await a.press('prompt.quit');
    expect(a.effects.calls).toContain('quit');
  });
});
