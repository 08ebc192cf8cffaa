/**
 * Runbook steps from the guides: connection leaks grouped by client address and user (a role
 * holding idle connections stands out), pg_wal and temporary files in "disk full".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectionExhaustion, diskFull, replicationLagRunbook } from '../../src/checklists/defs/runbooks';
import { checkSession, runChecks } from './setup/checklist';
import { connect, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

describe.each(clusters)('runbook steps on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('group connections by client address and user, and size pg_wal and the temporary files', async () => {
    await withDatabase(primary, async (db) => {
      const admin = await connect(primary, { db });
      const s = checkSession(primary, db);
      const role = `leak_${db}`;
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      const leaked = await Promise.all([1, 2, 3].map(() => connect(primary, { db, user: role })));
      try {
        const leaks = { ...connectionExhaustion.steps.find((x) => x.id === 'leaks')!, check: { id: 'connection_groups', thresholds: { warn: 3 } } };
        const walTemp = diskFull.steps.find((x) => x.id === 'wal-temp')!;
        const r = await runChecks(s, [leaks, walTemp]);
        const g = r.get('leaks')!;
        // The role's three idle connections over the lab's Unix socket: one group.
        expect(g.findings).toContain(`connection_group:local socket/${role}`);
        expect(g.outcome).not.toBe('pass');
        expect(g.evidence!.rows.find((x) => x[1] === role)?.slice(0, 5)).toEqual(['local socket', role, '3', '3', '0']);
        const w = r.get('wal-temp')!;
        expect(w.evidence!.rows.map((x) => x[0])).toEqual(['pg_wal', 'temporary files (pgsql_tmp)']);
        expect(w.evidence!.rows[0]![3]).toMatch(/x max\(max_wal_size, wal_keep_size\) = /);
        expect(['pass', 'warn', 'fail']).toContain(w.outcome);
      } finally {
        for (const c of leaked) await c.end();
        await s.close();
        await admin.query(`DROP ROLE ${role}`);
        await admin.end();
      }
    });
  });
});

describe.each(clusters.filter((c) => c.standby))('standby byte lag on PostgreSQL $version', (cluster: ClusterInfo) => {
  it('grades the WAL each standby has not flushed, per standby', async () => {
    const s = checkSession(cluster.primary, 'postgres');
    try {
      const step = replicationLagRunbook.steps.find((x) => x.id === 'byte-lag')!;
      const r = (await runChecks(s, [step])).get('byte-lag')!;
      expect(r.evidence!.columns).toEqual(['standby', 'sync', 'not sent', 'not flushed', 'not replayed']);
      expect(r.evidence!.rows.map((x) => x[0])).toContain('standby1');
      expect(r.summary).toMatch(/standbys; the furthest has .+ of WAL not flushed \(warn above 1\.0 MB\)$/);
      // Below zero, every standby is over the limit (an idle lab may have nothing unflushed): one finding each.
      const strict = (await runChecks(s, [{ ...step, check: { id: 'standby_byte_lag', thresholds: { fail: -1 } } }])).get('byte-lag')!;
      expect(strict).toMatchObject({ outcome: 'fail', findings: expect.arrayContaining(['standby_byte_lag:standby1']) });
    } finally {
      await s.close();
    }
  });
});
