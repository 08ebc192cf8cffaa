/**
 * The `locks` section of `snapshot --json`: the blocking tree nested as it is drawn, every lock of
 * the backends in it, and the server-wide counts. Raw values: epoch times as ISO strings, waits in
 * seconds, server text as it came.
 */
import type { LockInfo, LockNode, LockSummaryRow } from '../../data/collectors/locks';
import { iso } from '../json';
import { lockTarget, locksView, type LockRow } from './model';


function lockJson(l: LockInfo) {
  return {
    locktype: l.locktype,
    mode: l.mode,
    granted: l.granted,
    fastpath: l.fastpath,
    wait_start: iso(l.waitStart),
    relation: l.relation,
    relation_oid: l.relationOid,
    database: l.database,
    page: l.page,
    tuple: l.tuple,
    virtualxid: l.virtualxid,
    transactionid: l.transactionid,
    classid: l.classid,
    objid: l.objid,
    objsubid: l.objsubid,
    object: l.object,
    target: lockTarget(l),
  };
}

interface TreeNodeJson extends Record<string, unknown> {
  waiters: TreeNodeJson[];
}

function nodeJson(r: LockRow): TreeNodeJson {
  const n: LockNode = r.node;
  return {
    pid: n.pid,
    listed: n.listed,
    backend_start: iso(n.backendStart),
    user: n.user,
    database: n.database,
    application_name: n.application,
    client_addr: n.clientAddr,
    backend_type: n.backendType,
    state: n.state,
    wait_event_type: n.waitEventType,
    wait_event: n.waitEvent,
    xact_start: iso(n.xactStart),
    query_start: iso(n.queryStart),
    state_change: iso(n.stateChange),
    blocked_by: n.blockedBy,
    waiting_for: n.wants ? lockJson(n.wants) : null,
    waited_seconds: r.waitedS,
    waiting_behind: r.tree.behind,
    also_blocked_by: r.tree.depth > 0 ? r.tree.alsoBlockedBy : [],
    in_cycle: r.tree.inCycle,
    closes_cycle: r.tree.cycle,
    waiters_shown_elsewhere: r.tree.repeat,
    lock_count: n.lockCount,
    query: n.query,
    waiters: [],
  };
}

/** The section's document. `summary` is null when its collector did not run or failed. */
export function locksJson(nodes: readonly LockNode[], summary: readonly LockSummaryRow[] | undefined, nowMs: number) {
  const view = locksView(nodes, nowMs);
  const tree: TreeNodeJson[] = [];
  const stack: TreeNodeJson[] = [];
  for (const r of view.rows) {
    const j = nodeJson(r);
    stack.length = r.tree.depth;
    if (r.tree.depth === 0) tree.push(j);
    else stack[r.tree.depth - 1]?.waiters.push(j);
    stack.push(j);
  }
  return {
    tree,
    locks: nodes.flatMap((n) => n.locks.map((l) => ({ pid: n.pid, ...lockJson(l) }))),
    summary: summary
      ? summary.map((s) => ({
          locktype: s.locktype,
          mode: s.mode,
          database: s.database,
          relation: s.relation,
          relation_oid: s.relationOid,
          granted: s.granted,
          waiting: s.waiting,
          fastpath: s.fastpath,
        }))
      : null,
  };
}
