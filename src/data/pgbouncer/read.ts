/**
 * Reads PgBouncer's admin console into {@link BouncerSnapshot}. Columns are read by name and any
 * may be missing: they changed between versions (maxwait_us in 1.8, max_db_connections renamed,
 * cl_active_cancel_req in 1.18, avg_* columns in 1.8, …).
 */
import type { QueryResult, Row } from '../db';
import type { BouncerConn, BouncerDatabase, BouncerPool, BouncerSnapshot, BouncerStats } from './types';

/** Runs one console command (the simple protocol: no parameters). */
export type ConsoleQuery = (text: string) => Promise<QueryResult>;

const num = (r: Row, col: string): number | null => {
  const v = r[col];
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
const str = (r: Row, col: string): string | null => (r[col] === null || r[col] === undefined ? null : String(r[col]));
const flag = (r: Row, col: string): boolean => {
  const v = r[col];
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
};

export function poolOf(r: Row): BouncerPool {
  return {
    database: str(r, 'database') ?? '',
    user: str(r, 'user') ?? '',
    clActive: num(r, 'cl_active') ?? 0,
    clWaiting: num(r, 'cl_waiting') ?? 0,
    svActive: num(r, 'sv_active') ?? 0,
    svIdle: num(r, 'sv_idle') ?? 0,
    svUsed: num(r, 'sv_used') ?? 0,
    svTested: num(r, 'sv_tested') ?? 0,
    svLogin: num(r, 'sv_login') ?? 0,
    maxwaitS: (num(r, 'maxwait') ?? 0) + (num(r, 'maxwait_us') ?? 0) / 1e6,
    poolMode: str(r, 'pool_mode'),
  };
}

export function statsOf(r: Row): BouncerStats {
  return {
    database: str(r, 'database') ?? '',
    totalXactCount: num(r, 'total_xact_count'),
    totalQueryCount: num(r, 'total_query_count'),
    xactPerS: num(r, 'avg_xact_count'),
    queryPerS: num(r, 'avg_query_count'),
    avgXactUs: num(r, 'avg_xact_time'),
    avgQueryUs: num(r, 'avg_query_time'),
    avgWaitUs: num(r, 'avg_wait_time'),
  };
}

export function databaseOf(r: Row): BouncerDatabase {
  return {
    name: str(r, 'name') ?? '',
    host: str(r, 'host'),
    port: num(r, 'port'),
    database: str(r, 'database'),
    poolSize: num(r, 'pool_size'),
    reservePool: num(r, 'reserve_pool'),
    poolMode: str(r, 'pool_mode'),
    maxDbConnections: num(r, 'max_db_connections') ?? num(r, 'max_connections'),
    currentConnections: num(r, 'current_connections'),
    paused: flag(r, 'paused'),
    disabled: flag(r, 'disabled'),
  };
}

export function connOf(r: Row): BouncerConn {
  return {
    user: str(r, 'user') ?? '',
    database: str(r, 'database') ?? '',
    state: str(r, 'state') ?? '',
    addr: str(r, 'addr'),
    port: num(r, 'port'),
    waitS: (num(r, 'wait') ?? 0) + (num(r, 'wait_us') ?? 0) / 1e6,
    applicationName: str(r, 'application_name'),
    ptr: str(r, 'ptr'),
  };
}

/** SHOW CONFIG: key → value (1.18 adds default and changeable columns; only these two matter). */
export function configOf(rows: Row[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const k = str(r, 'key');
    if (k !== null) out[k] = str(r, 'value') ?? '';
  }
  return out;
}

/** The version from SHOW VERSION: one row, one column (`version`), e.g. `PgBouncer 1.18.0`. */
export function versionOf(rows: Row[]): string {
  const first = rows[0];
  const v = first ? (first.version ?? Object.values(first)[0]) : undefined;
  return String(v ?? '').replace(/^PgBouncer\s+/i, '');
}

/** Reads every SHOW the pane needs, one after the other (the console runs one at a time). */
export async function readBouncer(q: ConsoleQuery, now: () => number = Date.now): Promise<BouncerSnapshot> {
  const version = versionOf((await q('SHOW VERSION')).rows);
  const pools = (await q('SHOW POOLS')).rows.map(poolOf);
  const stats = (await q('SHOW STATS')).rows.map(statsOf);
  const databases = (await q('SHOW DATABASES')).rows.map(databaseOf);
  const clients = (await q('SHOW CLIENTS')).rows.map(connOf);
  const servers = (await q('SHOW SERVERS')).rows.map(connOf);
  const config = configOf((await q('SHOW CONFIG')).rows);
  return { takenAt: now(), version, pools, stats, databases, clients, servers, config };
}
