import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, type Rendered } from '../helpers/render';
import { Store } from '../../src/state/store';
import { liveRewind, type LiveRewind } from '../../src/rewind/live';
import { clockTime } from '../../src/state/past';
import { planOf } from '../../src/screens/plan/state';
import type { Backend } from '../../src/data/collectors/activity';
import { backend, caps, snapshot, summary, NOW_S } from './fixtures';

let app: Rendered | undefined;
let rewind: LiveRewind | undefined;
afterEach(() => {
  app?.unmount();
  rewind?.dispose();
});

/** The snapshot of second `s` after NOW_S. */
function at(s: number, rows: Backend[]) {
  const snap = snapshot(rows, s + 1, summary({ takenAt: NOW_S + s, xacts: 1000 + s * 10 }));
  return { ...snap, takenAt: (NOW_S + s) * 1000 };
}

const blocker = backend(4242, { state: 'idle in transaction', query: 'the blocker' });

async function live(opts: { unicode?: boolean; explain?: boolean } = {}) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  rewind = liveRewind(store);
  const push = (s: number, rows: Backend[]) => rewind!.push(at(s, rows), store.pushSnapshot(at(s, rows)));
  push(0, [backend(101)]);
  push(2, [backend(101), blocker]);
  push(4, [backend(101)]);
  // An explain service that never answers: the request is what the test looks at.
  const explain = opts.explain ? { explain: { run: () => new Promise(() => undefined) } as never } : {};
  app = await renderApp({ store, unicode: opts.unicode, effects: { timeTravel: (id) => rewind!.handle(id), ...explain } });
  return { store, push, app };
}

describe('live rewind', () => {
  it('steps back to a snapshot and every line of it shows that moment, polling going on, until back to live', async () => {
    const { app: a, push } = await live();
    await a.waitFor((f) => f.includes('select 101'));
    expect(a.frame()).not.toContain('the blocker');
    await a.press('rewind.back');
    let f = await a.waitFor((f) => f.includes('the blocker'));
    expect(f).toContain(`REWIND \u22122s, ${clockTime((NOW_S + 2) * 1000)}`);
    // Live snapshots go on arriving: the panes stay on their moment, the distance from live grows.
    push(6, [backend(101), backend(555, { query: 'select 555 -- new' })]);
    f = await a.waitFor((f) => f.includes('REWIND \u22124s'));
    expect(f).toContain('the blocker');
    expect(f).not.toContain('select 555');
    await a.press('rewind.back');
    f = await a.waitFor((f) => f.includes('REWIND \u22126s'));
    expect(f).not.toContain('the blocker');
    // Forward past the newest is live again.
    for (let i = 0; i < 4; i++) await a.press('rewind.forward');
    f = await a.waitFor((f) => f.includes('select 555'));
    expect(f).not.toContain('REWIND');
  });

  it('refuses to cancel or terminate a backend of the past, and says why', async () => {
    const { app: a } = await live();
    expect((await a.waitFor((f) => f.includes('select 101'))).split('\n').at(-1)).toMatch(/C:cancel/);
    await a.press('rewind.back');
    await a.waitFor((f) => f.includes('the blocker'));
    await a.press('nav.down');
    // The footer offers no key that would act on the past.
    expect(a.frame().split('\n').at(-1)).not.toMatch(/C:cancel/);
    await a.press('backend.terminate');
    const f = await a.waitFor((f) => f.includes('refused in the past'));
    expect(f).not.toMatch(/Terminate|pg_terminate_backend/);
    expect(a.store.get().ui.modals).toEqual([]);
  });

  it('EXPLAIN of a past query is allowed and says it plans the text now', async () => {
    const { app: a } = await live({ explain: true });
    await a.press('rewind.back');
    await a.waitFor((f) => f.includes('the blocker'));
    await a.press('nav.down');
    await a.press('activity.explain');
    await a.waitFor((f) => f.includes('EXPLAIN plans this text now'));
    expect(planOf(a.store.get().ui)?.source.query).toBe('the blocker');
  });

  it('in ASCII the header says REWIND with a plain minus', async () => {
    const { app: a } = await live({ unicode: false });
    await a.press('rewind.back');
    await a.waitFor((f) => f.includes(`REWIND -2s, ${clockTime((NOW_S + 2) * 1000)}`));
  });

  it('a minute back goes to the oldest snapshot held; L returns to live', async () => {
    const { app: a } = await live();
    await a.press('rewind.backMinute');
    let f = await a.waitFor((f) => f.includes('REWIND'));
    expect(f).toContain(`REWIND \u22124s, ${clockTime(NOW_S * 1000)}`);
    await a.press('rewind.live');
    f = await a.waitFor((f) => !f.includes('REWIND'));
    expect(f).not.toContain('the blocker');
  });

  it('a pane that was not on screen at that moment says so rather than waiting for the server', async () => {
    const { app: a } = await live();
    await a.press('rewind.back');
    await a.waitFor((f) => f.includes('the blocker'));
    await a.press('screen.locks');
    await a.waitFor((f) => f.includes('not read at this moment: it was not on screen'));
  });

  it('jumps to a time typed in the prompt', async () => {
    const { app: a } = await live();
    await a.press('rewind.jump');
    await a.waitFor((f) => f.includes('go to'));
    await a.type(clockTime((NOW_S + 3) * 1000));
    await a.press('prompt.submit');
    const f = await a.waitFor((f) => f.includes('REWIND'));
    expect(f).toContain('the blocker');
  });
});
