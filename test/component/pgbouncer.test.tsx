import { safeMsg, trusted } from '../../src/text/sanitize';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfirmRequest } from '../../src/actions/types';
import { Store } from '../../src/state/store';
import { initialUi } from '../../src/state/ui';
import { renderApp, type Rendered } from '../helpers/render';
import { bouncerSnapshot, client, database, pool } from '../unit/pgbouncer/fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

const EVIL = 'evil\x1b[2J\x1b]0;owned\x07db';

function snap() {
  return bouncerSnapshot({
    pools: [pool('shop', { clActive: 10, clWaiting: 3, svActive: 10, maxwaitS: 6.2 }), pool('blog', { clActive: 1, svActive: 1, svIdle: 2 }), pool(EVIL)],
    databases: [database('shop', { poolSize: 10 }), database('blog', { poolSize: 5, paused: true }), database(EVIL)],
    clients: [client('shop', 6.2, { applicationName: 'worker\x1b[31m' }), client('shop', 1.5)],
    stats: [{ database: 'shop', totalXactCount: 1, totalQueryCount: 1, xactPerS: 40, queryPerS: 120, avgXactUs: 25_000, avgQueryUs: 2_500, avgWaitUs: 0 }],
  });
}

async function show(opts: { readOnly?: boolean; columns?: number } = {}) {
  const store = new Store(initialUi({ screen: 'pgbouncer' }));
  store.setStatus({ state: 'ready' }, undefined);
  store.pushBouncer(snap());
  const acted: ConfirmRequest[] = [];
  app = await renderApp({
    store,
    columns: opts.columns ?? 80,
    rows: 24,
    props: {
      readOnly: opts.readOnly ?? false,
      target: 'PgBouncer admin@127.0.0.1:6432/pgbouncer',
      effects: {
        quit: () => undefined,
        refresh: () => undefined,
        setInterval: () => undefined,
        setPlan: () => undefined,
        copy: () => trusted('copied'),
        act: (request, report) => {
          acted.push(request);
          report(request.kind === 'pgbouncer' ? safeMsg`sent ${request.kind}: ${request.database}` : trusted('sent'));
        },
      },
    },
  });
  return { app, acted };
}

describe('PgBouncer pane', () => {
  it('shows pools against pool_size, the problems, the databases and the longest waiting client at 80x24', async () => {
    const { app } = await show();
    const f = await app.waitFor((f) => f.includes('PgBouncer 1.18.0'));
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(f).toMatch(/pool shop\/app: 3 clients waiting, the longest 6\.2 s/);
    expect(f).toMatch(/pool shop\/app is saturated: 10\/10/);
    // Longest wait first: shop, with its server connections against the pool size.
    const shop = lines.find((l) => /shop +app +10 +3 +6\.20s +10\/10/.test(l));
    expect(shop, f).toBeDefined();
    expect(lines.findIndex((l) => l === shop)).toBeLessThan(lines.findIndex((l) => /blog +paused app/.test(l)));
    expect(f).toMatch(/blog +10\.0\.0\.5:5432\/blog +5 +0 +- +0 PAUSED/);
    expect(f).toMatch(/6\.20s +app@shop/);
  });

  it('never lets a database name or application name reach the terminal raw', async () => {
    const { app } = await show({ columns: 120 });
    await app.waitFor((f) => f.includes('evil'));
    const raw = app.rawFrame();
    expect(raw).not.toContain('\x1b[2J');
    expect(raw).not.toContain('\x1b]0;');
    expect(raw).not.toContain('\x07');
    expect(raw).not.toContain('worker\x1b[31m');
  });

  it('asks the one confirmation before PAUSE and sends it only on yes', async () => {
    const { app, acted } = await show();
    await app.waitFor((f) => f.includes('shop'));
    await app.press('pgbouncer.pause');
    const dialog = await app.waitFor((f) => f.includes('PAUSE shop?'));
    expect(dialog).toMatch(/3 clients already wait in this pool/);
    expect(acted).toEqual([]);
    await app.press('dialog.cancel');
    await app.waitFor((f) => !f.includes('PAUSE shop?'));
    expect(acted).toEqual([]);
    await app.press('pgbouncer.pause');
    await app.waitFor((f) => f.includes('PAUSE shop?'));
    await app.press('dialog.confirm');
    await app.waitFor((f) => f.includes('sent pgbouncer'));
    expect(acted).toEqual([expect.objectContaining({ kind: 'pgbouncer', command: 'pause', database: 'shop' })]);
  });

  it('acts on the selected pool: down to blog, RESUME', async () => {
    const { app, acted } = await show();
    await app.waitFor((f) => f.includes('shop'));
    await app.press('nav.down');
    await app.press('pgbouncer.resume');
    await app.waitFor((f) => f.includes('RESUME blog?'));
    await app.press('dialog.confirm');
    await app.waitFor(() => acted.length === 1);
    expect(acted[0]).toMatchObject({ command: 'resume', database: 'blog' });
  });

  it('reports the outcome without the database name\'s escape sequences', async () => {
    const { app, acted } = await show();
    await app.waitFor((f) => f.includes('evil'));
    await app.press('nav.bottom');
    await app.press('pgbouncer.resume');
    await app.waitFor((f) => f.includes('RESUME evil'));
    expect(app.rawFrame()).not.toContain('\x1b[2J');
    await app.press('dialog.confirm');
    await app.waitFor((f) => f.includes('sent pgbouncer: evil'));
    expect(acted[0]).toMatchObject({ database: EVIL });
    expect(app.rawFrame()).not.toContain('\x1b[2J');
    expect(app.rawFrame()).not.toContain('\x07');
  });

  it('offers no console command under --read-only', async () => {
    const { app, acted } = await show({ readOnly: true });
    expect(await app.waitFor((f) => f.includes('shop'))).not.toContain('read-only'); // the refusal below is the key's own
    await app.press('pgbouncer.kill');
    await app.waitFor((f) => f.includes('read-only'));
    expect(app.frame()).not.toContain('KILL shop?');
    expect(acted).toEqual([]);
  });
});
