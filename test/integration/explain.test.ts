import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Session } from '../../src/data/db';
import { probe, type Capabilities } from '../../src/data/server';
import { backendSource, createExplainService, statementSources, type ExplainService } from '../../src/explain/service';
import { runExplainCommand } from '../../src/explain/cli';
import { createDatabase, dropDatabase } from '../../src/lab/scenarios';
import { connect, pgwardenPlan, waitFor } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

/** A session configured as pgwarden configures its own (pinned search_path included). */
function session(endpoint: Endpoint, db: string): Session {
  return new Session(pgwardenPlan(endpoint, 'postgres', db));
}

const ORDERS_QUERY = "SELECT * FROM orders WHERE status = 'completed' AND created_at > '2024-12-01'";

describe.each(clusters)('EXPLAIN on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const db = `explain_${cluster.major}_${process.pid}`;
  let s: Session;
  let caps: Capabilities;
  let admin: pg.Client;
  let readOnly = false;
  let service: ExplainService;

  beforeAll(async () => {
    await createDatabase(primary, db);
    admin = await connect(primary, { db });
    // An orders table with no index on the filtered columns, analyzed: 200k rows, 5% completed.
    // Table statistics reach pg_stat_user_tables asynchronously (13: through the collector; 15+:
    // flushed when a backend goes idle). An ANALYZE reported before the inserts' counts would
    // leave them looking "changed since ANALYZE", so each step waits for the counts to land.
    const settled = (what: string, predicate: string) =>
      waitFor(async () => (await admin.query(`SELECT (${predicate}) AS ok FROM pg_stat_user_tables WHERE relname = $1`, [what])).rows[0]?.ok === true, {
        what: `statistics of ${what}`,
        timeoutMs: 30_000,
        intervalMs: 200,
      });
    // An orders table with no index on the filtered columns, analyzed: 200k rows, 5% completed.
    await admin.query(`CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
      created_at timestamptz NOT NULL, total numeric NOT NULL) WITH (autovacuum_enabled = off)`);
    await admin.query(`INSERT INTO orders SELECT g, g % 5000,
      CASE WHEN g % 20 = 0 THEN 'completed' WHEN g % 20 = 1 THEN 'cancelled' ELSE 'pending' END,
      timestamptz '2024-01-01' + (g % 400) * interval '1 day', (g % 1000) / 10.0 FROM generate_series(1, 200000) g`);
    // Correlated columns: a = b always, which the planner assumes independent (1% x 1%).
    await admin.query('CREATE TABLE pairs (a int NOT NULL, b int NOT NULL) WITH (autovacuum_enabled = off)');
    await admin.query('INSERT INTO pairs SELECT g % 100, g % 100 FROM generate_series(1, 100000) g');
    await settled('orders', 'n_tup_ins = 200000');
    await settled('pairs', 'n_tup_ins = 100000');
    await admin.query('ANALYZE orders');
    await admin.query('ANALYZE pairs');
    await settled('pairs', 'n_mod_since_analyze = 0 AND last_analyze IS NOT NULL');
    // Stale statistics: a bulk insert after ANALYZE, autovacuum off for the table.
    await admin.query('CREATE TABLE events (id int, kind int) WITH (autovacuum_enabled = off)');
    await admin.query('INSERT INTO events SELECT g, 1 FROM generate_series(1, 100) g');
    await settled('events', 'n_tup_ins = 100');
    await admin.query('ANALYZE events');
    await admin.query('INSERT INTO events SELECT g, 2 FROM generate_series(101, 50000) g');
    await settled('events', 'n_mod_since_analyze >= 49900 AND last_analyze IS NOT NULL');
    s = session(primary, 'postgres');
    caps = await probe(s);
    service = createExplainService(s, () => ({ caps, readOnly }));
  });

  afterAll(async () => {
    await admin?.end();
    await s?.close();
    await dropDatabase(primary, db);
  });

  const stmt = (query: string) => ({ kind: 'statement' as const, queryId: '1', database: db, user: 'postgres', query });

  it('flags the seq scan of the orders query and suggests a partial index', async () => {
    const out = await service.run({ source: stmt(ORDERS_QUERY), analyze: false, allowWrites: false });
    if (!out.ok) throw new Error(out.message);
    expect(out.mode).toBe('plan');
    expect(out.result.analyzed).toBe(false);
    const flag = out.flags.find((f) => f.category === 'seq-scan-filter');
    expect(flag, JSON.stringify(out.flags)).toBeDefined();
    const node = out.result.nodes.find((n) => n.id === flag!.nodeId)!;
    expect(node.relation).toBe('orders');
    expect(flag!.fix).toContain("CREATE INDEX CONCURRENTLY ON orders (created_at) WHERE status = 'completed'");
  });

  it('plans a normalized statement as a generic plan ($1, $2 unknown)', async () => {
    const out = await service.run({ source: stmt('SELECT * FROM orders WHERE status = $1 AND created_at > $2'), analyze: false, allowWrites: false });
    if (!out.ok) throw new Error(out.message);
    expect(out.mode).toBe('generic');
    const scan = out.result.nodes.find((n) => n.relation === 'orders')!;
    expect(scan.filter ?? '').toMatch(/\$1/);
    expect(scan.filter ?? '').toMatch(/\$2/);
    // The prepared statement does not outlive the explain.
    const left = await admin.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'pgwarden_explain'");
    expect(left.rows[0].n).toBe(0);
  });

  it('flags a 10x misestimate on correlated columns and on stale statistics', async () => {
    const corr = await service.run({ source: stmt('SELECT * FROM pairs WHERE a = 1 AND b = 1'), analyze: true, allowWrites: false });
    if (!corr.ok) throw new Error(corr.message);
    expect(corr.mode).toBe('analyze');
    const m = corr.flags.find((f) => f.category === 'misestimate');
    expect(m, JSON.stringify(corr.flags)).toBeDefined();
    expect(m!.fix).toContain('CREATE STATISTICS ON a, b FROM pairs');
    const stale = await service.run({ source: stmt('SELECT * FROM events WHERE kind = 2'), analyze: true, allowWrites: false });
    if (!stale.ok) throw new Error(stale.message);
    const st = stale.flags.find((f) => f.category === 'misestimate');
    expect(st, JSON.stringify(stale.flags)).toBeDefined();
    expect(st!.fix).toMatch(/^ANALYZE events;.*changed since the last ANALYZE/);
  });

  it('runs EXPLAIN ANALYZE of a DELETE only after the write confirmation, and rolls it back', async () => {
    const before = (await admin.query("SELECT count(*)::int AS n FROM orders WHERE status = 'cancelled'")).rows[0].n;
    expect(before).toBeGreaterThan(0);
    const del = stmt("DELETE FROM orders WHERE status = 'cancelled'");
    const first = await service.run({ source: del, analyze: true, allowWrites: false });
    expect(first.ok).toBe(false);
    if (!first.ok) {
      expect(first.reason).toBe('confirm-writes');
      expect(first.message).toMatch(/locks/);
    }
    const out = await service.run({ source: del, analyze: true, allowWrites: true });
    if (!out.ok) throw new Error(out.message);
    expect(out.result.analyzed).toBe(true);
    const scan = out.result.nodes.find((n) => n.relation === 'orders' && n.nodeType === 'Seq Scan')!;
    expect((scan.actualRows ?? 0) * (scan.actualLoops ?? 1)).toBe(before);
    const after = (await admin.query("SELECT count(*)::int AS n FROM orders WHERE status = 'cancelled'")).rows[0].n;
    expect(after).toBe(before);
  });

  it('refuses to run a write the classifier took for a read, through the read-only transaction', async () => {
    await admin.query('CREATE OR REPLACE FUNCTION count_and_clear() RETURNS bigint LANGUAGE sql AS $$ DELETE FROM events WHERE kind = 1 RETURNING 1; SELECT 1::bigint $$');
    // A function call is already treated as a possible write; the server is the second guard.
    const out = await service.run({ source: stmt('SELECT count_and_clear()'), analyze: true, allowWrites: false });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toBe('confirm-writes');
    const kept = (await admin.query('SELECT count(*)::int AS n FROM events WHERE kind = 1')).rows[0].n;
    expect(kept).toBe(100);
  });

  it('refuses ANALYZE in read-only mode, several statements, and a parameterized ANALYZE', async () => {
    readOnly = true;
    try {
      const ro = await service.run({ source: stmt('SELECT 1'), analyze: true, allowWrites: false });
      expect(!ro.ok && ro.reason === 'refused' && /read-only/.test(ro.message)).toBe(true);
    } finally {
      readOnly = false;
    }
    const multi = await service.run({ source: stmt('SELECT 1; DROP TABLE orders'), analyze: false, allowWrites: false });
    expect(!multi.ok && multi.reason === 'refused').toBe(true);
    const param = await service.run({ source: stmt('SELECT * FROM orders WHERE id = $1'), analyze: true, allowWrites: false });
    expect(!param.ok && /parameters/.test(param.message)).toBe(true);
    expect((await admin.query("SELECT to_regclass('orders') IS NOT NULL AS ok")).rows[0].ok).toBe(true);
  });

  it("explains a running backend's query in its database, and refuses a truncated text", async () => {
    const busy = await connect(primary, { db, appName: 'pgwarden-test-busy' });
    const long = await connect(primary, { db, appName: 'pgwarden-test-long' });
    try {
      const running = busy.query("SELECT pg_sleep(30), count(*) FROM orders WHERE status = 'completed'").catch(() => undefined);
      const pid = (busy as unknown as { processID: number }).processID;
      const src = await waitFor(async () => {
        const b = await backendSource(s, caps, pid);
        return b?.query?.includes('pg_sleep') ? b : undefined;
      });
      expect(src.database).toBe(db);
      const out = await service.run({ source: src, analyze: false, allowWrites: false });
      if (!out.ok) throw new Error(out.message);
      expect(out.result.nodes.some((n) => n.relation === 'orders')).toBe(true);
      // A text longer than track_activity_query_size arrives cut short: planning it would be wrong.
      const pad = 'x'.repeat(caps.trackActivityQuerySize + 100);
      const longRunning = long.query(`SELECT pg_sleep(30), '${pad}'`).catch(() => undefined);
      const lpid = (long as unknown as { processID: number }).processID;
      const lsrc = await waitFor(async () => {
        const b = await backendSource(s, caps, lpid);
        return b?.query?.includes('pg_sleep') ? b : undefined;
      });
      const refused = await service.run({ source: lsrc, analyze: false, allowWrites: false });
      expect(!refused.ok && /truncated/.test(refused.message)).toBe(true);
      await admin.query('SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1)', [[pid, lpid]]);
      await Promise.all([running, longRunning]);
    } finally {
      await busy.end().catch(() => undefined);
      await long.end().catch(() => undefined);
    }
  });

  it('finds a statement by queryid in pg_stat_statements, with its database', async () => {
    // pg_stat_statements turns the typed literal into "interval $3", which must still plan.
    await admin.query("SELECT count(*) FROM orders WHERE customer_id = 42 AND status = 'pending' AND created_at > now() - interval '7 days'");
    const row = await waitFor(async () => {
      const r = await admin.query("SELECT queryid::text AS q FROM pg_stat_statements WHERE query LIKE 'SELECT count(*) FROM orders WHERE customer_id = $1%interval $3'");
      return r.rows[0]?.q as string | undefined;
    });
    const sources = await statementSources(s, caps, row);
    expect(sources[0]?.database).toBe(db);
    const out = await service.run({ source: sources[0]!, analyze: false, allowWrites: false });
    if (!out.ok) throw new Error(out.message);
    expect(out.mode).toBe('generic');
  });

  it('prints the same tree and flags from `pgwarden explain`, and the raw plan with --json', async () => {
    await admin.query("SELECT * FROM orders WHERE status = 'completed' AND created_at > '2024-12-01' AND customer_id = 7");
    const q = await waitFor(async () => {
      const r = await admin.query("SELECT queryid::text AS q FROM pg_stat_statements WHERE query LIKE 'SELECT * FROM orders WHERE status = $1 AND created_at > $2 AND customer_id = $3%'");
      return r.rows[0]?.q as string | undefined;
    });
    const run = async (extra: Partial<Parameters<typeof runExplainCommand>[0]>) => {
      let out = '';
      let err = '';
      const code = await runExplainCommand({
        plan: pgwardenPlan(primary, 'postgres', 'postgres'),
        describe: 'lab',
        analyze: false,
        allowWrites: false,
        json: false,
        readOnly: false,
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        ...extra,
      });
      return { code, out, err };
    };
    const text = await run({ queryId: q });
    expect(text.code, text.err).toBe(0);
    // The first line says where the cost goes and what would fix it; the title follows.
    expect(text.out).toMatch(/^Most estimated cost is in .+\nEXPLAIN \(generic plan\) of queryid -?\d+ in explain_/);
    expect(text.out).toContain('Seq Scan on public.orders');
    const json = await run({ queryId: q, json: true });
    const doc = JSON.parse(json.out);
    expect(doc.raw[0].Plan).toBeDefined();
    expect(doc.mode).toBe('generic');
    expect(Array.isArray(doc.findings)).toBe(true);
    const analyze = await run({ queryId: q, analyze: true });
    expect(analyze.code).toBe(1);
    expect(analyze.err).toMatch(/parameters/);
    const missing = await run({ pid: 999999 });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no backend with pid 999999');
    expect((await run({})).code).toBe(2);
  });
});
