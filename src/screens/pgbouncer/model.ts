/**
 * The PgBouncer pane's model: pools, databases and the clients waiting longest, and the problems
 * read from them. Pure: a console snapshot (and the PostgreSQL server's max_connections when
 * pgwarden knows it) in, rows out. Strings stay raw here; the columns sanitize them.
 */
import type { BouncerConn, BouncerSnapshot, BouncerStats } from '../../data/pgbouncer/types';
import type { TableState } from '../../state/ui';
import { sortRows, textFilter, type SortValue, type SubTable } from '../tables';
import { CONSOLE_DATABASE, sizing, SUPERUSER_RESERVED, HEADROOM, WAIT_CRITICAL_S, WAIT_WARN_S, type Sizing } from '../../data/pgbouncer/sizing';

export { poolBudget, sizing, HEADROOM, SUPERUSER_RESERVED, WAIT_CRITICAL_S, WAIT_WARN_S, type Sizing } from '../../data/pgbouncer/sizing';

export const POOL_TABLE: SubTable = {
  id: 'pgbouncer.pools',
  initial: { sortColumn: 'maxwait', desc: true, filter: '', selected: null },
  sortColumns: ['maxwait', 'clWaiting', 'clActive', 'svActive', 'qps', 'avgQuery', 'database'],
};

function sortValue(p: PoolRow, column: string): SortValue {
  switch (column) {
    case 'maxwait': return p.maxwaitS;
    case 'clWaiting': return p.clWaiting;
    case 'clActive': return p.clActive;
    case 'svActive': return p.svActive;
    case 'qps': return p.queryPerS;
    case 'avgQuery': return p.avgQueryS;
    case 'database': return p.database;
    default: return null;
  }
}

/** Pools filtered and sorted as the table shows them (ties keep SHOW POOLS' order). */
export function poolRows(pools: readonly PoolRow[], t: TableState): PoolRow[] {
  const f = textFilter(t.filter);
  return sortRows(pools.filter((p) => f([p.database, p.user])), (p) => sortValue(p, t.sortColumn), t.desc);
}

export interface PoolRow {
  key: string;
  database: string;
  user: string;
  clActive: number;
  clWaiting: number;
  maxwaitS: number;
  svActive: number;
  svIdle: number;
  svUsed: number;
  /** The database's pool_size (SHOW DATABASES), null when the database is not listed. */
  poolSize: number | null;
  paused: boolean;
  /** Per second, for the whole database (SHOW STATS averages over stats_period). */
  queryPerS: number | null;
  xactPerS: number | null;
  /** Seconds. */
  avgQueryS: number | null;
  avgXactS: number | null;
  /** Every server connection busy and clients queued. */
  saturated: boolean;
  severity: Severity | null;
}

export interface DatabaseRow {
  key: string;
  name: string;
  /** host:port/dbname behind it, raw. */
  target: string;
  poolSize: number | null;
  reservePool: number | null;
  maxDbConnections: number | null;
  currentConnections: number | null;
  paused: boolean;
  disabled: boolean;
}

export type Severity = 'warning' | 'critical';

export interface BouncerProblem {
  id: string;
  severity: Severity;
  /** Raw: holds database and user names. */
  text: string;
}

export interface BouncerModel {
  version: string;
  pools: PoolRow[];
  databases: DatabaseRow[];
  /** Clients waiting for a server connection, longest first. */
  waitingClients: BouncerConn[];
  problems: BouncerProblem[];
  sizing: Sizing;
  paused: string[];
}

export interface ModelOptions {
  /** The PostgreSQL server's max_connections: the console cannot tell it. */
  serverMaxConnections?: number | null;
}

const CONSOLE = CONSOLE_DATABASE;

function waitSeverity(s: number): Severity | null {
  return s > WAIT_CRITICAL_S ? 'critical' : s > WAIT_WARN_S ? 'warning' : null;
}

/** A database's SHOW STATS averages as a pool row shows them (seconds, per second). */
function rates(st: BouncerStats | undefined): Pick<PoolRow, 'queryPerS' | 'xactPerS' | 'avgQueryS' | 'avgXactS'> {
  return {
    queryPerS: st?.queryPerS ?? null,
    xactPerS: st?.xactPerS ?? null,
    avgQueryS: st?.avgQueryUs == null ? null : st.avgQueryUs / 1e6,
    avgXactS: st?.avgXactUs == null ? null : st.avgXactUs / 1e6,
  };
}

export function bouncerModel(snap: BouncerSnapshot, opts: ModelOptions = {}): BouncerModel {
  const dbs = new Map(snap.databases.map((d) => [d.name, d]));
  const stats = new Map(snap.stats.map((s) => [s.database, s]));
  const problems: BouncerProblem[] = [];
  const pools: PoolRow[] = snap.pools
    .filter((p) => p.database !== CONSOLE)
    .map((p) => {
      const db = dbs.get(p.database);
      const st = stats.get(p.database);
      const poolSize = db?.poolSize ?? null;
      const saturated = p.clWaiting > 0 && poolSize !== null && p.svActive >= poolSize;
      const waitSev = p.clWaiting > 0 ? waitSeverity(p.maxwaitS) : null;
      const key = `${p.database}/${p.user}`;
      if (waitSev) problems.push({ id: `waiting:${key}`, severity: waitSev, text: `pool ${key}: ${p.clWaiting} clients waiting, the longest ${p.maxwaitS.toFixed(1)} s` });
      if (saturated) problems.push({ id: `saturated:${key}`, severity: 'warning', text: `pool ${key} is saturated: ${p.svActive}/${poolSize} server connections busy, ${p.clWaiting} clients queued` });
      return {
        key,
        database: p.database,
        user: p.user,
        clActive: p.clActive,
        clWaiting: p.clWaiting,
        maxwaitS: p.maxwaitS,
        svActive: p.svActive,
        svIdle: p.svIdle,
        svUsed: p.svUsed,
        poolSize,
        paused: db?.paused ?? false,
        ...rates(st),
        saturated,
        severity: waitSev ?? (saturated ? 'warning' : null),
      };
    });
  // A configured database nobody has connected to yet has no pool: it is listed (and can be
  // paused) all the same.
  for (const d of snap.databases) {
    if (d.name === CONSOLE || pools.some((p) => p.database === d.name)) continue;
    pools.push({
      key: `${d.name}/`,
      database: d.name,
      user: '',
      clActive: 0,
      clWaiting: 0,
      maxwaitS: 0,
      svActive: 0,
      svIdle: 0,
      svUsed: 0,
      poolSize: d.poolSize,
      paused: d.paused,
      ...rates(stats.get(d.name)),
      saturated: false,
      severity: null,
    });
  }
  const databases: DatabaseRow[] = snap.databases
    .filter((d) => d.name !== CONSOLE)
    .map((d) => ({
      key: d.name,
      name: d.name,
      target: `${d.host ?? ''}:${d.port ?? ''}/${d.database ?? ''}`,
      poolSize: d.poolSize,
      reservePool: d.reservePool,
      maxDbConnections: d.maxDbConnections,
      currentConnections: d.currentConnections,
      paused: d.paused,
      disabled: d.disabled,
    }));
  const waitingClients = snap.clients.filter((c) => c.state === 'waiting').sort((a, b) => b.waitS - a.waitS);
  const size = sizing(snap, opts.serverMaxConnections);
  if (size.maxConnections !== null && size.total > size.maxConnections - SUPERUSER_RESERVED) {
    problems.push({
      id: 'sizing',
      severity: 'critical',
      text: `the pools may open ${size.total} server connections, above max_connections ${size.maxConnections} less ${SUPERUSER_RESERVED} reserved: keep them under ${size.recommended}`,
    });
  } else if (size.recommended !== null && size.total > size.recommended) {
    problems.push({ id: 'sizing', severity: 'warning', text: `the pools may open ${size.total} server connections, recommended at most ${size.recommended} for max_connections ${size.maxConnections}` });
  }
  const paused = databases.filter((d) => d.paused).map((d) => d.name);
  const maxClients = Number(snap.config.max_client_conn);
  if (Number.isFinite(maxClients) && maxClients > 0 && snap.clients.length >= maxClients * 0.9) {
    problems.push({ id: 'max_client_conn', severity: snap.clients.length >= maxClients ? 'critical' : 'warning', text: `${snap.clients.length} clients of max_client_conn ${maxClients}` });
  }
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
  return { version: snap.version, pools, databases, waitingClients, problems, sizing: size, paused };
}

/** The sizing line: what the pools may open, and what the guides recommend for the server. */
export function sizingLine(s: Sizing): string {
  const formula = 'per pool: pool_size ~ cores x 2 + effective spindles';
  if (s.maxConnections === null) return `pools may open ${s.total} server connections (server max_connections unknown here); ${formula}`;
  return `pools may open ${s.total} server connections; recommended at most ${s.recommended} for max_connections ${s.maxConnections} (less ${SUPERUSER_RESERVED} reserved, ${HEADROOM * 100}% headroom); ${formula}`;
}
