import { afterEach, describe, expect, it } from 'vitest';
import { dataOf, type Collector, type Snapshot } from '../../src/data/collector';
import { progressCollector, progressShare, type Progress } from '../../src/data/collectors/progress';
import { vacuumCollector } from '../../src/data/collectors/vacuum';
import { wraparoundCollector, wraparoundTablesCollector } from '../../src/data/collectors/wraparound';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { bloatedTable } from '../../src/lab/scenarios/bloatedTable';
import { slowVacuum } from '../../src/lab/scenarios/slowVacuum';
import type { ScenarioHandle } from '../../src/lab/scenarios/sessions';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

function session(endpoint: Endpoint, db: string): Session {
  return new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: 'postgres', database: db, application_name: 'pgwarden' }] });
}

function poller(s: Session, collectors: Collector[]): () => Promise<Snapshot> {
  const p = new Poller(s, { snapshot: () => undefined, status: () => undefined });
  p.setPlan(collectors);
  return () => p.once();
}

describe.each(clusters)('vacuum collectors on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let handles: ScenarioHandle[] = [];
  let sessions: Session[] = [];
  afterEach(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    await Promise.all(sessions.map((s) => s.close()));
    handles = [];
    sessions = [];
  });
  const open = (db: string) => {
    const s = session(primary, db);
    sessions.push(s);
    return s;
  };

  it('shows dead tuples of a table updated with autovacuum off, and how far it is from its trigger', async () => {
    await withDatabase(primary, async (db) => {
      const t = await bloatedTable(primary, { db, table: 'updated', rows: 10_000, updates: 1 });
      const c = await connect(primary, { db });
      await c.query("ALTER TABLE updated SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 100)");
      await c.end();
      const once = poller(open(db), [vacuumCollector]);
      // The cumulative statistics reach the view with a short delay after the transaction ends.
      const row = await waitFor(async () => dataOf(await once(), vacuumCollector)?.find((r) => r.name === t.table && r.deadTuples > 0), {
        what: 'dead tuples in pg_stat_user_tables',
      });
      expect(row.deadTuples).toBeGreaterThanOrEqual(9_000);
      expect(row.autovacuumEnabled).toBe(false);
      expect(row.lastAnalyze).toBeGreaterThan(0);
      expect(row.lastAutovacuum).toBeNull();
      // Its own settings: 100 + 0.01 × ~10,000 rows.
      expect(row.vacScale).toBe(0.01);
      expect(row.vacThreshold).toBeGreaterThan(190);
      expect(row.vacThreshold).toBeLessThan(210);
      expect(row.deadTuples).toBeGreaterThan(row.vacThreshold);
      expect(row.xidAge).toBeGreaterThan(0);
    });
  });

  it('shows a running VACUUM with its phase and share done', async () => {
    await withDatabase(primary, async (db) => {
      const t = await bloatedTable(primary, { db, table: 'to_vacuum', rows: 60_000, updates: 1 });
      const h = await slowVacuum(primary, { db, table: t.table, appName: 'lab-vacuum' });
      handles.push(h);
      const once = poller(open(db), [progressCollector]);
      let seen: Progress[] = [];
      const row = await waitFor(
        async () => {
          seen = dataOf(await once(), progressCollector) ?? [];
          return seen.find((p) => p.pid === h.pid && p.command === 'VACUUM' && p.phase === 'scanning heap' && (p.done ?? 0) > 0);
        },
        { what: 'the VACUUM to show progress', timeoutMs: 30_000 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}; last: ${JSON.stringify(seen)}`);
      });
      expect(row.relation).toBe(t.table);
      expect(row.database).toBe(db);
      expect(row.unit).toBe('blocks');
      expect(row.total).toBeGreaterThan(row.done!);
      const share = progressShare(row)!;
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThan(1);
      expect(row.autovacuum).toBe(false);
      expect(row.now - row.started!).toBeGreaterThanOrEqual(0);
    });
  });

  it('lists the age of every database and the oldest tables against autovacuum_freeze_max_age', async () => {
    const once = poller(open('postgres'), [wraparoundCollector, wraparoundTablesCollector]);
    const snap = await once();
    const dbs = dataOf(snap, wraparoundCollector)!;
    expect(dbs.map((d) => d.database)).toEqual(expect.arrayContaining(['postgres', 'template0', 'template1']));
    for (const d of dbs) {
      expect(d.xidAge).toBeGreaterThan(0);
      expect(d.freezeMaxAge).toBe(200_000_000);
    }
    const tables = dataOf(snap, wraparoundTablesCollector)!;
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.length).toBeLessThanOrEqual(20);
    for (let i = 1; i < tables.length; i++) expect(tables[i - 1]!.xidAge).toBeGreaterThanOrEqual(tables[i]!.xidAge);
  });
});
