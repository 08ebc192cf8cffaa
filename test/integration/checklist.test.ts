import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import { runHeadless } from '../../src/checklists/headless';
import { runSteps } from '../../src/checklists/run';
import { finishSession, recordResult, startSession } from '../../src/checklists/session';
import { readState, statePath, upsertSession, writeState } from '../../src/checklists/state';
import type { CheckResult } from '../../src/checklists/types';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';
import { testDir } from '../helpers/tmp';

const clusters = labClusters();

function session(endpoint: Endpoint, db: string): Session {
  return new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: 'postgres', database: db, application_name: 'pgwarden' }] });
}

async function runWeekly(s: Session): Promise<Map<string, CheckResult>> {
  await s.connect();
  const caps = await probe(s);
  return runSteps({ query: (t, p) => s.query(t, p), caps, ownPids: s.pid === undefined ? [] : [s.pid] }, weekly.steps);
}

/** Tables and objects with one known problem each. Autovacuum is off on them so nothing tidies up behind the test. */
const PROBLEMS = [
  'CREATE TABLE t (id int PRIMARY KEY, a int, b int)',
  'INSERT INTO t SELECT g, g, g FROM generate_series(1, 100) g',
  'CREATE INDEX t_a_idx ON t (a)',
  'CREATE INDEX t_b_idx1 ON t (b)',
  'CREATE INDEX t_b_idx2 ON t (b)',
  'CREATE TABLE parent (id int PRIMARY KEY)',
  'CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent)',
  'CREATE TABLE dup (x int)',
  'INSERT INTO dup VALUES (1), (1)',
  'CREATE SEQUENCE nearly_full MAXVALUE 100',
  "SELECT setval('nearly_full', 95)",
  // A bigint sequence behind an integer column runs out at 2^31 - 1, long before its own maximum.
  'CREATE SEQUENCE narrow_seq AS bigint',
  "CREATE TABLE narrow (id int DEFAULT nextval('narrow_seq'))",
  'ALTER SEQUENCE narrow_seq OWNED BY narrow.id',
  "SELECT setval('narrow_seq', 1700000000)",
  "CREATE TABLE bloated (id int, pad text) WITH (autovacuum_enabled = off)",
  "INSERT INTO bloated SELECT g, repeat('x', 200) FROM generate_series(1, 40000) g",
  'DELETE FROM bloated WHERE id % 2 = 0',
  'ANALYZE bloated',
  'CREATE TABLE stale (id int) WITH (autovacuum_enabled = off)',
  'INSERT INTO stale SELECT generate_series(1, 5000)',
];

describe.each(clusters)('weekly checklist on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('passes the database-local checks on a clean database', async () => {
    await withDatabase(primary, async (db) => {
      const s = session(primary, db);
      cleanup.push(() => s.close());
      const r = await runWeekly(s);
      for (const step of ['unused-indexes', 'duplicate-indexes', 'invalid-indexes', 'fk-without-index', 'dead-tuples', 'table-bloat', 'stale-stats', 'sequences', 'wraparound', 'database-size']) {
        expect(r.get(step)?.outcome, `${step}: ${r.get(step)?.summary}`).toBe('pass');
      }
      // Cluster-wide figures: other tests run beside this one, so only the shape is certain.
      for (const step of ['connections', 'archiving', 'replication-lag', 'inactive-slots']) expect(['pass', 'warn', 'fail']).toContain(r.get(step)?.outcome);
      expect(r.get('connections')?.summary).toMatch(/usable connections/);
    });
  });

  it('reports each prepared problem with its evidence, and the next run tells what was resolved', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      cleanup.push(() => c.end());
      for (const sql of PROBLEMS) await c.query(sql);
      // A unique index built concurrently over duplicates fails and stays behind, invalid.
      await expect(c.query('CREATE UNIQUE INDEX CONCURRENTLY dup_x ON dup (x)')).rejects.toThrow(/could not create unique index/);
      const slot = `pgw_${db}`;
      // Reserving WAL at once makes the inactive slot hold some.
      await c.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
      const s = session(primary, db);
      // Before the database goes: dropping it WITH (FORCE) ends these connections.
      try {
        await problemsReported(db, slot, s, c);
      } finally {
        await c.query('SELECT pg_drop_replication_slot($1)', [slot]);
        await s.close();
      }
    });
  });

  it('measures database and WAL growth against the previous session in the state file, and sees a new cluster', async () => {
    await withDatabase(primary, async (db) => {
      const s = session(primary, db);
      const c = await connect(primary, { db });
      const dir = await mkdtemp(join(tmpdir(), 'pgw-growth-'));
      cleanup.push(() => s.close(), () => c.end(), () => rm(dir, { recursive: true, force: true }));
      // This run's own figures first: the previous session is made from them, a week earlier.
      const now = (await runWeekly(s)).get('database-size')!;
      expect(now.summary).toMatch(/^first measurement: all databases /);
      const m = now.metrics as { at: number; total: number; lsn: number; systemId: string; databases: Record<string, number> };
      expect(m.databases[db]).toBeGreaterThan(0);
      expect(m.systemId).toMatch(/^\d+$/);
      // Superuser: pg_ls_waldir() is readable.
      expect(now.evidence?.rows[0]?.[7]).toMatch(/[KMG]?B$/);

      const env = { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
      const serverKey = `${primary.host}:${primary.port}/${db}`;
      const path = statePath(env, dir, serverKey);
      const weekAgo = new Date((m.at - 7 * 86_400) * 1000);
      const previousWith = async (metrics: Record<string, unknown>): Promise<void> => {
        let last = startSession(weekly, 'tester', weekAgo);
        last = recordResult(last, 'database-size', { outcome: 'pass', summary: 'last week', findings: [], metrics: metrics as never }, weekAgo);
        await writeState(path, upsertSession({ version: 1, serverKey, sessions: [] }, finishSession(last, weekAgo)));
      };
      const opts = { name: 'weekly', session: s, serverKey, server: `postgres@${primary.host}:${primary.port}/${db}`, env, home: dir, log: () => undefined };
      const growth = async () => {
        await runHeadless({ ...opts, reportFile: join(dir, 'report.md') });
        const st = await readState(path, serverKey);
        return { step: st.sessions.at(-1)!.steps['database-size']!, md: await readFile(join(dir, 'report.md'), 'utf8') };
      };

      // A week ago the databases were half their size and WAL was 1 GB behind: +100 % a week,
      // shown but not graded on these small test databases (under the 1 GB floor).
      const halved = { ...m, at: m.at - 7 * 86_400, total: m.total / 2, databases: Object.fromEntries(Object.entries(m.databases).map(([k, v]) => [k, v / 2])), lsn: m.lsn - 1024 ** 3 };
      await previousWith(halved);
      const { step, md } = await growth();
      expect(step.outcome).toBe('pass');
      expect(step.summary).toMatch(/^all databases [\d.]+ [KMG]B, \+[\d.]+ [KMG]B a week \(\+(9\d|1\d\d)\.\d %\) since \d{4}-\d\d-\d\d \(under 1\.0 GB: not graded\)/);
      // The WAL written since is the 1 GB plus what the cluster wrote meanwhile, over 7 days and a bit.
      expect(step.summary).toMatch(/WAL written 1\.\d GB a week/);
      expect(step.evidence?.rows).toHaveLength(2);
      expect(step.evidence?.rows[1]?.[1]).toBe('7.0 d');
      expect((step.metrics as { at: number }).at).toBeGreaterThanOrEqual(m.at);
      expect(md).toMatch(/## 15\. Database size and WAL growth — PASS/);
      expect(md).toMatch(/\| run \(UTC\) \| interval \| all databases \| change \| per week \| WAL written \| WAL per week \| pg_wal \|/);
      // With the floor lowered (a step's own thresholds), the same history fails: over +25 % a week.
      const step15 = weekly.steps.find((x) => x.id === 'database-size')!;
      const graded = await runSteps(
        { query: (t, p) => s.query(t, p), caps: await probe(s), ownPids: [], history: [finishSession(recordResult(startSession(weekly, 'tester', weekAgo), 'database-size', { outcome: 'pass', summary: '', findings: [], metrics: halved }, weekAgo), weekAgo)] },
        [{ ...step15, check: { id: 'disk_growth', thresholds: { min: 0 } } }],
      );
      expect(graded.get('database-size')).toMatchObject({ outcome: 'fail' });
      expect(graded.get('database-size')!.findings).toEqual(expect.arrayContaining(['disk_growth:all', `disk_growth:db:${db}`]));

      // The same sizes but a WAL position far ahead of today's: another cluster answered last week.
      await previousWith({ ...m, at: m.at - 7 * 86_400, lsn: m.lsn + 1024 ** 4 });
      const again = (await growth()).step;
      expect(again.outcome).toBe('pass');
      expect(again.summary).toContain('WAL history restarts: another cluster answers since');
      expect(again.evidence?.rows[1]?.[5]).toBe('new cluster');
    });
  });

  it('reads the replayed WAL position on a standby', async () => {
    if (!cluster.standby) return;
    const s = session(cluster.standby, 'postgres');
    cleanup.push(() => s.close());
    const r = (await runWeekly(s)).get('database-size')!;
    expect(r.evidence?.columns).toContain('WAL replayed');
    expect((r.metrics as { lsnSource: string }).lsnSource).toMatch(/^(replay|receive)$/);
    expect((r.metrics as { lsn: number }).lsn).toBeGreaterThan(0);
  });

  async function problemsReported(db: string, slot: string, s: Session, c: Awaited<ReturnType<typeof connect>>): Promise<void> {
      // Table statistics reach pg_stat_user_tables a moment after the writing transaction ends.
      let last: Map<string, CheckResult> | undefined;
      const r = await waitFor(
        async () => {
          // Before 15 a backend sends its table counts at most every 500 ms, and only at the end of a
          // transaction: a statement on the writing connection gets pending counts out.
          await c.query('SELECT 1');
          const r = await runWeekly(s);
          last = r;
          return r.get('dead-tuples')?.outcome === 'fail' && r.get('stale-stats')?.findings.includes('stale_stats:public.stale') ? r : undefined;
        },
        { what: 'dead tuples and stale statistics to show', timeoutMs: 30_000, intervalMs: 250 },
      ).catch((err) => {
        throw new Error(`${(err as Error).message}; last: ${JSON.stringify([last?.get('dead-tuples'), last?.get('stale-stats')])}`);
      });
      const at = (id: string) => r.get(id)!;
      expect(at('unused-indexes').outcome).toBe('warn');
      expect(at('unused-indexes').findings.sort()).toEqual(['unused_index:public.t_a_idx', 'unused_index:public.t_b_idx1', 'unused_index:public.t_b_idx2']);
      expect(at('unused-indexes').evidence?.rows.map((row) => row[0])).toContain('t_a_idx');
      expect(at('duplicate-indexes')).toMatchObject({ outcome: 'warn', findings: ['duplicate_index:public.t_b_idx2'] });
      expect(at('duplicate-indexes').evidence?.rows[0]?.[1]).toBe('t_b_idx1');
      expect(at('invalid-indexes')).toMatchObject({ outcome: 'fail', findings: ['invalid_index:public.dup_x'] });
      expect(at('fk-without-index')).toMatchObject({ outcome: 'warn', findings: ['fk_without_index:public.child.child_parent_id_fkey'] });
      expect(at('sequences')).toMatchObject({ outcome: 'fail', findings: ['sequence:public.nearly_full', 'sequence:public.narrow_seq'] });
      expect(at('sequences').evidence?.rows[0]).toEqual(['nearly_full', 'bigint', '', '95', '100', '94.9 %']);
      expect(at('sequences').evidence?.rows[1]).toEqual(['narrow_seq', 'bigint', 'int4', '1700000000', '2147483647', '79.2 %']);
      expect(at('dead-tuples').findings).toContain('dead_tuples:public.bloated');
      expect(at('dead-tuples').evidence?.rows.find((row) => row[0] === 'bloated')?.[3]).toMatch(/^[2-6]\d\.\d %$/);
      expect(['warn', 'fail']).toContain(at('table-bloat').outcome);
      expect(at('table-bloat').findings).toContain('table_bloat:public.bloated');
      expect(at('autovacuum').findings).toContain('autovacuum_behind:public.bloated');
      expect(['warn', 'fail']).toContain(at('inactive-slots').outcome);
      expect(at('inactive-slots').findings).toContain(`inactive_slot:${slot}`);

      // The same checks headless, twice, with one problem fixed in between.
      const dir = testDir('pgw-cl-it-');
      const env = { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
      const opts = { name: 'weekly', session: s, serverKey: `${primary.host}:${primary.port}/${db}`, server: `postgres@${primary.host}:${primary.port}/${db}`, env, home: dir, log: () => undefined };
      expect(await runHeadless({ ...opts, reportFile: join(dir, 'week1.md') })).toBe(1);
      await c.query('DROP INDEX t_a_idx');
      expect(await runHeadless({ ...opts, reportFile: join(dir, 'week2.md') })).toBe(1);
      const md1 = await readFile(join(dir, 'week1.md'), 'utf8');
      const md2 = await readFile(join(dir, 'week2.md'), 'utf8');
      expect(md1).toContain('- Compared with: no earlier session on this server');
      expect(md1).toMatch(/## 4\. Invalid indexes — FAIL/);
      expect(md1).toContain('| dup_x |');
      expect(md2).toMatch(/- Compared with: the session of \d{4}-/);
      expect(md2).toContain('resolved: `unused_index:public.t_a_idx`; still there: `unused_index:public.t_b_idx1`, `unused_index:public.t_b_idx2`');
  }
});
