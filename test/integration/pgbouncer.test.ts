import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditLog } from '../../src/actions/audit';
import { bouncerRequest, runBouncerAction } from '../../src/actions/pgbouncer';
import { Session } from '../../src/data/db';
import { announcesBouncer, consolePlan, isConsoleTarget } from '../../src/data/pgbouncer/detect';
import { readBouncer } from '../../src/data/pgbouncer/read';
import { labClient } from '../../src/lab/client';
import { findPgBouncer, startPgBouncer, type LabBouncer } from '../../src/lab/pgbouncer';
import { bouncerModel } from '../../src/screens/pgbouncer/model';
import { waitFor } from './setup/pg';
import type { ClusterInfo } from './setup/types';

const clusters = inject('clusters');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const installed = findPgBouncer() !== undefined;
if (!installed && ci) throw new Error('pgbouncer is not installed: .ci/run installs it (apt-get install pgbouncer)');

describe.runIf(clusters.length === 0 || !installed)('pgbouncer', () => {
  it.skip(installed ? 'needs PostgreSQL binaries' : 'needs pgbouncer (Debian: apt-get install pgbouncer)', () => {});
});

describe.each(installed ? clusters : [])('PgBouncer in front of PostgreSQL $version', (cluster: ClusterInfo) => {
  let bouncer: LabBouncer;
  const open: pg.Client[] = [];
  const sessions: Session[] = [];

  beforeAll(async () => {
    bouncer = await startPgBouncer(cluster.primary, { databases: { postgres: {}, pool1: { dbname: 'postgres', poolSize: 1 } } });
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.end().catch(() => {})));
    await Promise.all(sessions.map((s) => s.close()));
    await bouncer?.stop();
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
    expect(announcesBouncer(s.serverVersion)).toBe(true);
    const snap = await readBouncer((t) => s.query(t));
    expect(snap.version).toMatch(/^\d+\.\d+/);
    expect(snap.databases.map((d) => d.name)).toEqual(expect.arrayContaining(['postgres', 'pool1', 'pgbouncer']));
    expect(snap.databases.find((d) => d.name === 'pool1')?.poolSize).toBe(1);
    expect(snap.config.auth_type).toBe('scram-sha-256');
    // The lab's own clients need the password: a wrong one is refused.
    await expect(labClient(bouncer.endpoint, { tcp: true, db: 'pgbouncer', password: 'wrong' })).rejects.toThrow(/password|auth/i);
  });

  it('shows clients queued behind a saturated pool with their wait', async () => {
    const holder = await labClient(bouncer.endpoint, { tcp: true, db: 'pool1', appName: 'lab-holder' });
    open.push(holder);
    await holder.query('BEGIN');
    await holder.query('SELECT 1');
    const queued = await labClient(bouncer.endpoint, { tcp: true, db: 'pool1', appName: 'lab-queued' });
    open.push(queued);
    const waiting = queued.query('SELECT 1 AS one');
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
    await holder.query('COMMIT');
    expect((await waiting).rows[0]).toEqual({ one: 1 });
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
