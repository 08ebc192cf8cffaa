import { describe, expect, it } from 'vitest';
import { signalOne } from '../../src/actions/signal';
import { runSteps } from '../../src/checklists/run';
import type { StepDef } from '../../src/checklists/types';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

/** Steps with thresholds low enough that sessions a moment old count. */
const STEPS: StepDef[] = [
  { id: 'long', title: 'long', why: 'w', check: { id: 'long_running', thresholds: { warn: 0.001, fail: 3600 } } },
  { id: 'idle', title: 'idle', why: 'w', check: { id: 'idle_in_transaction', thresholds: { warn: 0.001, fail: 3600 } } },
  { id: 'blocked', title: 'blocked', why: 'w', check: { id: 'blocked_sessions' } },
  { id: 'horizon', title: 'horizon', why: 'w', check: { id: 'xmin_horizon', thresholds: { warn: 0, fail: 1e12 } } },
  { id: 'connections', title: 'connections', why: 'w', check: { id: 'connections' } },
];

describe.each(clusters)('runbook checks on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;

  it('find the long query, the idle transaction and the session waiting on a lock, by pid', async () => {
    await withDatabase(primary, async (db) => {
      const [slow, idle, blocker, waiter] = await Promise.all([connect(primary, { db }), connect(primary, { db }), connect(primary, { db }), connect(primary, { db })]);
      const s = new Session({ attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: db, application_name: 'pgwarden' }] });
      const pid = async (c: typeof slow) => String((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
      try {
        const [slowPid, idlePid, blockerPid, waiterPid] = await Promise.all([pid(slow), pid(idle), pid(blocker), pid(waiter)]);
        await blocker.query('CREATE TABLE t (a int)');
        const sleeping = slow.query('SELECT pg_sleep(60)').catch(() => undefined);
        await idle.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await idle.query('SELECT count(*) FROM pg_class');
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
        const waiting = waiter.query('SELECT * FROM t').catch(() => undefined);
        await s.connect();
        const caps = await probe(s);
        const r = await waitFor(async () => {
          const r = await runSteps({ query: (t, p) => s.query(t, p), caps, ownPids: [s.pid!] }, STEPS);
          const pids = (id: string) => r.get(id)?.evidence?.rows.map((row) => row[0]) ?? [];
          return pids('long').includes(slowPid) && pids('idle').includes(idlePid) && pids('blocked').includes(waiterPid) ? r : undefined;
        }, { what: 'the three sessions to show' });
        expect(r.get('long')?.outcome).toBe('warn');
        expect(r.get('idle')?.evidence?.rows.find((row) => row[0] === idlePid)?.[3]).toBe('idle in transaction');
        const waitRow = r.get('blocked')?.evidence?.rows.find((row) => row[0] === waiterPid);
        expect(waitRow?.[5]).toBe(blockerPid);
        expect(r.get('blocked')?.outcome).toBe('warn');
        // The repeatable-read snapshot holds the horizon back.
        expect(r.get('horizon')?.evidence?.rows.some((row) => row[2] === idlePid)).toBe(true);
        expect(r.get('connections')?.evidence?.columns).toEqual(['run (UTC)', 'clients', 'peak', 'usable', 'max_connections', 'use', 'peak use', 'verdict']);
        expect(r.get('connections')?.evidence?.rows).toHaveLength(1);

        // The idle session as the check recorded it is what a '<pid>' fix signals: through the
        // backend actions, which refuse under read-only and when backend_start no longer matches.
        const ref = r.get('idle')!.backends!.find((b) => String(b.pid) === idlePid)!;
        expect(ref).toMatchObject({ user: 'postgres', database: db, state: 'idle in transaction' });
        expect(ref.backendStart).toBeGreaterThan(caps.startedAt);
        const target = { ...ref, listed: true, behind: null };
        const deps = { session: s, major: () => caps.major, ownPids: () => [s.pid!], readOnly: false };
        expect((await signalOne({ ...deps, readOnly: true }, 'terminate', target)).outcome).toBe('refused');
        expect((await signalOne(deps, 'terminate', { ...target, backendStart: ref.backendStart! - 1 })).outcome).toBe('recycled');
        idle.on('error', () => undefined); // the server ends it: not an error of the test
        expect(await signalOne(deps, 'terminate', target)).toMatchObject({ outcome: 'signalled', detail: `terminate sent to pid ${idlePid} (postgres@${db})` });
        await blocker.query('ROLLBACK');
        await waiting;
        // A client runs its queries in order: cancel the sleep rather than queue behind it.
        await blocker.query('SELECT pg_cancel_backend($1)', [Number(slowPid)]);
        await sleeping;
      } finally {
        await s.close();
        // Dropping the database WITH (FORCE) ends whatever is still running.
        for (const c of [slow, idle, blocker, waiter]) c.end().catch(() => undefined);
      }
    });
  });
});
