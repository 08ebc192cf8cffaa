import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { dataOf } from '../../src/data/collector';
import { lockSummaryCollector, locksCollector, type LockNode } from '../../src/data/collectors/locks';
import { accessExclusiveQueue, lockChain, type ScenarioHandle } from '../../src/lab/scenarios';
import { sharedLockQueue } from '../../src/lab/scenarios/sharedLockQueue';
import { SessionGroup } from '../../src/lab/scenarios/sessions';
import { ensureRows } from '../../src/lab/scenarios/table';
import { locksView, lockTarget, rootRowFor } from '../../src/screens/locks/model';
import { waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

function session(endpoint: Endpoint, db: string, user = 'postgres'): Session {
  return new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user, database: db, application_name: 'pgwarden' }] });
}

/** Polls the locks collectors until `ok` holds for the backends of the scenario. */
async function pollUntil(s: Session, pids: number[], ok: (nodes: LockNode[]) => boolean) {
  const poller = new Poller(s, { snapshot: () => undefined, status: () => undefined });
  poller.setPlan([locksCollector, lockSummaryCollector]);
  let last: LockNode[] = [];
  const snap = await waitFor(
    async () => {
      const snap = await poller.once();
      last = (dataOf(snap, locksCollector) ?? []).filter((n) => pids.includes(n.pid));
      return ok(last) ? snap : undefined;
    },
    { what: 'the blocking tree to show the scenario' },
  ).catch((err) => {
    throw new Error(`${(err as Error).message}; last: ${JSON.stringify(last.map((n) => [n.pid, n.blockedBy]))}`);
  });
  return { snap, nodes: last };
}

describe.each(clusters)('locks collector on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let handles: ScenarioHandle[] = [];
  let sessions: Session[] = [];
  afterEach(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    await Promise.all(sessions.map((s) => s.close()));
    handles = [];
    sessions = [];
  });

  it('shows a three-level row-lock chain as one tree under its root', async () => {
    await withDatabase(primary, async (db) => {
      const chain = await lockChain(primary, { db, depth: 3 });
      handles.push(chain);
      const s = session(primary, db);
      sessions.push(s);
      const { nodes, snap } = await pollUntil(s, chain.pids, (ns) => ns.length === 4);
      const view = locksView(nodes, snap.takenAt);
      expect(view.rows.map((r) => [r.tree.pid, r.tree.depth, r.tree.behind])).toEqual([
        [chain.root, 0, 3],
        [chain.waiters[0], 1, 2],
        [chain.waiters[1], 2, 1],
        [chain.waiters[2], 3, 0],
      ]);
      const root = nodes.find((n) => n.pid === chain.root)!;
      expect(root).toMatchObject({ state: 'idle in transaction', blockedBy: [], wants: null, database: db, own: false });
      expect(root.locks.some((l) => l.locktype === 'transactionid' && l.mode === 'ExclusiveLock' && l.granted)).toBe(true);
      const first = nodes.find((n) => n.pid === chain.waiters[0])!;
      expect(first.wants).toMatchObject({ locktype: 'transactionid', mode: 'ShareLock', granted: false, relation: 'public.lab_accounts' });
      expect(lockTarget(first.wants!)).toMatch(/^row of public\.lab_accounts \(xid \d+\)$/);
      if (cluster.major >= 14) expect(first.wants!.waitStart).toEqual(expect.any(Number));
      else expect(first.wants!.waitStart).toBeNull();
      expect(rootRowFor(view, chain.waiters[2]!)?.tree.pid).toBe(chain.root);
    });
  });

  it('shows an ACCESS EXCLUSIVE queue: holder, then the DDL, then the readers', async () => {
    await withDatabase(primary, async (db) => {
      const q = await accessExclusiveQueue(primary, { db, waiters: 3 });
      handles.push(q);
      const s = session(primary, db);
      sessions.push(s);
      const { nodes, snap } = await pollUntil(s, q.pids, (ns) => ns.length === 5);
      const view = locksView(nodes, snap.takenAt);
      expect(view.rows[0]!.tree).toMatchObject({ pid: q.holder, depth: 0, behind: 4 });
      expect(view.rows[1]!.tree).toMatchObject({ pid: q.ddl, depth: 1, behind: 3 });
      expect(view.rows.slice(2).map((r) => [r.tree.depth, r.tree.parent])).toEqual(q.readers.map(() => [2, q.ddl]));
      expect(new Set(view.rows.slice(2).map((r) => r.tree.pid))).toEqual(new Set(q.readers));
      expect(view).toMatchObject({ roots: 1, waiting: 4 });
      const ddl = nodes.find((n) => n.pid === q.ddl)!;
      expect(ddl.wants).toMatchObject({ locktype: 'relation', mode: 'AccessExclusiveLock', relation: 'public.lab_orders', database: db });
      const reader = nodes.find((n) => n.pid === q.readers[0])!;
      expect(reader.wants).toMatchObject({ locktype: 'relation', mode: 'AccessShareLock', relation: 'public.lab_orders' });
      const holder = nodes.find((n) => n.pid === q.holder)!;
      expect(holder.locks).toContainEqual(expect.objectContaining({ locktype: 'relation', mode: 'RowExclusiveLock', granted: true, relation: 'public.lab_orders' }));
      // The server-wide summary counts the queue on the table.
      const summary = dataOf(snap, lockSummaryCollector)!;
      const waitingOnOrders = summary.filter((r) => r.relation === 'public.lab_orders').reduce((n, r) => n + r.waiting, 0);
      expect(waitingOnOrders).toBe(4);
    });
  });

  it('shows a waiter with two blockers under both, counted once', async () => {
    await withDatabase(primary, async (db) => {
      const q = await sharedLockQueue(primary, { db });
      handles.push(q);
      const s = session(primary, db);
      sessions.push(s);
      const { nodes, snap } = await pollUntil(s, q.pids, (ns) => ns.find((n) => n.pid === q.ddl)?.blockedBy.length === 2 && ns.length === 4);
      expect([...nodes.find((n) => n.pid === q.ddl)!.blockedBy].sort()).toEqual([...q.holders].sort());
      const view = locksView(nodes, snap.takenAt);
      const ddlRows = view.rows.filter((r) => r.tree.pid === q.ddl);
      expect(ddlRows.map((r) => r.tree.parent).sort()).toEqual([...q.holders].sort());
      // Expanded under the first holder, marked as shown above under the second.
      expect(ddlRows.map((r) => r.tree.repeat)).toEqual([false, true]);
      expect(ddlRows.every((r) => r.tree.alsoBlockedBy.length === 1)).toBe(true);
      expect(view.rows.filter((r) => r.tree.pid === q.reader)).toHaveLength(1);
      expect(view.rows.filter((r) => r.tree.depth === 0).map((r) => r.tree.behind)).toEqual([2, 2]);
      expect(view.waiting).toBe(2);
    });
  });

  it('names relations of another database by OID, never by a wrong name', async () => {
    await withDatabase(primary, async (db) => {
      const q = await accessExclusiveQueue(primary, { db, waiters: 1 });
      handles.push(q);
      // Watching from "postgres": the locked table lives in `db`.
      const s = session(primary, 'postgres');
      sessions.push(s);
      const { nodes } = await pollUntil(s, q.pids, (ns) => ns.length === 3);
      const ddl = nodes.find((n) => n.pid === q.ddl)!;
      expect(ddl.wants).toMatchObject({ relation: null, database: db, relationOid: expect.any(Number) });
      expect(lockTarget(ddl.wants!)).toBe(`oid ${ddl.wants!.relationOid} in ${db}`);
    });
  });

  it('returns nothing when nobody waits', async () => {
    const s = session(primary, 'postgres');
    sessions.push(s);
    const poller = new Poller(s, { snapshot: () => undefined, status: () => undefined });
    poller.setPlan([locksCollector]);
    const snap = await poller.once();
    expect(snap.results.locks).toMatchObject({ state: 'ok' });
    expect(dataOf(snap, locksCollector)).toEqual([]);
  });

  it("lists a blocker that waits for no lock (asleep, holding a row) as its waiter's root, beside a chain of three", async () => {
    await withDatabase(primary, async (db) => {
      const chain = await lockChain(primary, { db, depth: 3 });
      handles.push(chain);
      // The sleeper locks a row of another table, then sleeps in the same transaction: it waits
      // (Timeout/PgSleep), but for no lock, so it is in the tree only as what someone waits for.
      const t = await ensureRows(primary, db, 'lab_sleepers', 1);
      const group = await SessionGroup.create(primary, { db });
      handles.push(group);
      const sleeper = await group.open();
      await sleeper.client.query('BEGIN');
      await sleeper.client.query(`UPDATE ${t} SET v = v + 1 WHERE id = 1`);
      group.fire(sleeper.client, 'SELECT pg_sleep(600)');
      await group.waitFor(sleeper.pid, 'asleep', (r) => r.wait_event === 'PgSleep');
      const waiter = await group.open();
      group.fire(waiter.client, `UPDATE ${t} SET v = v + 1 WHERE id = 1`);
      await group.waitFor(waiter.pid, 'waiting for the sleeper', (r) => r.wait_event_type === 'Lock');
      const s = session(primary, db);
      sessions.push(s);
      const pids = [...chain.pids, sleeper.pid, waiter.pid];
      const { nodes, snap } = await pollUntil(s, pids, (ns) => ns.length === 6);
      const asleep = nodes.find((n) => n.pid === sleeper.pid)!;
      expect(asleep).toMatchObject({ listed: true, state: 'active', waitEventType: 'Timeout', waitEvent: 'PgSleep', blockedBy: [], wants: null, database: db, user: 'postgres' });
      expect(asleep.query).toBe('SELECT pg_sleep(600)');
      expect(asleep.backendStart).toEqual(expect.any(Number));
      expect(asleep.locks).toContainEqual(expect.objectContaining({ locktype: 'transactionid', mode: 'ExclusiveLock', granted: true }));
      expect(nodes.find((n) => n.pid === waiter.pid)).toMatchObject({ blockedBy: [sleeper.pid], waitEventType: 'Lock', wants: { locktype: 'transactionid', relation: 'public.lab_sleepers' } });
      const view = locksView(nodes, snap.takenAt);
      expect(view.rows.map((r) => [r.tree.pid, r.tree.depth])).toEqual(
        expect.arrayContaining([[sleeper.pid, 0], [waiter.pid, 1], [chain.root, 0], [chain.waiters[2], 3]]),
      );
      expect(view).toMatchObject({ roots: 2, waiting: 4 });
    });
  });

  it("lists no other role's waiters to a role without pg_monitor, which cannot see what they wait for", async () => {
    await withDatabase(primary, async (db) => {
      const q = await accessExclusiveQueue(primary, { db, waiters: 1 });
      handles.push(q);
      const plain = session(primary, db, 'pgwarden_plain');
      const monitor = session(primary, db, 'pgwarden_monitor');
      sessions.push(plain, monitor);
      // The monitor role sees the queue; in the same moment the plain role sees none of it.
      await pollUntil(monitor, q.pids, (ns) => ns.length === 3);
      const poller = new Poller(plain, { snapshot: () => undefined, status: () => undefined });
      poller.setPlan([locksCollector]);
      const snap = await poller.once();
      expect(snap.results.locks).toMatchObject({ state: 'ok' });
      expect((dataOf(snap, locksCollector) ?? []).filter((n) => q.pids.includes(n.pid))).toEqual([]);
    });
  });

  it('works for a pg_monitor role', async () => {
    await withDatabase(primary, async (db) => {
      const q = await accessExclusiveQueue(primary, { db, waiters: 1 });
      handles.push(q);
      const s = session(primary, db, 'pgwarden_monitor');
      sessions.push(s);
      const { nodes } = await pollUntil(s, q.pids, (ns) => ns.length === 3);
      expect(nodes.find((n) => n.pid === q.ddl)!.query).toContain('ALTER TABLE');
    });
  });
});
