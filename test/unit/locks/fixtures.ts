/** Blocking-tree fixtures for the locks component tests. */
import type { AppEffects } from '../../../src/screens/effects';
import type { ActionRequest } from '../../../src/actions/types';
import type { Snapshot } from '../../../src/data/collector';
import type { LockInfo, LockNode, LockSummaryRow } from '../../../src/data/collectors/locks';
import { backend, snapshot as activitySnapshot, NOW_S } from '../../component/fixtures';
import { trusted } from '../../../src/text/sanitize';

export function lock(p: Partial<LockInfo> = {}): LockInfo {
  return {
    locktype: 'relation', mode: 'AccessShareLock', granted: true, fastpath: false, waitStart: null, relation: 'public.orders', relationOid: 16400,
    database: 'shop', page: null, tuple: null, virtualxid: null, transactionid: null, classid: null, objid: null, objsubid: null, object: null, ...p,
  };
}

export function node(pid: number, p: Partial<LockNode> = {}): LockNode {
  return {
    key: `${pid}:${NOW_S - 100}`, pid, listed: true, backendStart: NOW_S - 100, database: 'shop', user: 'app', application: 'web', clientAddr: '10.1.2.3',
    backendType: 'client backend', state: 'active', waitEventType: null, waitEvent: null, xactStart: NOW_S - 60, queryStart: NOW_S - 30,
    stateChange: NOW_S - 30, blockedBy: [], wants: null, locks: [], lockCount: 0, own: false, query: `select ${pid}`, ...p,
  };
}

export function waiter(pid: number, by: number[], p: Partial<LockNode> = {}): LockNode {
  const n = node(pid, {
    blockedBy: by, waitEventType: 'Lock', waitEvent: 'relation',
    wants: lock({ mode: 'AccessExclusiveLock', granted: false, waitStart: NOW_S - 12 }), ...p,
  });
  // As the collector reports it: the awaited lock is in the backend's list too.
  const locks = [n.wants!, lock({ mode: 'RowExclusiveLock', relation: 'public.audit' })];
  return { ...n, locks, lockCount: locks.length };
}

/** A migration queue (200 holds, 201 ALTER waits, 202/203 read behind it) and a row-lock pair (100 → 101). */
export const QUEUE: LockNode[] = [
  node(200, {
    state: 'idle in transaction', user: 'batch', query: 'update orders set v = v + 1 where id = 1', lockCount: 2,
    locks: [lock({ mode: 'RowExclusiveLock' }), lock({ locktype: 'transactionid', mode: 'ExclusiveLock', relation: null, relationOid: null, database: null, transactionid: '777' })],
  }),
  waiter(201, [200], { user: 'deploy', query: 'alter table orders add column note text' }),
  waiter(202, [201], { wants: lock({ granted: false, waitStart: NOW_S - 5 }), query: 'select count(*) from orders' }),
  waiter(203, [201], { wants: lock({ granted: false, waitStart: NOW_S - 4 }), query: 'select * from orders' }),
  node(100, { state: 'idle in transaction' }),
  waiter(101, [100], {
    waitEvent: 'transactionid',
    wants: lock({ locktype: 'transactionid', mode: 'ShareLock', granted: false, relation: 'public.accounts', transactionid: '900', waitStart: NOW_S - 50 }),
  }),
];

const SUMMARY: LockSummaryRow[] = [
  { locktype: 'relation', mode: 'AccessShareLock', database: 'shop', relation: 'public.orders', relationOid: 16400, granted: 0, waiting: 2, fastpath: 0 },
  { locktype: 'relation', mode: 'AccessExclusiveLock', database: 'shop', relation: 'public.orders', relationOid: 16400, granted: 0, waiting: 1, fastpath: 0 },
];

export function locksSnapshot(nodes: LockNode[], seq = 1): Snapshot {
  const base = activitySnapshot(
    nodes.filter((n) => n.listed).map((n) => backend(n.pid, { user: n.user, state: n.state, blockedBy: n.blockedBy.length ? n.blockedBy : null, waitEventType: n.waitEventType, query: n.query })),
    seq,
  );
  const at = NOW_S * 1000;
  return {
    ...base,
    results: {
      ...base.results,
      locks: { state: 'ok', data: nodes, at, ms: 3 },
      locks_summary: { state: 'ok', data: SUMMARY, at, ms: 1 },
    },
  };
}

export function actEffects(acted: ActionRequest[]): Partial<AppEffects> & { act: NonNullable<AppEffects['act']> } {
  return {
    quit: () => undefined,
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: () => undefined,
    copy: () => trusted('copied'),
    act: (req, report) => {
      if (req.kind === 'pgbouncer') throw new Error('not a backend signal');
      acted.push(req);
      report(trusted(`acted on ${req.targets.map((t) => t.pid).join(',')}`));
    },
  };
}

