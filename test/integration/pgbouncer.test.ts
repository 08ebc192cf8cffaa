import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it , test } from 'vitest';
import { AuditLog } from '../../src/actions/audit';
import { bouncerRequest, runBouncerAction } from '../../src/actions/pgbouncer';
import { Session } from '../../src/data/db';
import { consolePlan, isConsoleTarget } from '../../src/data/pgbouncer/detect';
import { readBouncer } from '../../src/data/pgbouncer/read';
import { labClient } from '../../src/lab/client';
import { findPgBouncer, startPgBouncer, type LabBouncer } from '../../src/lab/pgbouncer';
import { poolExhaustion } from '../../src/lab/scenarios';
import { bouncerModel } from '../../src/screens/pgbouncer/model';
import { waitFor } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const installed = findPgBouncer() !== undefined;
if (!installed && ci) throw new Error('pgbouncer is not installed: .ci/run installs it (apt-get install pgbouncer)');

// A skip only when something is not run: labClusters() reports missing binaries itself.
if (!installed) test.skip('pgbouncer tests need pgbouncer (Debian: apt-get install pgbouncer)', () => {});

describe.each(installed ? clusters : [])('PgBouncer in front of PostgreSQL $version', (cluster: ClusterInfo) => {
  let bouncer: LabBouncer;
  const stops: (() => Promise<void>)[] = [];
  const sessions: Session[] = [];

  beforeAll(async () => {
    bouncer = await startPgBouncer(cluster.primary, { databases: { postgres: {}, pool1: { dbname: 'postgres', poolSize: 1 } } });
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await Promise.all(sessions.map((s) => s.close()));
    await bouncer?.stop();
  });

  it('refuses PostgreSQL where the console was expected: its server_version is no PgBouncer\'s', async () => {
    // The console plan drops statement_timeout and the read-only options: PostgreSQL must not be polled so.
    const s = new Session(consolePlan({ attempts: [{ host: cluster.primary.host, port: cluster.primary.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] }));
    sessions.push(s);
    await expect(s.connect()).rejects.toThrow(/not PgBouncer's admin console/);
  });

  function consoleSession(): Session {
    const ep = bouncer.endpoint;
    const plan = {
      attempts: [
        { host: ep.tcpHost, port: ep.port, user: 'postgres', password: ep.passwords.postgres, database: 'pgbouncer', application_name: 'pgwarden', statement_timeout: 5000, options: '-c search_path=pg_catalog' },
      ],
    };
    expect(isConsoleTarget(plan)).toBe(true);
    const s = new Session(consolePlan(plan));
    sessions.push(s);
    return s;
  }

  it('is detected as the admin console, and only with a password', async () => {
    const s = consoleSession();
    await s.connect();
    expect(s.serverVersion).toMatch(/\/bouncer$/);
    const snap = await readBouncer((t) => s.query(t));
    expect(snap.version).toMatch(/^\d+\.\d+/);
    expect(snap.databases.map((d) => d.name)).toEqual(expect.arrayContaining(['postgres', 'pool1', 'pgbouncer']));
    expect(snap.databases.find((d) => d.name === 'pool1')?.poolSize).toBe(1);
    expect(snap.config.auth_type).toBe('scram-sha-256');
    // The lab's own clients need the password: a wrong one is refused.
    await expect(labClient(bouncer.endpoint, { tcp: true, db: 'pgbouncer', password: 'wrong' })).rejects.toThrow(/password|auth/i);
  });

  it('shows clients queued behind a saturated pool with their wait', async () => {
    // One server connection, held in a transaction; one client queued behind it.
    const exhausted = await poolExhaustion(bouncer.endpoint, { db: 'pool1', holders: 1, waiters: 1, appName: 'lab-queued' });
    stops.push(exhausted.stop);
    const s = consoleSession();
    const snap = await waitFor(async () => {
      const r = await readBouncer((t) => s.query(t));
      const p = r.pools.find((x) => x.database === 'pool1');
      return p && p.clWaiting === 1 && p.maxwaitS >= 1 ? r : undefined;
    });
    const model = bouncerModel(snap, { serverMaxConnections: 100 });
    const pool = model.pools.find((p) => p.database === 'pool1')!;
    expect(pool.svActive).toBe(1);
    expect(pool.poolSize).toBe(1);
    expect(pool.saturated).toBe(true);
    expect(model.waitingClients[0]).toMatchObject({ database: 'pool1', applicationName: 'lab-queued' });
    expect(model.waitingClients[0]!.waitS).toBeGreaterThanOrEqual(1);
    expect(model.problems.map((p) => p.id)).toEqual(expect.arrayContaining(['saturated:pool1/postgres', 'waiting:pool1/postgres']));
    // Once the holder leaves, PgBouncer hands its server connection to the queued client.
    await exhausted.stop();
    await Promise.all(exhausted.queued);
    await waitFor(async () => (await readBouncer((t) => s.query(t))).pools.find((x) => x.database === 'pool1')?.clWaiting === 0);
  });

  it('RECONNECT replaces server connections; KILL drops the clients of a database and leaves it paused', async () => {
    const s = consoleSession();
    const deps = { run: (t: string) => s.query(t), audit: { path: '/dev/null', append: async () => undefined }, server: 'lab-bouncer', operator: 'test', now: () => Date.now() };
    const victim = await labClient(bouncer.endpoint, { tcp: true, db: 'pool1', appName: 'lab-victim' });
    stops.push(() => victim.end().catch(() => {}));
    let ended = false;
    victim.on('end', () => (ended = true));
    await victim.query('SELECT 1');
    expect(await runBouncerAction(deps, bouncerRequest('reconnect', 'pool1', {}, 'pgbouncer'))).toEqual({ ok: true, text: 'RECONNECT pool1: done' });
    expect(await runBouncerAction(deps, bouncerRequest('kill', 'pool1', {}, 'pgbouncer'))).toEqual({ ok: true, text: 'KILL pool1: done' });
    await waitFor(() => ended);
    const snap = await readBouncer((t) => s.query(t));
    // New clients of a killed database wait for RESUME, as after PAUSE.
    expect(snap.databases.find((d) => d.name === 'pool1')!.paused).toBe(true);
    expect((await runBouncerAction(deps, bouncerRequest('resume', 'pool1', {}, 'pgbouncer'))).ok).toBe(true);
  });

  it('fails at once with PgBouncer\'s own words when it does not start, leaving nothing', async () => {
    const before = Date.now();
    await expect(startPgBouncer(cluster.primary, { settings: { pool_mode: 'nonsense' } })).rejects.toThrow(/starting pgbouncer failed: pgbouncer exited[\s\S]*pool_mode/);
    expect(Date.now() - before).toBeLessThan(10_000);
  });

  it('PAUSE and RESUME a database through the action code, audited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgwarden-audit-'));
    try {
      const s = consoleSession();
      const deps = { run: (t: string) => s.query(t), audit: new AuditLog(join(dir, 'audit.jsonl')), server: 'lab-bouncer', operator: 'test', now: () => Date.now() };
      const paused = await runBouncerAction(deps, bouncerRequest('pause', 'postgres', {}, 'pgbouncer'));
      expect(paused).toEqual({ ok: true, text: 'PAUSE postgres: done' });
      let snap = await readBouncer((t) => s.query(t));
      expect(snap.databases.find((d) => d.name === 'postgres')?.paused).toBe(true);
      const wrong = await runBouncerAction(deps, bouncerRequest('pause', 'no"such', {}, 'pgbouncer'));
      expect(wrong.ok).toBe(false);
      expect(wrong.text).toMatch(/^PAUSE no"such failed: .*no such database/i);
      expect((await runBouncerAction(deps, bouncerRequest('resume', 'postgres', {}, 'pgbouncer'))).ok).toBe(true);
      snap = await readBouncer((t) => s.query(t));
      expect(snap.databases.find((d) => d.name === 'postgres')?.paused).toBe(false);
      const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; outcome: string; database: string });
      expect(lines.map((l) => [l.action, l.outcome, l.database])).toEqual([
        ['pgbouncer.pause', 'done', 'postgres'],
        ['pgbouncer.pause', 'error', 'no"such'],
        ['pgbouncer.resume', 'done', 'postgres'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
