import { afterEach, describe, expect, it } from 'vitest';
import { connectionStorm, replicaLag, runawayQuery, xminHorizon, type ScenarioHandle } from '../../src/lab/scenarios';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

async function query<R extends Record<string, unknown>>(endpoint: Endpoint, sql: string, params: unknown[] = [], db?: string): Promise<R[]> {
  const c = await connect(endpoint, { db });
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe.each(clusters)('demo drill scenarios on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let handles: ScenarioHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    handles = [];
  });

  it('xminHorizon: an old snapshot keeps VACUUM from removing the dead rows it creates', async () => {
    await withDatabase(primary, async (db) => {
      const h = await xminHorizon(primary, { db, table: 'bloat', rows: 500, appName: 'demo-xmin' });
      handles.push(h);
      const [holder] = await query<{ xmin: string | null; state: string }>(
        primary,
        'SELECT backend_xmin::text AS xmin, state FROM pg_stat_activity WHERE pid = $1',
        [h.holder],
      );
      expect(holder).toEqual({ xmin: expect.any(String), state: 'idle in transaction' });
      await h.churn();
      // VACUUM keeps row versions the holder's snapshot might still see: they stay dead, and
      // the cumulative statistics say so once the vacuum has reported.
      await query(primary, 'VACUUM bloat', [], db);
      const dead = await waitFor(
        async () => {
          const [r] = await query<{ n: number; vacuumed: boolean }>(
            primary,
            "SELECT n_dead_tup::int AS n, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'bloat'",
            [],
            db,
          );
          return r?.vacuumed ? r.n : undefined;
        },
        { what: 'vacuum statistics of bloat' },
      );
      expect(dead).toBeGreaterThanOrEqual(500);
    });
  });

  it('runawayQuery: one active backend with no wait event, in a cross join', async () => {
    const h = await runawayQuery(primary, { seconds: 60, appName: 'demo-runaway' });
    handles.push(h);
    const [row] = await query<{ state: string; wait: string | null; q: string }>(
      primary,
      'SELECT state, wait_event_type AS wait, query AS q FROM pg_stat_activity WHERE pid = $1',
      [h.pid],
    );
    expect(row?.state).toBe('active');
    expect(row?.wait).toBeNull();
    expect(row?.q).toContain('pg_class a, pg_class b');
  });

  it('connectionStorm: opens the number of sessions asked for and closes them all on stop', async () => {
    const h = await connectionStorm(primary, { count: 45, batch: 10, appName: 'demo-storm' });
    const count = async (): Promise<number> =>
      (await query<{ n: number }>(primary, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'demo-storm'"))[0]!.n;
    expect(h.pids).toHaveLength(45);
    expect(await count()).toBe(45);
    await h.stop();
    expect(await count()).toBe(0);
  });

  it.runIf(cluster.standby)('replicaLag: replay paused behind the primary and an inactive slot retaining WAL', async () => {
    const h = await replicaLag({ primary, standby: cluster.standby!, major: cluster.major }, { slot: 'demo_test_slot', rows: 5000 });
    try {
      const [rep] = await query<{ behind: string }>(
        primary,
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS behind FROM pg_stat_replication WHERE application_name = 'standby1'",
      );
      expect(Number(rep!.behind)).toBeGreaterThan(0);
      const [slot] = await query<{ active: boolean; retained: string }>(
        primary,
        'SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::text AS retained FROM pg_replication_slots WHERE slot_name = $1',
        ['demo_test_slot'],
      );
      expect(slot?.active).toBe(false);
      expect(Number(slot!.retained)).toBeGreaterThan(0);
      const [paused] = await query<{ p: boolean }>(cluster.standby!, 'SELECT pg_is_wal_replay_paused() AS p');
      expect(paused!.p).toBe(true);
    } finally {
      await h.stop();
    }
    expect(await query(primary, 'SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', ['demo_test_slot'])).toHaveLength(0);
    const [resumed] = await query<{ p: boolean }>(cluster.standby!, 'SELECT pg_is_wal_replay_paused() AS p');
    expect(resumed!.p).toBe(false);
  });
});
