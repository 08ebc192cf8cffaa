/**
 * The deployment-window checklist: a transaction holding a lock on a table to be migrated is
 * found with the table, its mode and the holder; a quiet database passes that step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deploymentWindow } from '../../src/checklists/defs/deployment';
import { checkSession, runChecks } from './setup/checklist';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();
const LOCKS = { ...deploymentWindow.steps.find((s) => s.id === 'table-locks')!, check: { id: 'relation_locks', thresholds: { warn: 1, fail: 60 } } };

describe.each(clusters)('deployment window on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('runs every step, and finds the transaction holding a lock on the table to migrate', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const holder = await connect(primary, { db });
      const s = checkSession(primary, db);
      cleanup.push(() => s.close(), () => holder.end(), () => c.end());
      await c.query('CREATE TABLE orders (id int)');
      const all = await runChecks(s, deploymentWindow.steps);
      expect(all.get('table-locks'), JSON.stringify(all.get('table-locks'))).toMatchObject({ outcome: 'pass' });
      expect(all.get('lock-timeout')).toBeUndefined(); // manual
      for (const id of ['connections', 'lag', 'backup', 'long-transactions', 'idle-in-xact']) expect(all.get(id)?.outcome).toMatch(/^(pass|warn|fail|unknown)$/);
      // A transaction that read the table and stays open: ALTER TABLE orders would queue behind it.
      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM orders');
      const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const r = await waitFor(async () => {
        const x = (await runChecks(s, [LOCKS])).get('table-locks')!;
        return x.outcome === 'warn' ? x : undefined;
      }, { what: 'the lock to be held 1 s', timeoutMs: 30_000, intervalMs: 250 });
      expect(r.findings).toEqual([`relation_lock:public.orders:${pid}`]);
      expect(r.evidence!.rows[0]!.slice(0, 5)).toEqual(['orders', 'AccessShareLock', 'yes', String(pid), 'postgres']);
      await holder.query('ROLLBACK');
    });
  });
});
