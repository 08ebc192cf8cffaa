import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dataOf, type Snapshot } from '../../src/data/collector';
import { activityCollector } from '../../src/data/collectors/activity';
import { pgssSql, statementsCollector, statementsInfoCollector, parseStatements } from '../../src/data/collectors/statements';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { probe } from '../../src/data/server';
import { discoverInstalls } from '../../src/lab/binaries';
import { startCluster } from '../../src/lab/cluster';
import { createDatabase, dropDatabase, NO_PGSS_DB } from '../../src/lab';
import type { LabCluster } from '../../src/lab/types';
import { intervalRates, readingOf } from '../../src/data/statementRates';
import { statementsJson } from '../../src/screens/statements/json';
import { INITIAL_STATEMENTS_UI, statementsView } from '../../src/screens/statements/model';
import { topStatements } from '../../src/checklists/checks/activity';

const INITIAL_TABLE = { sortColumn: 'total', desc: true, filter: '', selected: null };
import { connect, withDatabase } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

function session(endpoint: Endpoint, db: string): Session {
  return new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: 'postgres', database: db, application_name: 'pgwarden' }] });
}

function poller(s: Session): Poller {
  const p = new Poller(s, { snapshot: () => undefined, status: () => undefined });
  p.setPlan([statementsCollector, statementsInfoCollector, activityCollector]);
  return p;
}

/** The workload statement's entry in a reading (normalized text, this test's database). */
function entryOf(snap: Snapshot, db: string) {
  return readingOf(snap)?.rows.find((r) => r.database === db && r.query?.startsWith('SELECT count(*) FROM items WHERE id < $1'));
}

describe.each(clusters)('statements collector on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let s: Session;
  let p: Poller;
  let db: string;
  let client: pg.Client;

  beforeAll(async () => {
    db = `stmts_${cluster.major}_${process.pid}`;
    await createDatabase(primary, db);
    client = await connect(primary, { db });
    await client.query('CREATE TABLE items (id int PRIMARY KEY)');
    await client.query('INSERT INTO items SELECT generate_series(1, 1000)');
    s = session(primary, 'postgres');
    p = poller(s);
  });

  afterAll(async () => {
    await client?.end();
    await p?.stop();
    await s?.close();
    await dropDatabase(primary, db);
  });

  const workload = async (n: number) => {
    for (let i = 0; i < n; i++) await client.query('SELECT count(*) FROM items WHERE id < $1', [i * 10]);
  };

  it('shows a workload with its exact calls and interval rates', async () => {
    await workload(5);
    const first = await p.once();
    const before = entryOf(first, db);
    expect(before, 'the workload statement').toBeDefined();
    expect(before!.queryId).toMatch(/^-?\d+$/);
    if (cluster.major >= 14) expect(before!.toplevel).toBe(true);
    await workload(20);
    const second = await p.once();
    const after = entryOf(second, db)!;
    expect(after.calls - before!.calls).toBe(20);
    const rates = intervalRates(readingOf(first), readingOf(second)!);
    const r = rates.byKey.get(after.key)!;
    expect(Math.round(r.calls * r.seconds)).toBe(20);
    expect(r.execMs).toBeGreaterThan(0);
    expect(r.rowsPerCall).toBe(1);
    for (const x of rates.byKey.values()) for (const v of [x.calls, x.execMs, x.rows]) expect(v).toBeGreaterThanOrEqual(0);
    // The same two readings as snapshot --json reports them.
    const json = statementsJson(second, first)!;
    const row = json.rows.find((x) => x.queryid === after.queryId && x.database === db)!;
    expect(row.calls).toBe(after.calls);
    expect(Math.round(row.interval!.calls_per_s * json.interval_seconds!)).toBe(20);
  });

  it('shows a reset as a gap, never as negative rates', async () => {
    await workload(10);
    const first = await p.once();
    await s.query('SELECT pg_stat_statements_reset()');
    await workload(3);
    const second = await p.once();
    expect(entryOf(second, db)!.calls).toBe(3);
    const rates = intervalRates(readingOf(first), readingOf(second)!);
    // 14+ says so in pg_stat_statements_info; on 13 the counters went backwards.
    if (cluster.major >= 14) expect(rates.gap).toBe('reset');
    expect(rates.byKey.has(entryOf(second, db)!.key)).toBe(false);
    for (const x of rates.byKey.values()) expect(x.calls).toBeGreaterThanOrEqual(0);
    // The next interval has rates again.
    await workload(4);
    const third = await p.once();
    const next = intervalRates(readingOf(second), readingOf(third)!);
    const r = next.byKey.get(entryOf(third, db)!.key)!;
    expect(Math.round(r.calls * r.seconds)).toBe(4);
  });

  it("leaves pgwarden's own statements out of the pane, the snapshot and the top statements check", async () => {
    await workload(3);
    await p.once();
    await workload(3);
    const snap = await p.once();
    const rows = readingOf(snap)!.rows;
    // The poller's own reads are there, recognised by their marker; the workload is not ours.
    const own = rows.filter((r) => r.own);
    expect(own.length).toBeGreaterThan(3);
    for (const r of own) expect(r.query).toMatch(/^(--[^\n]*\n|\s)*\w+ \/\* pgwarden \*\//);
    expect(entryOf(snap, db)!.own).toBe(false);
    const view = statementsView(rows, intervalRates(undefined, readingOf(snap)!), INITIAL_TABLE, INITIAL_STATEMENTS_UI);
    expect(view.ownHidden).toBe(own.length);
    expect(view.rows.some((r) => r.s.own)).toBe(false);
    expect(view.rows.some((r) => r.key === entryOf(snap, db)!.key)).toBe(true);
    const shown = statementsView(rows, intervalRates(undefined, readingOf(snap)!), INITIAL_TABLE, { ...INITIAL_STATEMENTS_UI, showOwn: true });
    expect(shown.rows).toHaveLength(rows.length);
    const json = statementsJson(snap, undefined)!;
    expect(json.own_hidden).toBe(own.length);
    expect(json.rows.some((r) => r.query?.includes('/* pgwarden */'))).toBe(false);
    const check = topStatements.evaluate([rows], { warn: 0.5, fail: 0.8 }, { nowS: snap.takenAt / 1000, caps: await probe(s) });
    expect(JSON.stringify(check.evidence)).not.toContain('pgwarden */');
  });

  it('reads the views from the schema the extension lives in, and an older extension version', async () => {
    await withDatabase(primary, async (odd) => {
      const c = await connect(primary, { db: odd });
      try {
        await c.query('DROP EXTENSION pg_stat_statements');
        await c.query('CREATE SCHEMA "Mon"');
        // 1.8 is what 13 ships; newer servers still carry the scripts to install it.
        await c.query(`CREATE EXTENSION pg_stat_statements VERSION '1.8' SCHEMA "Mon"`);
      } finally {
        await c.end();
      }
      const os = session(primary, odd);
      try {
        const caps = await probe(os);
        expect(caps.pgssSchema).toBe('Mon');
        expect(caps.pgssVersion).toBe('1.8');
        // Not on search_path: only the schema-qualified text works.
        const res = await os.query(pgssSql('statements', caps), [true]);
        const rows = parseStatements(res.rows);
        expect(rows.length).toBeGreaterThan(0);
        const info = await os.query(pgssSql('statements_info', caps));
        expect(info.rows).toHaveLength(1);
      } finally {
        await os.close();
      }
    });
  });

  it('explains a missing extension in the pane and keeps the other collectors working', async () => {
    const ns = session(primary, NO_PGSS_DB);
    try {
      const snap = await poller(ns).once();
      const r = snap.results.statements!;
      expect(r.state).toBe('failed');
      if (r.state === 'failed') {
        expect(r.disabled).toBe(true);
        expect(r.failure.message).toContain(`CREATE EXTENSION pg_stat_statements; in database "${NO_PGSS_DB}"`);
      }
      expect(snap.results.activity?.state).toBe('ok');
      expect(dataOf(snap, activityCollector)?.length).toBeGreaterThan(0);
    } finally {
      await ns.close();
    }
  });
});

// One extra cluster, on the newest major found, whose server does not preload the module.
const newest = [...clusters].sort((a, b) => b.major - a.major)[0];
describe.runIf(newest !== undefined)('pg_stat_statements created but not preloaded', () => {
  let lab: LabCluster | undefined;
  beforeAll(async () => {
    const install = discoverInstalls().installs.find((i) => i.major === newest!.major)!;
    lab = await startCluster(install, { name: `nopreload${install.major}`, conf: { shared_preload_libraries: "''" } });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('says to add it to shared_preload_libraries and restart; other collectors keep working', async () => {
    const s = session(lab!.primary, 'postgres');
    try {
      const snap = await poller(s).once();
      const r = snap.results.statements!;
      expect(r.state).toBe('failed');
      if (r.state === 'failed') {
        expect(r.failure.code).toBe('55000');
        expect(r.disabled).toBe(true);
        expect(r.hint).toMatch(/^ALTER SYSTEM SET shared_preload_libraries = '.*pg_stat_statements'; then restart PostgreSQL/);
      }
      expect(snap.results.activity?.state).toBe('ok');
    } finally {
      await s.close();
    }
  });
});
