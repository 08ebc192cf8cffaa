import { afterEach, describe, expect, it } from 'vitest';
import type { AppEffects } from '../../src/screens/effects';
import type { RunQuery } from '../../src/data/collectors/bloat';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { caps } from './fixtures';
import { bloat, dbAge, fk, index, NOW_S, paneSnapshot, progress, settings, table, tableAge } from '../unit/replication/fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

const orders = table('orders', { deadTuples: 40_000, liveTuples: 100_000, vacThreshold: 20_050 });
const quiet = table('quiet_table', { deadTuples: 10, reloptions: 'autovacuum_enabled=off', autovacuumEnabled: false });
const small = table('small', { deadTuples: 500 });

function results(extra: Record<string, unknown> = {}) {
  return {
    vacuum: [orders, quiet, small],
    vacuum_settings: settings(),
    tablebloat: [bloat(orders, { bloatShare: 0.42, bloatBytes: 3_440_640 }), bloat(quiet, { estimated: false, bloatShare: null, bloatBytes: null }), bloat(small, { locked: true, tableBytes: null })],
    indexes: [
      index('orders_pkey', { unique: true, primary: true, constraintType: 'p', scans: 0 }),
      index('orders_idle', { scans: 0 }),
      index('orders_a', { duplicates: ['orders_b'] }),
      index('orders_b', { duplicates: ['orders_a'] }),
      index('orders_broken', { valid: false }),
    ],
    fkindex: [fk()],
    progress: [progress()],
    wraparound: [dbAge('shop', 150_000_000), dbAge('postgres', 1000)],
    wraparound_tables: [tableAge('orders', 150_000_000)],
    ...extra,
  };
}

async function show(opts: { columns?: number; rows?: number; readOnly?: boolean; effects?: Partial<AppEffects> & { lookup?: RunQuery }; extra?: Record<string, unknown> } = {}) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(paneSnapshot(results(opts.extra)));
  const calls: string[] = [];
  const effects = {
    quit: () => undefined,
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: (c: { id: string }[]) => void calls.push(`plan:${c.map((x) => x.id).join(',')}`),
    copy: () => 'copied',
    ...opts.effects,
  } as AppEffects;
  app = await renderApp({ store, columns: opts.columns ?? 140, rows: opts.rows ?? 30, props: { effects, readOnly: opts.readOnly === true } });
  await app.press('screen.vacuum');
  await app.waitFor((f) => f.includes('Vacuum & bloat'));
  return { a: app, calls };
}

describe('vacuum pane', () => {
  it('lists tables by dead tuples with their trigger, bloat estimate and sizes, and explains the selected one', async () => {
    const { a, calls } = await show();
    const f = await a.waitFor((f) => f.includes('public.orders'));
    expect(calls.at(-1)).toContain('tablebloat');
    const lines = f.split('\n');
    expect(lines.findIndex((l) => l.includes('public.orders'))).toBeLessThan(lines.findIndex((l) => l.includes('public.small')));
    expect(f).toContain('~42.0%');
    expect(f).toContain('due');
    expect(f).toContain('off');
    expect(f).toContain('locked');
    expect(f).toContain('autovacuum on, workers 1/3');
    // The selected table's detail: its trigger and the offer of an exact figure.
    expect(f).toMatch(/public\.orders: 40\.0k dead/);
    expect(f).toMatch(/vacuum at 20\.1k dead \(50 \+ 0\.2 x 100k rows\): due/);
    expect(f).toContain('e: exact figure with pgstattuple');
    await a.press('nav.down');
    const g = await a.waitFor((f) => f.includes('public.small: 500 dead'));
    expect(g).toContain('sizes skipped');
  });

  it('runs pgstattuple only after its confirmation, on the action connection, and shows the exact figure', async () => {
    const ran: unknown[][] = [];
    const lookup: RunQuery = async (text, params) => {
      ran.push([text, params]);
      return {
        rows: [{ table_len: 8_192_000, tuple_count: 100_000, tuple_len: 6_300_000, dead_tuple_count: 40_000, dead_tuple_len: 2_520_000, free_space: 100_000, fillfactor: 100, block_size: 8192 }],
      };
    };
    const { a } = await show({ effects: { lookup } });
    await a.waitFor((f) => f.includes('e: exact figure'));
    await a.press('vacuum.exact');
    let f = await a.waitFor((f) => f.includes('with pgstattuple?'));
    // What runs, on which table, what it costs, and that nothing is written.
    expect(f).toContain('"public".pgstattuple(');
    expect(f).toContain('public.orders');
    expect(f).toContain('reads every page of this table');
    expect(f).toContain('nothing is written');
    expect(ran).toEqual([]);
    await a.press('dialog.cancel');
    await a.waitFor((f) => f.includes('e: exact figure') && f.includes('nothing was run'));
    expect(ran).toEqual([]);
    await a.press('vacuum.exact');
    await a.waitFor((f) => f.includes('with pgstattuple?'));
    await a.press('dialog.confirm');
    f = await a.waitFor((f) => f.includes('exact (pgstattuple)'));
    expect(ran).toHaveLength(1);
    expect(String(ran[0]![0])).toContain('"public".pgstattuple(');
    expect(ran[0]![1]).toEqual([orders.relid]);
    expect(f).toMatch(/exact \(pgstattuple\): bloat .* of 7\.8 MB/);
    expect(f).toContain('the estimate says ~42.0%');
  });

  it('does not take a y from the same burst as the e (a paste) as the answer', async () => {
    const ran: unknown[] = [];
    const lookup: RunQuery = async (text) => {
      ran.push(text);
      throw new Error('not this time');
    };
    const { a } = await show({ effects: { lookup } });
    await a.waitFor((f) => f.includes('e: exact figure'));
    await a.burst('ey');
    await a.waitFor((f) => f.includes('with pgstattuple?') && f.includes('press y on its own to confirm'));
    expect(ran).toEqual([]);
    await a.press('dialog.confirm');
    await a.waitFor((f) => f.includes('pgstattuple failed'));
    expect(ran).toHaveLength(1);
  });

  it('offers no exact figure in a read-only session, and refuses e saying why', async () => {
    const ran: unknown[] = [];
    const lookup: RunQuery = async (text) => (ran.push(text), { rows: [] });
    const { a } = await show({ readOnly: true, effects: { lookup } });
    const f = await a.waitFor((f) => f.includes('public.orders: 40.0k dead'));
    expect(f).not.toContain('e: exact figure');
    await a.press('vacuum.exact');
    await a.waitFor((f) => f.includes('read-only'));
    expect(a.store.get().ui.modals).toEqual([]);
    expect(ran).toEqual([]);
  });

  it('names the GRANT when the role may not run pgstattuple', async () => {
    const lookup: RunQuery = async () => {
      throw Object.assign(new Error('permission denied for function pgstattuple'), { code: '42501' });
    };
    const { a } = await show({ effects: { lookup } });
    await a.waitFor((f) => f.includes('e: exact figure'));
    await a.press('vacuum.exact');
    await a.waitFor((f) => f.includes('with pgstattuple?'));
    await a.press('dialog.confirm');
    const f = await a.waitFor((f) => f.includes('pgstattuple failed'));
    expect(f).toContain('pgstattuple failed: permission denied for function pgstattuple');
    expect(f).toMatch(/fix: GRANT pg_stat_scan_tables TO \S+;/);
  });

  it('says how to install pgstattuple when it is missing, and runs nothing', async () => {
    const { a } = await show({ extra: { vacuum_settings: settings({ pgstattupleSchema: null }) } });
    const f = await a.waitFor((f) => f.includes('CREATE EXTENSION pgstattuple'));
    expect(f).not.toContain('e: exact figure');
    await a.press('vacuum.exact');
    await a.waitFor((f) => f.includes('not installed in this database'));
  });

  it('shows index findings worst first, foreign keys without an index, and the definition', async () => {
    const { a } = await show();
    await a.press('vacuum.nextView');
    const f = await a.waitFor((f) => f.includes('[indexes]') && f.includes('UNUSED'));
    const lines = f.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('INVALID')).toBeGreaterThan(0);
    expect(at('INVALID')).toBeLessThan(at('DUPLICATE of orders_b'));
    expect(at('NO INDEX for FK')).toBeLessThan(at('UNUSED'));
    expect(f).toContain('order_lines');
    // The primary key is never called unused.
    expect(lines.find((l) => l.includes('orders_pkey'))).not.toContain('UNUSED');
    expect(f).toContain('CREATE INDEX orders_broken');
  });

  it('shows running maintenance with its phase and share done, and wraparound ages', async () => {
    const { a } = await show();
    await a.press('vacuum.nextView');
    await a.press('vacuum.nextView');
    const f = await a.waitFor((f) => f.includes('scanning heap'));
    expect(f).toContain('autovacuum');
    expect(f).toContain('25%');
    expect(f).toContain('1m30s');
    await a.press('vacuum.nextView');
    const g = await a.waitFor((f) => f.includes('db shop'));
    expect(g).toContain('75.0%');
    expect(g).toContain('150M');
  });

  it('charts the dead tuples of the selected table with c', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    app = await renderApp({ store, columns: 120, rows: 40 });
    await app.press('screen.vacuum');
    for (let i = 0; i < 20; i++) store.pushSnapshot(paneSnapshot(results({ vacuum: [table('orders', { deadTuples: i * 1000 }), quiet] }), i + 1));
    await app.press('charts.toggle');
    const f = await app.waitFor((f) => f.includes('dead tuples public.orders'));
    expect(f).toMatch(/19\.0k/);
  });

  it('jumps to the xmin horizon with x', async () => {
    const { a } = await show();
    await a.press('vacuum.horizon');
    await a.waitFor((f) => f.includes('Xmin horizon'));
    expect(a.store.get().ui.screen).toBe('horizon');
  });

  it('fits 80x24', async () => {
    const { a } = await show({ columns: 80, rows: 24 });
    const f = await a.waitFor((f) => f.includes('public.orders'));
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });
});

void NOW_S;
