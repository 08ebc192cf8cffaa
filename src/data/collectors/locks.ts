/**
 * The locks pane's data: the backends of the blocking tree (waiters and what they wait for) with
 * every lock each holds or awaits, and a server-wide count of locks by kind, mode and object.
 * Strings here are raw server text and must be sanitized before display.
 */
import type { Backend } from './activity';
import type { Collector, CollectorContext } from '../collector';
import type { Row } from '../db';
import { backendKey } from './activity';
import { str } from '../values';

/** One pg_locks entry, raw. */
export interface LockInfo {
  locktype: string;
  mode: string;
  granted: boolean;
  fastpath: boolean;
  /** When the wait began (epoch s); PostgreSQL 14+ only, null for granted locks. */
  waitStart: number | null;
  /** Schema-qualified relation name, when the lock is in the connected database or on a shared catalog. */
  relation: string | null;
  relationOid: number | null;
  /** Database of the locked object (null for transaction ids and other database-less locks). */
  database: string | null;
  page: number | null;
  tuple: number | null;
  virtualxid: string | null;
  transactionid: string | null;
  classid: number | null;
  objid: number | null;
  objsubid: number | null;
  /** pg_describe_object() of an `object` lock (PostgreSQL 14+). */
  object: string | null;
}

/** A backend in the blocking tree: one that waits, or one that others wait for. */
export interface LockNode {
  /** pid + backend_start, as in the activity pane; `pid:` when the backend is not in pg_stat_activity. */
  key: string;
  pid: number;
  /** False when pg_stat_activity has no such backend: a prepared transaction (pid 0) or one that just ended. */
  listed: boolean;
  /** Null when not listed, or when our role may not read it (no pg_read_all_stats). */
  backendStart: number | null;
  database: string | null;
  user: string | null;
  application: string | null;
  clientAddr: string | null;
  backendType: string | null;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  xactStart: number | null;
  queryStart: number | null;
  stateChange: number | null;
  /** Distinct pids this backend waits for; empty when it does not wait. */
  blockedBy: number[];
  /** The lock it waits for (its one ungranted pg_locks entry). For a row lock (transactionid) the
   * relation is that of the tuple lock it holds meanwhile. */
  wants: LockInfo | null;
  /** Locks it holds or awaits, ungranted first; capped at 500 (see lockCount). */
  locks: LockInfo[];
  lockCount: number;
  /** One of pgwarden's own connections. */
  own: boolean;
  query: string | null;
}

/** Server-wide lock counts for one (kind, mode, object). */
export interface LockSummaryRow {
  locktype: string;
  mode: string;
  database: string | null;
  relation: string | null;
  relationOid: number | null;
  granted: number;
  waiting: number;
  fastpath: number;
}

const num = (v: unknown): number | null => (v == null || v === '' ? null : Number(v));

/** A pg_locks entry from the SQL's JSON (lock lists) or from prefixed columns (the awaited lock). */
export function toLock(r: Record<string, unknown>, prefix = ''): LockInfo {
  const f = (k: string) => r[prefix + k];
  return {
    locktype: String(f('locktype') ?? ''),
    mode: String(f('mode') ?? ''),
    granted: f('granted') === true,
    fastpath: f('fastpath') === true,
    waitStart: num(f('wait_start')),
    relation: str(f('relation')),
    relationOid: num(f('relation_oid')),
    database: str(f('database')),
    page: num(f('page')),
    tuple: num(f('tuple')),
    virtualxid: str(f('virtualxid')),
    transactionid: str(f('transactionid')),
    classid: num(f('classid')),
    objid: num(f('objid')),
    objsubid: num(f('objsubid')),
    object: str(f('object')),
  };
}

function toNode(r: Row, ctx: CollectorContext): LockNode {
  const pid = Number(r.pid);
  const backendStart = num(r.backend_start);
  // pg_blocking_pids() repeats a leader's pid when its parallel workers are involved too.
  const blockedBy = Array.isArray(r.blocked_by) ? [...new Set((r.blocked_by as unknown[]).map(Number))].filter((p) => p !== pid) : [];
  const wants =
    r.wait_locktype == null
      ? null
      : { ...toLock(r, 'wait_'), granted: false, fastpath: false, waitStart: num(r.wait_start) };
  const locks = Array.isArray(r.locks) ? (r.locks as Record<string, unknown>[]).map((l) => toLock(l)) : [];
  return {
    key: backendStart == null ? `${pid}:` : backendKey(pid, backendStart),
    pid,
    listed: r.listed === true,
    backendStart,
    database: str(r.database),
    user: str(r.user),
    application: str(r.application),
    clientAddr: str(r.client_addr),
    backendType: str(r.backend_type),
    state: str(r.state),
    waitEventType: str(r.wait_event_type),
    waitEvent: str(r.wait_event),
    xactStart: num(r.xact_start),
    queryStart: num(r.query_start),
    stateChange: num(r.state_change),
    blockedBy,
    wants,
    locks,
    lockCount: Number(r.lock_count ?? locks.length),
    own: ctx.ownPids.includes(pid),
    query: str(r.query),
  };
}

const monitorHint = (ctx: CollectorContext) => `GRANT pg_monitor TO ${ctx.caps.currentUser};`;

/** The blocking tree's backends; empty when nobody waits for a lock. */
export const locksCollector: Collector<LockNode[]> = {
  id: 'locks',
  query: 'locks',
  params: (ctx) => [ctx.ownPids],
  parse: (rows, ctx) => rows.map((r) => toNode(r, ctx)),
  fixHint: (failure, ctx) => (failure.kind === 'privilege' ? monitorHint(ctx) : undefined),
  // Read with the activity pane (a recording): no listed backend waits for a lock, so the tree is
  // empty, and its query (the lock table, read twice while someone waits: ~5 ms of server CPU at
  // 2000 backends) is not needed.
  // A hidden background process that waits is seen by the poller's periodic real read.
  answeredBy: (results) => {
    const a = results.activity;
    if (a?.state !== 'ok') return undefined;
    return (a.data as Backend[]).some((b) => b.waitEventType === 'Lock' || (b.blockedBy?.length ?? 0) > 0) ? undefined : [];
  },
};

/** Lock counts across the server by kind, mode and object. */
export const lockSummaryCollector: Collector<LockSummaryRow[]> = {
  id: 'locks_summary',
  query: 'locks_summary',
  params: (ctx) => [ctx.ownPids],
  parse: (rows) =>
    rows.map((r) => ({
      locktype: String(r.locktype ?? ''),
      mode: String(r.mode ?? ''),
      database: str(r.database),
      relation: str(r.relation),
      relationOid: num(r.relation_oid),
      granted: Number(r.granted ?? 0),
      waiting: Number(r.waiting ?? 0),
      fastpath: Number(r.fastpath ?? 0),
    })),
  fixHint: (failure, ctx) => (failure.kind === 'privilege' ? monitorHint(ctx) : undefined),
};
