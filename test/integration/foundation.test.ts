import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Collector, Snapshot } from '../../src/data/collector';
import { activityCollector, activityCollectorFor, type Backend } from '../../src/data/collectors/activity';
import { summaryCollector, type Summary } from '../../src/data/collectors/summary';
import { Session, type ConnectPlan } from '../../src/data/db';
import { Poller, type ConnectionStatus } from '../../src/data/poller';
import { probe } from '../../src/data/server';
import { QUERIES, sqlFor } from '../../src/data/sql/registry';
import { HEADER_COLLECTORS, SCREENS } from '../../src/screens/registry';
import { idleInTransaction, lockChain, longQuery } from '../../src/lab/scenarios';
import { connect, waitFor } from './setup/pg';
import type { Endpoint } from './setup/types';
import './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

export function planFor(endpoint: Endpoint, user = 'postgres', extra: Record<string, unknown> = {}): ConnectPlan {
  return {
    attempts: [
      {
        host: endpoint.host,
        port: endpoint.port,
        user,
        database: 'postgres',
        application_name: 'pgwarden',
        statement_timeout: 5000,
        lock_timeout: 1000,
        options: '-c default_transaction_read_only=on',
        ...extra,
      },
    ],
  };
}

function collect(session: Session, collectors: Collector[]): Promise<Snapshot> {
  const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
  poller.setPlan(collectors);
  return poller.once();
}

const backends = (s: Snapshot): Backend[] => {
  const r = s.results.activity;
  if (r?.state !== 'ok') throw new Error(`activity failed: ${JSON.stringify(r)}`);
  return r.data as Backend[];
};

describe.each(clusters)('PostgreSQL $major foundation', (cluster) => {
  const session = new Session(planFor(cluster.primary));
  afterAll(() => session.close());

  it('probes the server: version, role, privileges, pg_stat_statements schema', async () => {
    const caps = await probe(session);
    expect(caps.major).toBe(cluster.major);
    expect(caps.inRecovery).toBe(false);
    expect(caps.isSuperuser).toBe(true);
    expect(caps.readAllStats).toBe(true);
    expect(caps.pgssSchema).toBe('public');
    expect(caps.maxConnections).toBeGreaterThan(0);
  });

  it('probes with one statement: the major is the one the server announced at startup', async () => {
    await session.connect();
    const sent: string[] = [];
    // The same session, its statements counted.
    const counted = Object.assign(Object.create(session) as Session, {
      query: (text: string, params?: unknown[]) => {
        sent.push(text);
        return session.query(text, params);
      },
    });
    const caps = await probe(counted);
    expect(sent).toHaveLength(1);
    expect(caps.major).toBe(cluster.major);
    expect(Math.floor(caps.versionNum / 10000)).toBe(cluster.major);
  });

  it('reads the activity rows as arrays (no object per row from the driver), to the same backends and header figures', async () => {
    const idle = await connect(cluster.primary, { appName: 'fnd-arrays' });
    try {
      await idle.query('BEGIN');
      await idle.query('SELECT txid_current()');
      const read = vi.spyOn(session, 'queryArrays');
      const snap = await collect(session, [activityCollector, summaryCollector]);
      expect(read).toHaveBeenCalledTimes(1);
      read.mockRestore();
      const viaPoller = backends(snap).find((b) => b.application === 'fnd-arrays');
      const ctx = { caps: await probe(session), ownPids: [session.pid!] };
      const text = sqlFor('activity', cluster.major).text;
      const params = activityCollector.params!(ctx);
      const asObjects = activityCollector.parse((await session.query(text, params)).rows, ctx).find((b) => b.application === 'fnd-arrays');
      expect(viaPoller).toBeDefined();
      expect(viaPoller).toEqual(asObjects);
      expect(viaPoller).toMatchObject({ state: 'idle in transaction', partial: false, user: 'postgres' });
      expect((snap.results.summary as { data: Summary }).data.idleInXact).toBeGreaterThanOrEqual(1);
    } finally {
      await idle.end();
    }
  });

  it('leaves the slow-cadence collectors (problems, database size) to the second refresh of a started monitor, not to once()', async () => {
    const slow = HEADER_COLLECTORS.filter((c) => c.everyMs);
    expect(slow.map((c) => c.id)).toEqual(expect.arrayContaining(['problems', 'dbsize']));
    const snaps: Snapshot[] = [];
    const own = new Session(planFor(cluster.primary));
    const poller = new Poller(own, { snapshot: (s) => void snaps.push(s), status: () => undefined });
    poller.setPlan([activityCollector, ...HEADER_COLLECTORS]);
    poller.setInterval(500);
    try {
      poller.start();
      await waitFor(() => snaps.length >= 2 || undefined, { what: 'two refreshes' });
      expect(snaps[0]!.results.activity?.state).toBe('ok');
      for (const c of slow) expect(snaps[0]!.results[c.id]).toBeUndefined();
      for (const c of slow) expect(snaps[1]!.results[c.id]?.state).toBe('ok');
    } finally {
      await poller.stop();
      await own.close();
    }
    const once = await collect(session, [activityCollector, ...HEADER_COLLECTORS]);
    for (const c of slow) expect(once.results[c.id]?.state).toBe('ok');
  });

  it('runs every collector of every screen, and every SQL variant has the same columns', async () => {
    const caps = await probe(session);
    const all = [...HEADER_COLLECTORS, ...SCREENS.flatMap((s) => s.collectors)];
    const ctx = { caps, ownPids: [session.pid!] };
    for (const c of all) {
      if (c.unavailable?.(ctx)) continue;
      // A collector that picks its SQL by more than the major (pg_stat_statements: by the installed
      // extension version) is checked by its own tests; here it only has to run.
      if (c.sqlText) {
        await session.query(c.sqlText(ctx), c.params?.(ctx) ?? []);
        continue;
      }
      const variants = (QUERIES as Record<string, { minMajor: number; file: string; text: string }[]>)[c.query]!.filter((v) => v.minMajor <= cluster.major);
      let shape: string | undefined;
      for (const v of variants) {
        // An older variant may name a column a later major renamed: that one is simply obsolete
        // here (the registry picks the newest); every variant that runs must have the same shape.
        const chosen = v === variants.reduce((a, b) => (b.minMajor > a.minMajor ? b : a));
        const res = await session.query(v.text, c.params?.(ctx) ?? []).catch((e: { code?: string }) => {
          if (!chosen && ['42703', '42883', '42P01'].includes(e.code ?? '')) return undefined;
          throw e;
        });
        if (!res) continue;
        const s = res.fields.map((f) => `${f.name}:${f.dataTypeID}`).join(',');
        if (shape === undefined) shape = s;
        expect(s, `${v.file} differs from the other variants of ${c.query}`).toBe(shape);
      }
    }
    const snap = await collect(session, all);
    for (const c of all) expect(snap.results[c.id]?.state, `${c.id}: ${JSON.stringify(snap.results[c.id])}`).toBe('ok');
  });

  it('sees a long query and an idle transaction, and never lists its own connections', async () => {
    const q = await longQuery(cluster.primary, { seconds: 30, appName: 'fnd-long' });
    const t = await idleInTransaction(cluster.primary, { appName: 'fnd-idle' });
    try {
      const snap = await collect(session, [activityCollector, summaryCollector]);
      const rows = backends(snap);
      const long = rows.find((b) => b.application === 'fnd-long');
      expect(long?.state).toBe('active');
      expect(long?.query).toMatch(/pg_sleep/);
      expect(long?.queryStart).toBeGreaterThan(0);
      const idle = rows.find((b) => b.application === 'fnd-idle');
      expect(idle?.state).toBe('idle in transaction');
      expect(idle?.xactStart).not.toBeNull();
      expect(idle?.backendXid).not.toBeNull();
      expect(rows.some((b) => b.pid === session.pid)).toBe(false);
      expect(rows.some((b) => b.application === 'pgwarden')).toBe(false);
      const sum = snap.results.summary;
      expect(sum?.state).toBe('ok');
      const s = (sum as { data: Summary }).data;
      expect(s.idleInXact).toBeGreaterThanOrEqual(1);
      expect(s.longestXactS).toBeGreaterThan(0);
      expect(s.oldestXminAge).toBeGreaterThanOrEqual(0);
    } finally {
      await q.stop();
      await t.stop();
    }
  });

  it('keeps the object of a backend whose row did not change from one refresh to the next, and reads the others again', async () => {
    const idleClient = await connect(cluster.primary, { appName: 'fnd-keep-idle' });
    const busy = await connect(cluster.primary, { appName: 'fnd-keep-busy' });
    try {
      const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
      poller.setPlan([activityCollector]);
      const first = backends(await poller.once());
      await busy.query('SELECT 1');
      const second = backends(await poller.once());
      const app = (rows: Backend[], name: string) => rows.find((b) => b.application === name);
      expect(app(first, 'fnd-keep-idle')).toBeDefined();
      expect(app(second, 'fnd-keep-idle')).toBe(app(first, 'fnd-keep-idle'));
      // Its last query (and the time it ran) changed: a new object with what the server says now.
      expect(app(second, 'fnd-keep-busy')).not.toBe(app(first, 'fnd-keep-busy'));
      expect(app(second, 'fnd-keep-busy')?.query).toBe('SELECT 1');
    } finally {
      await idleClient.end();
      await busy.end();
    }
  });

  it("sends details only for the backends the pane lists, and the header's figures come from the same statement", async () => {
    const idleClient = await connect(cluster.primary, { appName: 'fnd-plain-idle' });
    const q = await longQuery(cluster.primary, { seconds: 30, appName: 'fnd-scope-long' });
    try {
      const scoped = activityCollectorFor({ idle: false, background: false });
      expect(scoped.id).toBe(activityCollector.id);
      expect(activityCollectorFor({ idle: false, background: false })).toBe(scoped);
      const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
      poller.setPlan([summaryCollector, scoped]);
      const snap = await poller.once();
      const rows = backends(snap);
      const long = rows.find((b) => b.application === 'fnd-scope-long');
      expect(long?.partial).toBe(false);
      expect(long?.query).toMatch(/pg_sleep/);
      // The idle session and the background processes come back for the counts, without details.
      // A partial row leaves the type of a client backend out (NULL), like the pane's model reads it.
      const client = (b: Backend): boolean => b.backendType === null || b.backendType === 'client backend';
      const idle = rows.filter((b) => b.state === 'idle' && client(b));
      expect(idle.length).toBeGreaterThanOrEqual(1);
      expect(idle.every((b) => b.partial && b.query === null && b.application === null && b.user === null)).toBe(true);
      const bg = rows.filter((b) => !client(b));
      expect(bg.length).toBeGreaterThanOrEqual(4);
      expect(bg.every((b) => b.partial && b.query === null)).toBe(true);
      // The header was filled from those rows, not queried on its own.
      const sum = snap.results.summary as { state: string; ms: number; data: Summary };
      expect(sum.state).toBe('ok');
      expect(sum.ms).toBe(0);
      const clients = rows.filter(client);
      // pgwarden's own sessions are in neither the rows nor the header's figures.
      expect(sum.data.clientTotal).toBe(clients.length);
      expect(sum.data.idle).toBe(idle.length);
      expect(sum.data.background).toBe(bg.length);
      expect(sum.data.longestXactS).toBeGreaterThan(0);
      expect(sum.data.xacts).toBeGreaterThan(0);
      // On its own (other panes), the header's statement says about the same.
      const alone = (await collect(session, [summaryCollector])).results.summary as { ms: number; data: Summary };
      expect(Math.abs(alone.data.clientTotal - sum.data.clientTotal)).toBeLessThanOrEqual(3);
      expect(Math.abs(alone.data.background - sum.data.background)).toBeLessThanOrEqual(2);
    } finally {
      await q.stop();
      await idleClient.end();
    }
  });

  it("keeps a one-off connection (an EXPLAIN in another database) out of the list while it is open", async () => {
    const action = new Session(planFor(cluster.primary));
    try {
      await action.query('SELECT 1');
      const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined }, () => action.pids());
      poller.setPlan([activityCollector]);
      const seen = await action.withDatabase('template1', async (conn) => {
        const pid = Number((await conn.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
        expect(action.pids()).toContain(pid);
        return { pid, rows: backends(await poller.once()) };
      });
      expect(seen.rows.some((b) => b.pid === seen.pid)).toBe(false);
      expect(seen.rows.some((b) => b.pid === action.pid)).toBe(false);
      expect(action.pids()).not.toContain(seen.pid);
    } finally {
      await action.close();
    }
  });

  it('honours target_session_attrs: a standby is refused for read-write, a primary for standby', async () => {
    const standby = cluster.standby;
    if (!standby) throw new Error('the test clusters have a standby');
    const wrong = new Session({ ...planFor(standby), targetSessionAttrs: 'read-write' });
    await expect(wrong.connect()).rejects.toThrow(/standby \(in recovery\), but target_session_attrs=read-write/);
    await wrong.close();
    const wrongPrimary = new Session({ ...planFor(cluster.primary), targetSessionAttrs: 'standby' });
    await expect(wrongPrimary.connect()).rejects.toThrow(/primary, but target_session_attrs=standby/);
    await wrongPrimary.close();
    for (const [endpoint, attrs] of [[cluster.primary, 'read-write'], [standby, 'read-only'], [standby, 'prefer-standby']] as const) {
      const ok = new Session({ ...planFor(endpoint), targetSessionAttrs: attrs });
      await ok.connect();
      expect(ok.pid).toBeGreaterThan(0);
      await ok.close();
    }
  });

  it('reports which pids block a waiting backend in a lock chain', async () => {
    const chain = await lockChain(cluster.primary, { depth: 3 });
    try {
      const rows = backends(await collect(session, [activityCollector]));
      const byPid = new Map(rows.map((b) => [b.pid, b]));
      const first = byPid.get(chain.waiters[0]!);
      expect(first?.waitEventType).toBe('Lock');
      expect(first?.blockedBy).toContain(chain.root);
      expect(byPid.get(chain.root)?.blockedBy).toBeNull();
    } finally {
      await chain.stop();
    }
  });

  it('degrades for a role without pg_monitor: others\' queries are hidden and the fix is named', async () => {
    const plain = new Session(planFor(cluster.primary, 'pgwarden_plain'));
    const q = await longQuery(cluster.primary, { seconds: 30, appName: 'fnd-hidden' });
    try {
      const caps = await probe(plain);
      expect(caps.readAllStats).toBe(false);
      const rows = backends(await collect(plain, [activityCollector, summaryCollector]));
      const other = rows.find((b) => b.pid === q.pids[0]);
      expect(other?.query).toBe('<insufficient privilege>');
    } finally {
      await q.stop();
      await plain.close();
    }
  });

  it('a monitoring statement that exceeds statement_timeout fails its pane only', async () => {
    const s = new Session(planFor(cluster.primary, 'postgres', { statement_timeout: 300 }));
    try {
      // A collector whose statement outlives the server-side timeout, next to a healthy one.
      const slow: Collector = { id: 'slow', query: 'dbsize', sqlText: () => 'SELECT pg_sleep(2)', parse: () => null };
      const snap = await collect(s, [slow, activityCollector]);
      const r = snap.results.slow;
      expect(r?.state).toBe('failed');
      expect(r?.state === 'failed' && r.failure.kind).toBe('canceled');
      expect(r?.state === 'failed' && r.disabled).toBe(false); // retried next refresh, not switched off
      expect(snap.results.activity?.state).toBe('ok');
    } finally {
      await s.close();
    }
  });

  it('reconnects by itself after its backend is terminated, keeping the plan', async () => {
    const s = new Session(planFor(cluster.primary));
    const statuses: ConnectionStatus['state'][] = [];
    const snaps: Snapshot[] = [];
    const poller = new Poller(s, { snapshot: (x) => snaps.push(x), status: (st) => statuses.push(st.state) });
    poller.setInterval(500);
    poller.setPlan([activityCollector]);
    poller.start();
    try {
      await waitFor(() => snaps.length >= 1);
      const pid = s.pid!;
      const admin = await connect(cluster.primary);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      await waitFor(() => statuses.includes('lost'), { timeoutMs: 10_000 });
      const before = snaps.length;
      await waitFor(() => snaps.length > before && s.pid !== pid, { timeoutMs: 5_000 });
      expect(statuses.at(-1)).toBe('ready');
    } finally {
      await poller.stop();
      await s.close();
    }
  });
});
