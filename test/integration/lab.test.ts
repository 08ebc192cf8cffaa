import { afterEach, describe, expect, it } from 'vitest';
import { accessExclusiveQueue, idleInTransaction, lockChain, longQuery, type ScenarioHandle } from '../../src/lab/scenarios';
import { pauseReplay, resumeReplay } from '../../src/lab/replay';
import { connect, waitFor, withDatabase, type ConnectOptions } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

async function query<R extends Record<string, unknown>>(
  endpoint: Endpoint,
  sql: string,
  params: unknown[] = [],
  opts: ConnectOptions = {},
): Promise<R[]> {
  const c = await connect(endpoint, opts);
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function blockingPids(endpoint: Endpoint, pid: number): Promise<number[]> {
  const rows = await query<{ b: number[] }>(endpoint, 'SELECT pg_blocking_pids($1) AS b', [pid]);
  return [...rows[0]!.b].sort((a, b) => a - b);
}

async function sessionsNamed(endpoint: Endpoint, appName: string): Promise<number> {
  const rows = await query<{ n: number }>(
    endpoint,
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [appName],
  );
  return rows[0]!.n;
}

describe.each(clusters)('lab on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const standby = cluster.standby!;
  let handles: ScenarioHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    handles = [];
  });

  it('runs the version it claims, with the primary writable and the standby in recovery', async () => {
    const [p] = await query<{ r: boolean; v: number }>(primary, "SELECT pg_is_in_recovery() AS r, current_setting('server_version_num')::int AS v");
    const [s] = await query<{ r: boolean }>(standby, 'SELECT pg_is_in_recovery() AS r');
    expect(p).toEqual({ r: false, v: expect.any(Number) });
    expect(Math.floor(p!.v / 10000)).toBe(cluster.major);
    expect(s!.r).toBe(true);
  });

  it('streams from the primary to the standby', async () => {
    const rep = await query<{ state: string }>(primary, "SELECT state FROM pg_stat_replication WHERE application_name = 'standby1'");
    expect(rep).toEqual([{ state: 'streaming' }]);
    const [recv] = await query<{ status: string }>(standby, 'SELECT status FROM pg_stat_wal_receiver');
    expect(recv?.status).toBe('streaming');
    // A table created on the primary appears on the standby.
    const name = `lab_repl_${process.pid}`;
    await query(primary, `CREATE TABLE ${name} (id int)`);
    try {
      await waitFor(async () => (await query(standby, 'SELECT to_regclass($1) AS t', [name]))[0]?.t !== null, { what: 'table on the standby' });
    } finally {
      await query(primary, `DROP TABLE ${name}`);
    }
  });

  it('has pg_stat_statements in postgres and new databases, not in nopgss', async () => {
    const rows = await query<{ n: number }>(primary, 'SELECT count(*)::int AS n FROM pg_stat_statements');
    expect(rows[0]!.n).toBeGreaterThan(0);
    await withDatabase(primary, async (db) => {
      const ext = await query(primary, "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'", [], { db });
      expect(ext).toHaveLength(1);
    });
    await expect(query(primary, 'SELECT 1 FROM pg_stat_statements', [], { db: 'nopgss' })).rejects.toMatchObject({ code: '42P01' });
    const [preload] = await query<{ s: string }>(primary, "SELECT current_setting('shared_preload_libraries') AS s");
    expect(preload!.s).toContain('pg_stat_statements');
  });

  it('has the lab roles with the right memberships', async () => {
    const rows = await query<{ r: string; super: boolean; monitor: boolean; signal: boolean; login: boolean }>(
      primary,
      `SELECT rolname AS r, rolsuper AS super, rolcanlogin AS login,
              pg_has_role(rolname, 'pg_monitor', 'MEMBER') AS monitor,
              pg_has_role(rolname, 'pg_signal_backend', 'MEMBER') AS signal
         FROM pg_roles WHERE rolname LIKE 'pgwarden\\_%' ORDER BY rolname`,
    );
    expect(rows).toEqual([
      { r: 'pgwarden_monitor', super: false, login: true, monitor: true, signal: false },
      { r: 'pgwarden_plain', super: false, login: true, monitor: false, signal: false },
      { r: 'pgwarden_pw', super: false, login: true, monitor: false, signal: false },
      { r: 'pgwarden_signal', super: false, login: true, monitor: false, signal: true },
    ]);
  });

  it('makes pgwarden_pw authenticate with SCRAM over TCP', async () => {
    const rows = await query<{ u: string }>(primary, 'SELECT current_user AS u', [], { user: 'pgwarden_pw', password: primary.passwords.pgwarden_pw });
    expect(rows).toEqual([{ u: 'pgwarden_pw' }]);
    await expect(connect(primary, { user: 'pgwarden_pw', password: 'wrong' })).rejects.toMatchObject({ code: '28P01' });
    const [verifier] = await query<{ p: string }>(primary, "SELECT left(rolpassword, 13) AS p FROM pg_authid WHERE rolname = 'pgwarden_pw'");
    expect(verifier!.p).toBe('SCRAM-SHA-256');
  });

  it('pauses and resumes WAL replay on the standby', async () => {
    try {
      await pauseReplay(standby, cluster.major);
      expect(await query(standby, 'SELECT pg_is_wal_replay_paused() AS p')).toEqual([{ p: true }]);
    } finally {
      await resumeReplay(standby);
    }
    expect(await query(standby, 'SELECT pg_is_wal_replay_paused() AS p')).toEqual([{ p: false }]);
  });

  it('stages a long query', async () => {
    await withDatabase(primary, async (db) => {
      const h = await longQuery(primary, { db, seconds: 300, appName: 'lab-long' });
      handles.push(h);
      const rows = await query(primary, 'SELECT state, wait_event_type, wait_event, datname FROM pg_stat_activity WHERE pid = $1', [h.pid]);
      expect(rows).toEqual([{ state: 'active', wait_event_type: 'Timeout', wait_event: 'PgSleep', datname: db }]);
      await h.stop();
      expect(await sessionsNamed(primary, 'lab-long')).toBe(0);
    });
  });

  it('stages a session idle in transaction that holds an xid and a snapshot', async () => {
    await withDatabase(primary, async (db) => {
      const h = await idleInTransaction(primary, { db, appName: 'lab-idle' });
      handles.push(h);
      const rows = await query(
        primary,
        'SELECT state, backend_xid::text AS xid, backend_xmin IS NOT NULL AS has_xmin FROM pg_stat_activity WHERE pid = $1',
        [h.pid],
      );
      expect(rows).toEqual([{ state: 'idle in transaction', xid: expect.any(String), has_xmin: true }]);
      // txid_current() is the 64-bit epoch-qualified form of the same xid.
      expect(BigInt(h.xid) % 2n ** 32n).toBe(BigInt(rows[0]!.xid as string));
      await h.stop();
      expect(await sessionsNamed(primary, 'lab-idle')).toBe(0);
    });
  });

  it('stages a lock chain four levels deep, each level blocked by the one above', async () => {
    await withDatabase(primary, async (db) => {
      const h = await lockChain(primary, { db, depth: 4, appName: 'lab-chain' });
      handles.push(h);
      expect(h.waiters).toHaveLength(4);
      expect(h.pids).toEqual([h.root, ...h.waiters]);
      expect(await blockingPids(primary, h.root)).toEqual([]);
      const chain = [h.root, ...h.waiters];
      for (let k = 1; k < chain.length; k++) {
        expect(await blockingPids(primary, chain[k]!)).toEqual([chain[k - 1]]);
      }
      // Walking up from the last waiter reaches the root after `depth` steps.
      let steps = 0;
      for (let pid = h.waiters.at(-1)!; pid !== h.root; steps++) pid = (await blockingPids(primary, pid))[0]!;
      expect(steps).toBe(4);
      const states = await query<{ pid: number; state: string; w: string | null }>(
        primary,
        "SELECT pid, state, wait_event_type || '/' || wait_event AS w FROM pg_stat_activity WHERE pid = ANY($1)",
        [chain],
      );
      const byPid = new Map(states.map((r) => [r.pid, r]));
      expect(byPid.get(h.root)).toMatchObject({ state: 'idle in transaction' });
      for (const w of h.waiters) expect(byPid.get(w)).toMatchObject({ state: 'active', w: 'Lock/transactionid' });
      await h.stop();
      expect(await sessionsNamed(primary, 'lab-chain')).toBe(0);
    });
  });

  it('stages readers queued behind an ACCESS EXCLUSIVE request', async () => {
    await withDatabase(primary, async (db) => {
      const h = await accessExclusiveQueue(primary, { db, waiters: 3, appName: 'lab-queue' });
      handles.push(h);
      expect(await blockingPids(primary, h.holder)).toEqual([]);
      expect(await blockingPids(primary, h.ddl)).toEqual([h.holder]);
      for (const r of h.readers) expect(await blockingPids(primary, r)).toEqual([h.ddl]);
      const [ddl] = await query(
        primary,
        "SELECT wait_event_type || '/' || wait_event AS w, query FROM pg_stat_activity WHERE pid = $1",
        [h.ddl],
      );
      expect(ddl).toMatchObject({ w: 'Lock/relation', query: expect.stringMatching(/^ALTER TABLE/) });
      const [mode] = await query(primary, "SELECT mode FROM pg_locks WHERE pid = $1 AND NOT granted", [h.ddl]);
      expect(mode).toEqual({ mode: 'AccessExclusiveLock' });
      await h.stop();
      expect(await sessionsNamed(primary, 'lab-queue')).toBe(0);
      // Terminated newest first, the ALTER never ran.
      const cols = await query(primary, "SELECT 1 FROM pg_attribute WHERE attrelid = 'lab_orders'::regclass AND attname = 'note'", [], { db });
      expect(cols).toEqual([]);
    });
  });

  it('leaves no lab sessions behind', async () => {
    await Promise.all(handles.map((h) => h.stop()));
    const rows = await query(
      primary,
      "SELECT pid, application_name FROM pg_stat_activity WHERE application_name LIKE 'pgwarden-lab%' OR application_name LIKE 'lab-%'",
    );
    expect(rows).toEqual([]);
  });
});
