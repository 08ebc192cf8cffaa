/**
 * Locks pane logic, pure: the blocking tree's rows from the collector's backends, how each lock
 * reads, and the targets an action on a row would hit.
 */
import type { LockInfo, LockNode } from '../../data/collectors/locks';
import type { ActionTarget } from '../../actions/types';
import { textFilter, type TextFilter } from '../tables';
import { buildTree, type TreeInput, type TreeRow } from './tree';

/** How long a backend has waited for its lock (s). PostgreSQL 13 does not record when a wait
 * began (pg_locks.waitstart is 14+): the time in the current state stands in for it there. */
export function waitedS(n: LockNode, nowMs: number): number | null {
  if (!n.blockedBy.length && !n.wants) return null;
  const since = n.wants?.waitStart ?? n.stateChange;
  return since == null ? null : Math.max(0, nowMs / 1000 - since);
}

/** A row of the tree with its backend (a stub for a pid that is not listed). */
export interface LockRow {
  tree: TreeRow;
  node: LockNode;
  waitedS: number | null;
}

export interface LocksView {
  rows: LockRow[];
  /** Root blockers. */
  roots: number;
  /** Distinct backends waiting for a lock. */
  waiting: number;
  longestWaitS: number | null;
  byKey: Map<string, LockRow>;
  /** Set when the /regex/ filter did not compile (it then matches as plain text). */
  filterError?: string;
}

function stub(pid: number): LockNode {
  return {
    key: `${pid}:`, pid, listed: false, backendStart: null, database: null, user: null, application: null, clientAddr: null, backendType: null,
    state: null, waitEventType: null, waitEvent: null, xactStart: null, queryStart: null, stateChange: null, blockedBy: [], wants: null,
    locks: [], lockCount: 0, own: false, query: null,
  };
}

/** Matches the filter against a backend's user, database, application, query, pid and wanted relation. */
function matches(n: LockNode, f: TextFilter): boolean {
  return f([n.user, n.database, n.application, n.query, String(n.pid), n.wants?.relation]);
}

/**
 * The tree's rows in display order. A filter keeps whole trees: every root whose subtree has a
 * matching backend, with all of that subtree (a waiter means nothing without its blocker).
 */
export function locksView(nodes: readonly LockNode[], nowMs: number, filter = ''): LocksView {
  const byPid = new Map(nodes.map((n) => [n.pid, n]));
  const inputs: TreeInput[] = nodes.map((n) => ({ id: n.key, pid: n.pid, blockedBy: n.blockedBy, waitedS: waitedS(n, nowMs) }));
  let rows: LockRow[] = buildTree(inputs).map((t) => {
    const node = byPid.get(t.pid) ?? stub(t.pid);
    return { tree: t, node, waitedS: waitedS(node, nowMs) };
  });
  const f = textFilter(filter);
  if (filter.trim()) {
    const keep = new Set(rows.filter((r) => matches(r.node, f)).map((r) => r.tree.rootPid));
    rows = rows.filter((r) => keep.has(r.tree.rootPid));
  }
  const waiters = new Set(rows.filter((r) => r.tree.depth > 0 || r.node.blockedBy.length).map((r) => r.tree.pid));
  let longest: number | null = null;
  for (const r of rows) if (r.waitedS != null && (longest == null || r.waitedS > longest)) longest = r.waitedS;
  return {
    rows,
    roots: rows.filter((r) => r.tree.depth === 0).length,
    waiting: waiters.size,
    longestWaitS: longest,
    byKey: new Map(rows.map((r) => [r.tree.key, r])),
    filterError: f.error,
  };
}

/** The row to select for "show me where this backend stands": its first root's row. */
export function rootRowFor(view: LocksView, pid: number): LockRow | undefined {
  const first = view.rows.find((r) => r.tree.pid === pid);
  if (!first) return undefined;
  return view.rows.find((r) => r.tree.depth === 0 && r.tree.pid === first.tree.rootPid);
}

/** Lock modes without the "Lock" suffix, shortened to fit a column; the legend spells them out. */
const SHORT_MODES: Record<string, string> = {
  AccessShareLock: 'AccessShare',
  RowShareLock: 'RowShare',
  RowExclusiveLock: 'RowExcl',
  ShareUpdateExclusiveLock: 'ShareUpdExcl',
  ShareLock: 'Share',
  ShareRowExclusiveLock: 'ShareRowExcl',
  ExclusiveLock: 'Exclusive',
  AccessExclusiveLock: 'AccessExcl',
};

export function shortMode(mode: string): string {
  return SHORT_MODES[mode] ?? mode.replace(/Lock$/, '');
}

/** A relation as the operator can use it: its name, or its OID and database when it lives elsewhere. */
function relationOf(l: LockInfo): string {
  if (l.relation) return l.relation;
  if (l.relationOid != null) return `oid ${l.relationOid}${l.database ? ` in ${l.database}` : ''}`;
  return '?';
}

/** An advisory lock's key as the application wrote it: one bigint, or two int4. */
function advisoryKey(l: LockInfo): string {
  const hi = l.classid ?? 0;
  const lo = l.objid ?? 0;
  if (l.objsubid === 2) return `(${hi | 0}, ${lo | 0})`;
  return String(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)));
}

/** What a lock is on, in words a DBA uses (raw: sanitize before display). */
export function lockTarget(l: LockInfo): string {
  switch (l.locktype) {
    case 'relation':
      return relationOf(l);
    case 'extend':
      return `${relationOf(l)} (extend)`;
    case 'page':
      return `${relationOf(l)} page ${l.page ?? '?'}`;
    case 'tuple':
      return `${relationOf(l)} row (${l.page ?? '?'},${l.tuple ?? '?'})`;
    case 'transactionid':
      return l.relation || l.relationOid != null ? `row of ${relationOf(l)} (xid ${l.transactionid ?? '?'})` : `xid ${l.transactionid ?? '?'}`;
    case 'virtualxid':
      return `vxid ${l.virtualxid ?? '?'}`;
    case 'advisory':
      return `advisory ${advisoryKey(l)}`;
    case 'object':
      return l.object ?? `object ${l.classid ?? '?'}/${l.objid ?? '?'}${l.database ? ` in ${l.database}` : ''}`;
    case 'spectoken':
      return `speculative insert ${l.transactionid ?? ''}`.trim();
    case 'frozenid':
      return 'datfrozenxid update';
    default:
      return l.locktype;
  }
}

/** The action target for a backend of the tree. */
export function targetOf(row: LockRow, nowMs: number): ActionTarget {
  const n = row.node;
  const age = (t: number | null) => (t == null ? null : Math.max(0, nowMs / 1000 - t));
  // An unlisted backend is still offered to the request builder, which says why it cannot be signalled.
  return { ...baseTarget(n), listed: n.listed, backendStart: n.backendStart, xactAgeS: age(n.xactStart), stateAgeS: age(n.stateChange), waitedS: row.waitedS, behind: row.tree.behind };
}

function baseTarget(n: LockNode) {
  return {
    pid: n.pid,
    user: n.user,
    database: n.database,
    application: n.application,
    clientAddr: n.clientAddr,
    backendType: n.backendType,
    state: n.state,
    query: n.query,
  };
}
