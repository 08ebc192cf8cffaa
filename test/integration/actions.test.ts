import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { AuditLog, type AuditEntry } from '../../src/actions/audit';
import { buildRequest } from '../../src/actions/request';
import { actionEffect } from '../../src/actions/wire';
import { BackendActions } from '../../src/actions/runner';
import { signalOne, type SignalDeps } from '../../src/actions/signal';
import type { ActionTarget } from '../../src/actions/types';
import { Session } from '../../src/data/db';
import { idleInTransaction, lockChain, longQuery, type ScenarioHandle } from '../../src/lab/scenarios';
import { connect, waitFor } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

function session(endpoint: Endpoint, user = 'postgres'): Session {
  return new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user, database: 'postgres', application_name: 'pgwarden' }] });
}

function deps(s: Session, major: number, extra: Partial<SignalDeps> = {}): SignalDeps {
  return { session: s, major: () => major, ownPids: () => (s.pid ? [s.pid] : []), readOnly: false, ...extra };
}

/** A backend as the screens of `user` show it: the same float8 epoch for backend_start (null
 * when that role may not read it). */
async function targetOf(endpoint: Endpoint, pid: number, user = 'postgres'): Promise<ActionTarget & { backendStart: number }> {
  const c = await connect(endpoint, { user });
  try {
    const r = (
      await c.query(
        `SELECT pid, extract(epoch FROM backend_start)::float8 AS backend_start, usename AS "user", datname AS database,
                application_name, state, backend_type, query
           FROM pg_stat_activity WHERE pid = $1`,
        [pid],
      )
    ).rows[0];
    if (!r) throw new Error(`pid ${pid} not found`);
    return {
      pid, backendStart: r.backend_start as number, user: r.user, database: r.database, application: r.application_name, clientAddr: null,
      backendType: r.backend_type, state: r.state, query: r.query, xactAgeS: null, stateAgeS: null, waitedS: null, behind: null,
    };
  } finally {
    await c.end();
  }
}

async function activity(endpoint: Endpoint, pid: number): Promise<{ state: string | null; wait_event_type: string | null } | undefined> {
  const c = await connect(endpoint);
  try {
    return (await c.query('SELECT state, wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0];
  } finally {
    await c.end();
  }
}

describe.each(clusters)('cancel and terminate on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary, major } = cluster;
  let handles: ScenarioHandle[] = [];
  let sessions: Session[] = [];
  let clients: pg.Client[] = [];
  let dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    await Promise.all(sessions.map((s) => s.close()));
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    handles = [];
    sessions = [];
    clients = [];
    dirs = [];
  });

  const open = (user = 'postgres') => {
    const s = session(primary, user);
    sessions.push(s);
    return s;
  };

  /** A pg_sleep running as `user`, outside the lab's superuser sessions. */
  async function sleeperAs(user: string): Promise<number> {
    const c = await connect(primary, { user, appName: 'pgwarden-test-sleeper' });
    clients.push(c);
    const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    c.query('SELECT pg_sleep(60)').catch(() => undefined);
    await waitFor(async () => (await activity(primary, pid))?.state === 'active', { what: 'the sleeper to run' });
    return pid;
  }

  it('cancel ends a running query and leaves the session', async () => {
    const q = await longQuery(primary, { seconds: 60 });
    handles.push(q);
    const s = open();
    const r = await signalOne(deps(s, major), 'cancel', await targetOf(primary, q.pid));
    expect(r).toMatchObject({ outcome: 'signalled' });
    expect(r.detail).toContain(`cancel sent to pid ${q.pid}`);
    await waitFor(async () => (await activity(primary, q.pid))?.state === 'idle', { what: 'the query to be cancelled' });
  });

  it('terminate ends an idle-in-transaction root and its waiter proceeds', async () => {
    const chain = await lockChain(primary, { depth: 3 });
    handles.push(chain);
    const s = open();
    const dir = mkdtempSync(join(tmpdir(), 'pgwarden-audit-'));
    dirs.push(dir);
    const audit = new AuditLog(join(dir, 'pgwarden', 'audit.jsonl'));
    const reports: string[] = [];
    const runner = new BackendActions({
      ...deps(s, major),
      audit,
      server: 'postgres@lab/postgres',
      operator: 'tester',
      now: () => Date.now(),
      nextRefresh: () => waitFor(async () => (await activity(primary, chain.root)) === undefined, { what: 'the root to exit' }).then(() => undefined),
    });
    const root = await targetOf(primary, chain.root);
    const results = await runner.run({ kind: 'terminate', targets: [root], skipped: [], notes: [], screen: 'locks' }, (t) => reports.push(t));
    expect(results.map((r) => r.outcome)).toEqual(['signalled']);
    expect(reports[0]).toContain(`terminate sent to pid ${chain.root}`);
    expect(reports[1]).toBe(`after terminate: pid ${chain.root} gone, its locks are released`);
    // The first waiter got its row and finished its UPDATE; the next one still waits for it.
    await waitFor(async () => (await activity(primary, chain.waiters[0]!))?.state === 'idle in transaction', { what: 'the first waiter to proceed' });
    expect((await activity(primary, chain.waiters[1]!))?.wait_event_type).toBe('Lock');

    expect(statSync(audit.path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(audit.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      operator: 'tester', server: 'postgres@lab/postgres', pid: chain.root, user: 'postgres', database: 'postgres', action: 'terminate', outcome: 'signalled',
      backend_start: expect.stringMatching(new RegExp(`^${new Date(Math.floor(root.backendStart) * 1000).toISOString().slice(0, 19)}\\.\\d{6}Z$`)),
    });
    expect(lines[0]!.query).toContain('UPDATE');
    expect(Date.parse(lines[0]!.time)).not.toBeNaN();
  });

  it('refuses a recycled pid (same pid, other backend_start) and a pid that is gone', async () => {
    const idle = await idleInTransaction(primary);
    handles.push(idle);
    const s = open();
    const t = await targetOf(primary, idle.pid);
    const recycled = await signalOne(deps(s, major), 'terminate', { ...t, backendStart: t.backendStart - 0.25 });
    expect(recycled).toMatchObject({ outcome: 'recycled' });
    expect(recycled.detail).toContain('different backend');
    expect((await activity(primary, idle.pid))?.state).toBe('idle in transaction');
    // Off by one microsecond is another backend too; the exact value is the same one.
    expect((await signalOne(deps(s, major), 'cancel', { ...t, backendStart: t.backendStart + 0.000002 })).outcome).toBe('recycled');
    expect((await signalOne(deps(s, major), 'cancel', t)).outcome).toBe('signalled');

    await idle.stop();
    const gone = await signalOne(deps(s, major), 'terminate', t);
    expect(gone).toMatchObject({ outcome: 'gone' });
    expect(gone.detail).toContain('already gone');
  });

  it("tells a pg_monitor role it may not signal, names the grant, and lets pg_signal_backend do it", async () => {
    const pid = await sleeperAs('pgwarden_plain');
    const t = await targetOf(primary, pid);
    const monitor = await signalOne(deps(open('pgwarden_monitor'), major), 'cancel', t);
    expect(monitor.outcome).toBe('denied');
    expect(monitor.detail).toContain('GRANT pg_signal_backend TO pgwarden_monitor;');
    expect(monitor.detail).toContain('pgwarden_plain');
    expect((await activity(primary, pid))?.state).toBe('active');

    // pgwarden_signal has no pg_read_all_stats: it cannot see backend_start, and the check falls
    // back to pid + role + database.
    const seen = await targetOf(primary, pid, 'pgwarden_signal');
    expect(seen.backendStart).toBeNull();
    expect((await signalOne(deps(open('pgwarden_signal'), major), 'cancel', { ...seen, user: 'someone_else' })).outcome).toBe('recycled');
    const signal = await signalOne(deps(open('pgwarden_signal'), major), 'cancel', seen);
    expect(signal.outcome).toBe('signalled');
    await waitFor(async () => (await activity(primary, pid))?.state === 'idle', { what: 'the sleeper to be cancelled' });
  });

  it("says that a superuser's backend needs a superuser", async () => {
    const q = await longQuery(primary, { seconds: 60 });
    handles.push(q);
    const r = await signalOne(deps(open('pgwarden_signal'), major), 'terminate', await targetOf(primary, q.pid, 'pgwarden_signal'));
    expect(r.outcome).toBe('denied');
    expect(r.detail).toContain('superuser postgres');
    expect((await activity(primary, q.pid))?.state).toBe('active');
  });

  it("never signals pgwarden's own connection, a background process, or anything under read-only", async () => {
    const s = open();
    await s.connect();
    const own = await signalOne(deps(s, major), 'terminate', await targetOf(primary, s.pid!));
    expect(own).toMatchObject({ outcome: 'refused' });
    expect(own.detail).toContain("pgwarden's own");

    const c = await connect(primary);
    clients.push(c);
    const cp = (await c.query("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")).rows[0].pid as number;
    const aux = await signalOne(deps(s, major), 'terminate', await targetOf(primary, cp));
    expect(aux).toMatchObject({ outcome: 'refused' });
    expect(aux.detail).toContain('auxiliary process');

    const q = await longQuery(primary, { seconds: 60 });
    handles.push(q);
    const ro = await signalOne(deps(s, major, { readOnly: true }), 'terminate', await targetOf(primary, q.pid));
    expect(ro).toMatchObject({ outcome: 'refused', detail: 'read-only: nothing is ever signalled' });
    expect((await activity(primary, q.pid))?.state).toBe('active');
  });

  it("the monitor's wiring counts a one-off connection (an EXPLAIN in another database) among its own", async () => {
    const poll = open();
    const action = open();
    await poll.connect();
    await action.connect();
    const dir = mkdtempSync(join(tmpdir(), 'pgwarden-audit-'));
    dirs.push(dir);
    const { act } = actionEffect({ action, poll, server: 'lab', readOnly: false, major: () => major, nextRefresh: async () => undefined, env: { XDG_STATE_HOME: dir } });
    await poll.withDatabase('postgres', async (conn) => {
      const pid = poll.pids().find((p) => p !== poll.pid)!;
      const lines: string[] = [];
      act!(buildRequest('terminate', [await targetOf(primary, pid)], { screen: 'activity' }), (text) => lines.push(text));
      await waitFor(async () => lines.length > 0, { what: 'the outcome' });
      expect(lines[0]).toContain("pgwarden's own");
      expect((await conn.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    });
  });
});
