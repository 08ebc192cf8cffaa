import { describe, expect, it } from 'vitest';
import { locksJson } from '../../../src/screens/locks/json';
import { lockTarget, locksView, rootRowFor, shortMode, targetOf, waitedS } from '../../../src/screens/locks/model';
import { NOW_S } from '../../component/fixtures';
import { QUEUE, lock, node, waiter } from './fixtures';

const NOW_MS = NOW_S * 1000;

describe('lockTarget', () => {
  it.each([
    [lock(), 'public.orders'],
    [lock({ relation: null, relationOid: 16384, database: 'other' }), 'oid 16384 in other'],
    [lock({ locktype: 'tuple', page: 3, tuple: 7 }), 'public.orders row (3,7)'],
    [lock({ locktype: 'transactionid', relation: null, relationOid: null, transactionid: '900' }), 'xid 900'],
    [lock({ locktype: 'transactionid', transactionid: '900' }), 'row of public.orders (xid 900)'],
    [lock({ locktype: 'virtualxid', virtualxid: '3/45' }), 'vxid 3/45'],
    [lock({ locktype: 'extend' }), 'public.orders (extend)'],
    [lock({ locktype: 'page', page: 9 }), 'public.orders page 9'],
    // pg_advisory_lock(bigint) keeps the high half in classid, the low half in objid, objsubid 1.
    [lock({ locktype: 'advisory', classid: 1, objid: 2, objsubid: 1 }), 'advisory 4294967298'],
    [lock({ locktype: 'advisory', classid: 0xffffffff, objid: 0xffffffff, objsubid: 1 }), 'advisory -1'],
    // pg_advisory_lock(int, int): the two keys, objsubid 2.
    [lock({ locktype: 'advisory', classid: 12, objid: 34, objsubid: 2 }), 'advisory (12, 34)'],
    [lock({ locktype: 'object', object: 'role bob' }), 'role bob'],
    [lock({ locktype: 'object', classid: 1260, objid: 10, object: null }), 'object 1260/10 in shop'],
    [lock({ locktype: 'frozenid' }), 'datfrozenxid update'],
  ])('%o reads %s', (l, want) => {
    expect(lockTarget(l)).toBe(want);
  });

  it('shortens modes for the tree', () => {
    expect(shortMode('ShareUpdateExclusiveLock')).toBe('ShareUpdExcl');
    expect(shortMode('AccessExclusiveLock')).toBe('AccessExcl');
    expect(shortMode('SIReadLock')).toBe('SIRead');
  });
});

describe('locksView', () => {
  it('counts roots, waiters and the longest wait', () => {
    const v = locksView(QUEUE, NOW_MS);
    expect(v).toMatchObject({ roots: 2, waiting: 4, longestWaitS: 50 });
    expect(v.rows.map((r) => r.tree.pid)).toEqual([200, 201, 202, 203, 100, 101]);
  });

  it('keeps whole trees that match the filter', () => {
    expect(locksView(QUEUE, NOW_MS, 'alter table').rows.map((r) => r.tree.pid)).toEqual([200, 201, 202, 203]);
    expect(locksView(QUEUE, NOW_MS, 'nothing like it').rows).toEqual([]);
  });

  it('filters by /regex/ as every table does, and says when the pattern is bad', () => {
    expect(locksView(QUEUE, NOW_MS, '/^alter\\s+table/').rows.map((r) => r.tree.pid)).toEqual([200, 201, 202, 203]);
    expect(locksView(QUEUE, NOW_MS, '/^table/').rows).toEqual([]);
    expect(locksView(QUEUE, NOW_MS, '/(/').filterError).toMatch(/invalid regular expression/);
    expect(locksView(QUEUE, NOW_MS, 'alter').filterError).toBeUndefined();
  });

  it('finds the root a backend waits behind', () => {
    const v = locksView(QUEUE, NOW_MS);
    expect(rootRowFor(v, 203)?.tree.pid).toBe(200);
    expect(rootRowFor(v, 101)?.tree.pid).toBe(100);
    expect(rootRowFor(v, 999)).toBeUndefined();
  });

  it('uses waitstart, or the time in the current state on PostgreSQL 13', () => {
    expect(waitedS(waiter(1, [2]), NOW_MS)).toBe(12);
    const pg13 = waiter(1, [2]);
    expect(waitedS({ ...pg13, wants: { ...pg13.wants!, waitStart: null } }, NOW_MS)).toBe(30);
    expect(waitedS(node(2), NOW_MS)).toBeNull();
  });

  it('turns a row into an action target with how many sessions it releases', () => {
    const v = locksView(QUEUE, NOW_MS);
    expect(targetOf(v.rows[0]!, NOW_MS)).toMatchObject({ pid: 200, backendStart: NOW_S - 100, behind: 3, listed: true, xactAgeS: 60 });
  });
});

describe('snapshot --json locks section', () => {
  it('nests waiters under their blockers and lists every lock', () => {
    const doc = locksJson(QUEUE, [], NOW_MS);
    expect(doc.tree.map((r) => r.pid)).toEqual([200, 100]);
    const ddl = doc.tree[0]!.waiters[0]!;
    expect(ddl).toMatchObject({ pid: 201, waiting_behind: 2, waited_seconds: 12, blocked_by: [200] });
    expect(ddl.waiting_for).toMatchObject({ mode: 'AccessExclusiveLock', target: 'public.orders', granted: false });
    expect(ddl.waiters.map((w) => w.pid)).toEqual([202, 203]);
    expect(doc.tree[0]!.backend_start).toBe(new Date((NOW_S - 100) * 1000).toISOString());
    expect(doc.locks.filter((l) => l.pid === 200)).toHaveLength(2);
    expect(doc.summary).toEqual([]);
    expect(locksJson([], undefined, NOW_MS)).toEqual({ tree: [], locks: [], summary: null });
  });
});
