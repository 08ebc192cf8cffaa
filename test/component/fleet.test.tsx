import { describe, expect, it } from 'vitest';
import { fleetView, type ServerFacts } from '../../src/screens/fleet/rows';
import type { Problem } from '../../src/problems/types';
import { Store } from '../../src/state/store';
import { initialUi } from '../../src/state/ui';
import { trusted } from '../../src/text/sanitize';
import { renderApp } from '../helpers/render';
import { caps, NOW_S, snapshot, summary } from './fixtures';

const problem = (id: string, severity: 'warning' | 'critical', text: string): Problem => ({
  id,
  severity,
  subject: { kind: 'server', value: id },
  text: trusted(text),
  pane: { screen: 'replication', key: '4' },
  since: NOW_S * 1000,
});

/** A server's store after one refresh, and what the fleet knows of it. */
function server(name: string, p: { standby?: boolean; down?: boolean; problems?: Problem[]; active?: boolean; port?: number } = {}): ServerFacts {
  const store = new Store();
  if (p.down) store.setStatus({ state: 'lost', attempt: 2, failure: { kind: 'connection', message: 'connect ECONNREFUSED 127.0.0.1:5999' }, nextInMs: 500 }, undefined);
  else {
    store.setStatus({ state: 'ready' }, { ...caps, inRecovery: Boolean(p.standby) });
    store.pushSnapshot(snapshot([], 1, summary({ inRecovery: Boolean(p.standby), clientTotal: 7 })));
  }
  return { name, host: '/tmp', port: p.port ?? 5432, bouncer: false, state: store.get(), problems: p.problems ?? [], active: Boolean(p.active) };
}

async function fleetApp(servers: ServerFacts[], opts: { unicode?: boolean; columns?: number } = {}) {
  const store = new Store(initialUi({ screen: 'fleet' }));
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(snapshot([], 1));
  store.setFleet(fleetView(servers));
  const activated: string[] = [];
  const app = await renderApp({ store, unicode: opts.unicode, columns: opts.columns, props: { target: 's1 postgres@/tmp:5432/postgres' } });
  app.effects.activate = (name) => void activated.push(name);
  return { app, store, activated };
}

describe('fleet pane', () => {
  it('lists every server worst first with its kind, connections and worst problem; Enter watches the selected one', async () => {
    const { app, activated } = await fleetApp([
      server('s1', { active: true }),
      server('s2', { standby: true, problems: [problem('replay', 'critical', 'standby s2: replay paused for 2 min')] }),
      server('s3', { down: true }),
    ], { columns: 120 });
    const f = await app.waitFor((x) => x.includes('Fleet') && x.includes('s3'));
    // The table's lines only (the problems line names s2 too).
    const lines = f.split('\n').slice(f.split('\n').findIndex((l) => l.includes('SERVER')));
    const at = (name: string) => lines.findIndex((l) => new RegExp(`\\b${name}\\b`).test(l) && /primary|standby|down/.test(l));
    // Down first, then the critical standby, then the healthy primary.
    expect(at('s3')).toBeLessThan(at('s2'));
    expect(at('s2')).toBeLessThan(at('s1'));
    expect(lines[at('s3')]).toMatch(/down.*ECONNREFUSED/);
    expect(lines[at('s2')]).toMatch(/standby.*7\/100.*replay paused/);
    expect(lines[at('s1')]).toMatch(/^ +\* +s1 +primary/);
    // The cursor starts on the worst row; one down is the standby.
    await app.press('nav.down');
    await app.press('fleet.open');
    expect(activated).toEqual(['s2']);
  });

  it("puts the other servers' problems on the problems line, named by their server", async () => {
    const { app } = await fleetApp([server('s1', { active: true }), server('s2', { standby: true, problems: [problem('replay', 'critical', 'replay paused')] })]);
    await app.waitFor((f) => f.includes('on s2: replay paused'));
  });

  it('shows a hostile server name as harmless text, in ASCII at 80x24', async () => {
    const { app } = await fleetApp([server('s1', { active: true }), server('evil\x1b[31m\x07', { down: true })], { unicode: false });
    const f = await app.waitFor((x) => x.includes('evil'));
    expect(app.rawFrame()).not.toContain('\x1b[31m');
    expect(app.rawFrame()).not.toContain('\x07');
    expect(f).toMatch(/Fleet - 2 servers, 1 down/);
  });

  it('with one server, Enter says a fleet needs several targets', async () => {
    const store = new Store(initialUi({ screen: 'fleet' }));
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([], 1));
    const app = await renderApp({ store });
    await app.waitFor((f) => f.includes('this server') && f.includes('primary'));
    await app.press('fleet.open');
    await app.waitFor((f) => f.includes('give several targets'));
  });
});

describe('replication pane in a fleet', () => {
  it("links each WAL sender to its standby's fleet row; Enter watches it", async () => {
    const { paneSnapshot, sender } = await import('../unit/replication/fixtures');
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(paneSnapshot({ replication: [sender('standby1', { key: 'standby1@local' }), sender('other', { pid: 4001, key: 'other@10.0.0.9' })] }));
    store.setFleet({ rows: [], problems: [], senderLinks: { 'standby1@local': 's2' } });
    const app = await renderApp({ store, columns: 120, rows: 30 });
    const activated: string[] = [];
    app.effects.activate = (name) => void activated.push(name);
    await app.press('screen.replication');
    const f = await app.waitFor((x) => x.includes('FLEET ROW'));
    expect(f.split('\n').find((l) => l.includes('standby1'))).toContain('→ s2');
    expect(f.split('\n').find((l) => /\bother\b/.test(l))).not.toContain('→');
    // Sorted by name, other comes first: one down is standby1, and Enter watches s2.
    await app.press('nav.down');
    await app.waitFor(() => app.store.get().ui.tables['replication.senders']?.selected === 'standby1@local');
    await app.press('replication.watch');
    expect(activated).toEqual(['s2']);
  });
});
