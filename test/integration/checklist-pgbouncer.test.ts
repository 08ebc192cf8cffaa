/**
 * The overloaded runbook's PgBouncer steps against a real PgBouncer in front of a lab cluster:
 * clients queued behind a saturated pool are found with their wait, a paused database fails the
 * resume step until RESUME, and without a PgBouncer the steps give the instruction instead.
 */
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { bouncerRequest, runBouncerAction } from '../../src/actions/pgbouncer';
import { overloaded } from '../../src/checklists/defs/runbooks';
import { runSteps } from '../../src/checklists/run';
import type { CheckResult } from '../../src/checklists/types';
import { Session } from '../../src/data/db';
import { consolePlan } from '../../src/data/pgbouncer/detect';
import { probe } from '../../src/data/server';
import { findPgBouncer, startPgBouncer, type LabBouncer } from '../../src/lab/pgbouncer';
import { poolExhaustion } from '../../src/lab/scenarios';
import { checkSession } from './setup/checklist';
import { waitFor } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const installed = findPgBouncer() !== undefined;
if (!installed && ci) throw new Error('pgbouncer is not installed: .ci/run installs it (apt-get install pgbouncer)');
if (!installed) test.skip('the PgBouncer steps need pgbouncer (Debian: apt-get install pgbouncer)', () => {});

const steps = overloaded.steps.filter((s) => s.id.startsWith('pgbouncer-'));
const step = (id: string) => steps.find((s) => s.id === id)!;

/** A session on a lab PgBouncer's admin console, as pgwarden opens one. */
const consoleOf = (b: LabBouncer): Session => {
  const ep = b.endpoint;
  return new Session(consolePlan({ attempts: [{ host: ep.tcpHost, port: ep.port, user: 'postgres', password: ep.passwords.postgres, database: 'pgbouncer', application_name: 'pgwarden' }] }));
};

describe.each(installed ? clusters : [])('the overloaded runbook with PgBouncer in front of PostgreSQL $version', (cluster: ClusterInfo) => {
  let bouncer: LabBouncer;
  let pgw: Session;
  let console: Session;

  beforeAll(async () => {
    bouncer = await startPgBouncer(cluster.primary, { databases: { postgres: { poolSize: 5 }, pool1: { dbname: 'postgres', poolSize: 1 } } });
    pgw = checkSession(cluster.primary, 'postgres');
    await pgw.connect();
    console = consoleOf(bouncer);
    await console.connect();
  });
  afterAll(async () => {
    await console?.close();
    await pgw?.close();
    await bouncer?.stop();
  });

  async function run(withBouncer = true): Promise<Map<string, CheckResult>> {
    return runSteps({ query: (t, p) => pgw.query(t, p), caps: await probe(pgw), ownPids: [], ...(withBouncer ? { bouncer: (t: string) => console.query(t) } : {}) }, steps);
  }

  it('passes a quiet PgBouncer, and finds clients queued behind a saturated pool with their wait', async () => {
    const quiet = await run();
    expect(quiet.get('pgbouncer-pools')).toMatchObject({ outcome: 'pass', findings: [] });
    expect(quiet.get('pgbouncer-pools')!.summary).toMatch(/^PgBouncer \d+\.\d+.*: 0 clients waiting in 0 pools \(warn above 1\.0 s\); pools may open 6 server connections, recommended at most \d+ for max_connections \d+/);
    expect(quiet.get('pgbouncer-resume')).toMatchObject({ outcome: 'pass', summary: 'no database is paused on PgBouncer (2 databases)' });
    // Manual steps: the instruction, no check.
    expect(quiet.has('pgbouncer-pause')).toBe(false);
    expect(step('pgbouncer-pause').remediation!.action).toMatch(/PAUSE <database>;/);
    expect(step('pgbouncer-pool-size').remediation!.action).toMatch(/SET default_pool_size = <n>;/);

    // pool1 has one server connection, held in a transaction; a second client queues behind it.
    const exhausted = await poolExhaustion(bouncer.endpoint, { db: 'pool1', holders: 1, waiters: 1, appName: 'lab-queued' });
    try {
      const r = await waitFor(async () => {
        const x = (await run()).get('pgbouncer-pools')!;
        return x.outcome === 'warn' ? x : undefined;
      });
      expect(r.findings).toEqual(['pgbouncer_pool:pool1/postgres']);
      expect(r.summary).toMatch(/: 1 clients waiting in 1 pools, longest \d+\.\d s/);
      expect(r.evidence!.columns).toEqual(['database', 'user', 'clients active', 'waiting', 'longest wait', 'server active', 'server idle', 'pool_size', 'mode', 'paused']);
      expect(r.evidence!.rows[0]).toEqual(['pool1', 'postgres', '1', '1', expect.stringMatching(/ s$/), '1', '0', '1', 'transaction', 'no']);
      // After 5 s the wait fails the step (the pane's critical limit).
      const worse = await waitFor(async () => {
        const x = (await run()).get('pgbouncer-pools')!;
        return x.outcome === 'fail' ? x : undefined;
      });
      expect(worse.findings).toEqual(['pgbouncer_pool:pool1/postgres']);
    } finally {
      await exhausted.stop();
      await Promise.all(exhausted.queued);
    }
  });

  it('fails the resume step while a database is paused, and passes once it is resumed', async () => {
    const deps = { run: (t: string) => console.query(t), audit: { path: '/dev/null', append: async () => undefined }, server: 'lab-bouncer', operator: 'test', now: () => Date.now() };
    expect((await runBouncerAction(deps, bouncerRequest('pause', 'postgres', {}, 'pgbouncer'))).ok).toBe(true);
    try {
      const r = (await run()).get('pgbouncer-resume')!;
      expect(r).toMatchObject({ outcome: 'fail', findings: ['pgbouncer_paused:postgres'] });
      expect(r.summary).toMatch(/^1 databases paused on PgBouncer \(RESUME <database>; on its console\)/);
      expect(r.evidence!.rows).toContainEqual(['postgres', 'yes', 'no', '0']);
    } finally {
      expect((await runBouncerAction(deps, bouncerRequest('resume', 'postgres', {}, 'pgbouncer'))).ok).toBe(true);
    }
    expect((await run()).get('pgbouncer-resume')!.outcome).toBe('pass');
  });

  it('pools that may open more server connections than max_connections fail the sizing', async () => {
    const big = await startPgBouncer(cluster.primary, { databases: { postgres: { poolSize: 1000 } } });
    const s = consoleOf(big);
    try {
      await s.connect();
      const r = (await runSteps({ query: (t, p) => pgw.query(t, p), caps: await probe(pgw), ownPids: [], bouncer: (t) => s.query(t) }, [step('pgbouncer-pools')])).get('pgbouncer-pools')!;
      expect(r.outcome).toBe('fail');
      expect(r.findings).toEqual(['pgbouncer_sizing']);
      expect(r.summary).toMatch(/pools may open 1000 server connections, recommended at most \d+ for max_connections \d+/);
    } finally {
      await s.close();
      await big.stop();
    }
  });

  it('without a PgBouncer in the session, says what to run on its console', async () => {
    const r = await run(false);
    expect(r.get('pgbouncer-pools')).toMatchObject({ outcome: 'unknown', findings: [] });
    expect(r.get('pgbouncer-pools')!.summary).toMatch(/^no PgBouncer is known to this session: on PgBouncer's admin console .* run SHOW POOLS/);
    expect(r.get('pgbouncer-resume')!.summary).toMatch(/^no PgBouncer is known to this session: .*RESUME <database>;/);
  });

  it('a console that went away makes the steps unknown with its error, and the PostgreSQL steps still run', async () => {
    const gone = await startPgBouncer(cluster.primary);
    const s = consoleOf(gone);
    try {
      await s.connect();
      await gone.stop();
      const conn = overloaded.steps.find((x) => x.id === 'connections')!;
      const r = await runSteps({ query: (t, p) => pgw.query(t, p), caps: await probe(pgw), ownPids: [], bouncer: (t) => s.query(t) }, [step('pgbouncer-pools'), conn]);
      expect(r.get('pgbouncer-pools')).toMatchObject({ outcome: 'unknown' });
      expect(r.get('pgbouncer-pools')!.summary).toMatch(/^PgBouncer's console: /);
      expect(r.get('connections')!.outcome).not.toBe('unknown');
    } finally {
      await s.close();
    }
  });
});
