import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import { runSteps } from '../../src/checklists/run';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { findInstalls } from '../../src/lab/binaries';
import { startCluster } from '../../src/lab/cluster';
import type { LabCluster } from '../../src/lab/types';
import { Poller } from '../../src/data/poller';
import { judgeTwoReadings, PROBLEM_COLLECTORS } from '../../src/problems/oneshot';
import { backup } from './setup/backup';
import { connect, waitFor } from './setup/pg';

// archive_mode needs a restart, so this check gets a cluster of its own whose archive_command
// always fails, as a broken backup job would.
const install = findInstalls().sort((a, b) => b.major - a.major)[0];

describe.skipIf(!install)('weekly checklist: WAL archiving', () => {
  let cluster: LabCluster;
  beforeAll(async () => {
    cluster = await startCluster(install!, { name: 'archive', conf: { archive_mode: 'on', archive_command: "'false'", archive_timeout: '0' } });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('fails when archive_command keeps failing, with the failure count as evidence', async () => {
    const admin = await connect(cluster.primary);
    try {
      await admin.query('CREATE TABLE w AS SELECT generate_series(1, 1000) g');
      await admin.query('SELECT pg_switch_wal()');
      await waitFor(async () => Number((await admin.query('SELECT failed_count FROM pg_stat_archiver')).rows[0]?.failed_count) > 0, { timeoutMs: 30_000 });
    } finally {
      await admin.end();
    }
    const s = new Session({ attempts: [{ host: cluster.primary.host, port: cluster.primary.port, user: 'postgres', database: 'postgres' }] });
    try {
      await s.connect();
      const caps = await probe(s);
      const step = weekly.steps.find((x) => x.id === 'archiving')!;
      const results = await runSteps({ query: (t, p) => s.query(t, p), caps, ownPids: [s.pid!] }, [step]);
      const r = results.get('archiving')!;
      expect(r.outcome).toBe('fail');
      expect(r.summary).toMatch(/fail/i);
      expect(JSON.stringify(r.evidence)).toMatch(/fail/i);
    } finally {
      await s.close();
    }
  });

  it('is a problem: WAL archiving failing, with the failures and the last segment', async () => {
    const admin = await connect(cluster.primary);
    try {
      await admin.query('SELECT pg_switch_wal()');
      await waitFor(async () => Number((await admin.query('SELECT failed_count FROM pg_stat_archiver')).rows[0]?.failed_count) > 0, { timeoutMs: 30_000 });
    } finally {
      await admin.end();
    }
    const s = new Session({ attempts: [{ host: cluster.primary.host, port: cluster.primary.port, user: 'postgres', database: 'postgres' }] });
    try {
      const poller = new Poller(s, { snapshot: () => undefined, status: () => undefined });
      poller.setPlan([...PROBLEM_COLLECTORS]);
      const first = await poller.once();
      const second = await poller.once();
      const p = judgeTwoReadings(first, second, poller.capabilities!).problems.find((x) => x.id === 'archiving');
      expect(p?.text).toMatch(/^WAL archiving is failing \(\d+ failures, last on [0-9A-F]{24}, no segment archived yet\): pg_wal keeps growing$/);
      expect(p?.severity).toBe('warning');
    } finally {
      await s.close();
    }
  });

  it('reads the last base backup\'s end from the history file it left in pg_wal', async () => {
    const admin = await connect(cluster.primary);
    const s = new Session({ attempts: [{ host: cluster.primary.host, port: cluster.primary.port, user: 'postgres', database: 'postgres' }] });
    try {
      // Not archived (archive_command fails): the history file stays in pg_wal.
      await backup(admin);
      await s.connect();
      const step = weekly.steps.find((x) => x.id === 'base-backup-age')!;
      const r = (await runSteps({ query: (t, p) => s.query(t, p), caps: await probe(s), ownPids: [s.pid!] }, [step])).get('base-backup-age')!;
      expect(r.outcome, r.summary).toBe('pass');
      expect(r.summary).toMatch(/^last base backup ended \S+ ago \(warn after 26 h, fail after 192 h\)/);
      expect(r.evidence!.rows[0]![0]).toMatch(/^[0-9A-F]{24}\.[0-9A-F]{8}\.backup$/);
    } finally {
      await s.close();
      await admin.end();
    }
  });
});
