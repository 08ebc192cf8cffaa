/**
 * Checks never pass on what they cannot see: a pg_monitor role that may not read a schema's tables
 * and sequences, and a table under ACCESS EXCLUSIVE, make "Table bloat" and "Sequences" unknown
 * with the reason and the grant; week over week, what could not be read is not "resolved".
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import { runHeadless } from '../../src/checklists/headless';
import { runSteps } from '../../src/checklists/run';
import type { CheckResult } from '../../src/checklists/types';
import { exactBloat } from '../../src/data/collectors/bloat';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { connect, withDatabase } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

const session = (endpoint: Endpoint, db: string, user: string): Session =>
  new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user, database: db, application_name: 'pgwarden' }] });

const STEPS = weekly.steps.filter((s) => s.id === 'table-bloat' || s.id === 'sequences');

async function check(s: Session): Promise<{ bloat: CheckResult; seqs: CheckResult }> {
  await s.connect();
  const r = await runSteps({ query: (t, p) => s.query(t, p), caps: await probe(s), ownPids: s.pid === undefined ? [] : [s.pid] }, STEPS);
  return { bloat: r.get('table-bloat')!, seqs: r.get('sequences')! };
}

/** A bloated table (over the 8 MB floor, half its rows deleted) and a sequence at 95 % in a schema pg_monitor cannot read. */
const HIDDEN = [
  'CREATE SCHEMA app',
  'CREATE TABLE app.bloated (id int, pad text) WITH (autovacuum_enabled = off)',
  "INSERT INTO app.bloated SELECT g, repeat('x', 200) FROM generate_series(1, 40000) g",
  'DELETE FROM app.bloated WHERE id % 2 = 0',
  'ANALYZE app.bloated',
  'CREATE SEQUENCE app.nearly_full MAXVALUE 100',
  "SELECT setval('app.nearly_full', 95)",
];

const MONITOR = 'pgwarden_monitor';

describe.each(clusters)('checks that cannot see everything, on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('are unknown with the grant for a pg_monitor role, WARN/FAIL for a superuser, and the grant makes them judge', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      cleanup.push(() => c.end());
      for (const sql of HIDDEN) await c.query(sql);
      const su = session(primary, db, 'postgres');
      const mon = session(primary, db, MONITOR);
      cleanup.push(() => su.close(), () => mon.close());

      const asSuper = await check(su);
      expect(['warn', 'fail']).toContain(asSuper.bloat.outcome);
      expect(asSuper.bloat.findings).toEqual(['table_bloat:app.bloated']);
      expect(asSuper.seqs).toMatchObject({ outcome: 'fail', findings: ['sequence:app.nearly_full'] });
      expect(asSuper.bloat.unseen ?? []).toEqual([]);

      const asMonitor = await check(mon);
      expect(asMonitor.bloat.outcome, asMonitor.bloat.summary).toBe('unknown');
      expect(asMonitor.bloat.summary).toContain('1 table whose statistics this role cannot read');
      expect(asMonitor.bloat.unseen?.[0]?.grant).toContain(`GRANT SELECT ON ALL TABLES IN SCHEMA app TO ${MONITOR};`);
      expect(asMonitor.seqs.outcome, asMonitor.seqs.summary).toBe('unknown');
      expect(asMonitor.seqs.summary).toContain('1 sequence this role cannot read, in schemas app');
      expect(asMonitor.seqs.unseen?.[0]).toMatchObject({ items: ['sequence:app.nearly_full'] });
      expect(asMonitor.seqs.unseen?.[0]?.grant).toContain(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO ${MONITOR};`);
      if (cluster.major >= 14) expect(asMonitor.seqs.unseen?.[0]?.grant).toContain(`GRANT pg_read_all_data TO ${MONITOR};`);
      else expect(asMonitor.seqs.unseen?.[0]?.grant).not.toContain('pg_read_all_data');

      // The grants named are the ones that work: pg_monitor plus SELECT on the schema's tables and
      // sequences (no USAGE on the schema needed) judges as the superuser does.
      await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA app TO ${MONITOR}`);
      await c.query(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO ${MONITOR}`);
      // (They go with the database.)
      const granted = await check(mon);
      expect(granted.bloat).toMatchObject({ outcome: asSuper.bloat.outcome, findings: ['table_bloat:app.bloated'] });
      expect(granted.seqs).toMatchObject({ outcome: 'fail', findings: ['sequence:app.nearly_full'] });
    });
  });

  it.skipIf(cluster.major < 14)('pg_read_all_data (14+) is enough on its own beside pg_monitor', async () => {
    const admin = await connect(primary);
    const role = `pgw_all_${process.pid}`;
    await admin.query(`CREATE ROLE ${role} LOGIN IN ROLE pg_monitor, pg_read_all_data`);
    try {
      await withDatabase(primary, async (db) => {
        const c = await connect(primary, { db });
        const s = session(primary, db, role);
        try {
          for (const sql of HIDDEN) await c.query(sql);
          const r = await check(s);
          expect(['warn', 'fail']).toContain(r.bloat.outcome);
          expect(r.seqs).toMatchObject({ outcome: 'fail', findings: ['sequence:app.nearly_full'] });
        } finally {
          await s.close();
          await c.end();
        }
      });
    } finally {
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });

  it('the exact figure (pgstattuple) needs no SELECT: pg_monitor may run it through pg_stat_scan_tables, a plain role may not', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      cleanup.push(() => c.end());
      for (const sql of HIDDEN) await c.query(sql);
      await c.query('CREATE EXTENSION pgstattuple');
      const relid = Number((await c.query("SELECT 'app.bloated'::regclass::oid AS oid")).rows[0].oid);
      const as = async (user: string) => {
        const u = await connect(primary, { db, user });
        try {
          return await exactBloat((t, p) => u.query(t, p), relid, 'public', cluster.major);
        } finally {
          await u.end();
        }
      };
      expect((await as(MONITOR)).bloatShare).toBeGreaterThan(0.3);
      await expect(as('pgwarden_plain')).rejects.toThrow(/permission denied for function pgstattuple/);
    });
  });

  it('a bloated table under ACCESS EXCLUSIVE is unknown, naming the pid that holds the lock, not a pass', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const locker = await connect(primary, { db });
      cleanup.push(() => c.end(), () => locker.end());
      for (const sql of HIDDEN) await c.query(sql);
      const su = session(primary, db, 'postgres');
      cleanup.push(() => su.close());
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE app.bloated IN ACCESS EXCLUSIVE MODE');
      const pid = Number((await locker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const r = await check(su);
      expect(r.bloat.outcome, r.bloat.summary).toBe('unknown');
      expect(r.bloat.summary).toContain(`1 table skipped: locked (ACCESS EXCLUSIVE held by pid ${pid}): app.bloated`);
      expect(r.bloat.unseen?.[0]).toMatchObject({ items: ['table_bloat:app.bloated'] });
      await locker.query('ROLLBACK');
      expect(['warn', 'fail']).toContain((await check(su)).bloat.outcome);
    });
  });

  it('for a role without pg_read_all_stats, session checks are unknown naming pg_monitor, and the xmin horizon still sees other roles\' snapshots', async () => {
    await withDatabase(primary, async (db) => {
      const holder = await connect(primary, { db });
      cleanup.push(() => holder.end());
      // A superuser's session idle in a REPEATABLE READ transaction: its snapshot holds the horizon.
      await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await holder.query('SELECT 1');
      const pid = Number((await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const plain = session(primary, db, 'pgwarden_plain');
      cleanup.push(() => plain.close());
      await plain.connect();
      const steps = [
        { id: 'idle', title: 'Idle in transaction', why: '', check: { id: 'idle_in_transaction' } },
        { id: 'long', title: 'Long-running', why: '', check: { id: 'long_running' } },
        { id: 'xmin', title: 'Xmin horizon', why: '', check: { id: 'xmin_horizon', thresholds: { warn: 0 } } },
        { id: 'conn', title: 'Connections', why: '', check: { id: 'connections' } },
      ];
      const r = await runSteps({ query: (t, p) => plain.query(t, p), caps: await probe(plain), ownPids: plain.pid === undefined ? [] : [plain.pid] }, steps);
      for (const id of ['idle', 'long']) {
        expect(r.get(id)?.outcome, r.get(id)?.summary).toBe('unknown');
        expect(r.get(id)?.summary).toMatch(/\d+ backends? whose state this role cannot see/);
        expect(r.get(id)?.unseen?.[0]?.grant).toBe('GRANT pg_monitor TO pgwarden_plain;');
      }
      // backend_xmin is shown to every role; only backend_type is not, and it no longer hides the row.
      expect(r.get('xmin')?.outcome).toBe('warn');
      expect(r.get('xmin')?.evidence?.rows.map((row) => row[2])).toContain(String(pid));
      // Other roles' sessions show no backend_type to this role: they still count as connections.
      const hidden = Number(/(\d+) of them other roles' sessions whose state this role cannot see, counted as clients/.exec(r.get('conn')?.summary ?? '')?.[1]);
      expect(hidden, r.get('conn')?.summary).toBeGreaterThanOrEqual(1);
      expect(Number(/^(\d+) of \d+ usable connections/.exec(r.get('conn')!.summary)?.[1])).toBeGreaterThan(hidden);
    });
  });

  it('a report after a failing week and an unknown week says "not checked", not "resolved", and exits 3', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      cleanup.push(() => c.end());
      for (const sql of HIDDEN) await c.query(sql);
      const dir = await mkdtemp(join(tmpdir(), 'pgw-cov-'));
      const env = { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
      // Only the two steps: cluster-wide steps (slots, lag) depend on what other tests do meanwhile.
      await mkdir(join(dir, 'config', 'pgwarden', 'checklists'), { recursive: true });
      await writeFile(
        join(dir, 'config', 'pgwarden', 'checklists', 'coverage.json'),
        JSON.stringify({ id: 'coverage', title: 'Coverage', kind: 'maintenance', steps: STEPS.map((s) => ({ id: s.id, title: s.title, why: s.why, check: s.check })) }),
      );
      const su = session(primary, db, 'postgres');
      const mon = session(primary, db, MONITOR);
      cleanup.push(() => su.close(), () => mon.close(), () => rm(dir, { recursive: true, force: true }));
      const opts = { name: 'coverage', serverKey: `${primary.host}:${primary.port}/${db}`, server: `${primary.host}:${primary.port}/${db}`, env, home: dir, log: () => undefined };
      const weekAgo = new Date(Date.now() - 7 * 86_400_000);
      expect(await runHeadless({ ...opts, session: su, reportFile: join(dir, 'week1.md'), now: () => weekAgo })).toBe(1);
      expect(await runHeadless({ ...opts, session: mon, reportFile: join(dir, 'week2.md') })).toBe(3);
      const md = await readFile(join(dir, 'week2.md'), 'utf8');
      expect(md).toMatch(/## 2\. .* — UNKNOWN/);
      expect(md).not.toMatch(/resolved: `sequence:app\.nearly_full`/);
      expect(md).not.toMatch(/resolved: `table_bloat:app\.bloated`/);
      expect(md).toContain('not checked this time (could not be read): `sequence:app.nearly_full`');
      expect(md).toContain('not checked this time (could not be read): `table_bloat:app.bloated`');
      expect(md).toMatch(/\| 0 new, 0 resolved, 0 still there, 1 not checked \|/);
      expect(md).toContain(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO ${MONITOR};`);
      expect(md).toContain('- Result: 0 fail, 0 warn, 2 unknown, 0 pass');
    });
  });
});
