/**
 * The suspects the problems evaluator (src/problems) needs beyond the header's figures: lock
 * blockers, sessions idle in transaction, long queries, the xmin horizon holder, new backends,
 * tables past their autovacuum trigger, WAL archiving and the oldest database's xid age. One
 * statement returning a few rows, on a slower cadence than the refresh (see problems.pg13.sql).
 * Strings here are untrusted server text: sanitize before display.
 */
import type { Collector } from '../collector';
import type { Row } from '../db';
import { num, str } from '../values';

/**
 * How often the suspects are read. The statement makes its own pass over pg_stat_activity: at 2000
 * backends its server execution took 23 ms against 19 ms for the header's summary statement
 * (EXPLAIN ANALYZE; 36-42 ms against 20-24 ms measured from the client on a loaded machine), so
 * every 10 s it adds 2-4 ms per second, under a tenth of what a 1 s refresh with the activity
 * pane costs the server.
 */
export const PROBLEMS_EVERY_MS = 10_000;
/** Characters of query text kept: enough to name a statement in one sentence. */
export const QUERY_CHARS = 200;
/** New backends are counted over this window (seconds). */
export const STORM_WINDOW_S = 10;

/** A session named by the suspects statement. Times are epoch seconds of the server clock. */
export interface SuspectSession {
  pid: number;
  backendStart: number | null;
  application: string | null;
  user: string | null;
  database: string | null;
  state: string | null;
  xactStart: number | null;
  /** state_change for idle sessions and blockers, query_start for long queries. */
  since: number | null;
  query: string | null;
}

export interface Blocker extends SuspectSession {
  /** Sessions waiting behind it, directly or down the chain. */
  blocked: number;
}

export interface HorizonHolder extends SuspectSession {
  xidAge: number;
  /** n_dead_tup summed over this database's tables. */
  deadTuples: number | null;
}

export interface TableBehind {
  relid: number;
  /** schema.name, raw. */
  name: string;
  deadTuples: number;
  liveTuples: number;
  /** Dead tuples at which autovacuum vacuums it (threshold + scale factor × reltuples). */
  trigger: number;
  autovacuumOff: boolean;
  lastVacuum: number | null;
}

export interface ArchiverState {
  mode: string;
  failedCount: number;
  archivedCount: number;
  lastFailedTime: number | null;
  lastArchivedTime: number | null;
  lastFailedWal: string | null;
}

export interface Suspects {
  /** Server clock of the reading (epoch s). */
  now: number;
  blockers: Blocker[];
  idleInXact: SuspectSession[];
  longQueries: SuspectSession[];
  horizon: HorizonHolder | null;
  /** Client backends connected in the last `windowS` seconds and still there. */
  newBackends: { count: number; windowS: number };
  tables: TableBehind[];
  archiver: ArchiverState | null;
  wraparound: { database: string; xidAge: number } | null;
}

function session(r: Row): SuspectSession {
  return {
    pid: Number(r.pid),
    backendStart: num(r.backend_start),
    application: str(r.app),
    user: str(r.usr),
    database: str(r.db),
    state: str(r.state),
    xactStart: num(r.xact_start),
    since: num(r.since),
    query: str(r.query),
  };
}

/** The statement's rows as one value. */
export function parseSuspects(rows: readonly Row[]): Suspects {
  const out: Suspects = { now: 0, blockers: [], idleInXact: [], longQueries: [], horizon: null, newBackends: { count: 0, windowS: STORM_WINDOW_S }, tables: [], archiver: null, wraparound: null };
  for (const r of rows) {
    switch (r.kind) {
      case 'now':
        out.now = Number(r.since);
        break;
      case 'blocker':
        out.blockers.push({ ...session(r), blocked: Number(r.n ?? 0) });
        break;
      case 'idle_xact':
        out.idleInXact.push(session(r));
        break;
      case 'long_query':
        out.longQueries.push(session(r));
        break;
      case 'xmin':
        out.horizon = { ...session(r), xidAge: Number(r.age ?? 0), deadTuples: num(r.n) };
        break;
      case 'new_backends':
        out.newBackends = { count: Number(r.n ?? 0), windowS: Number(r.m ?? STORM_WINDOW_S) };
        break;
      case 'table':
        out.tables.push({
          relid: Number(r.pid),
          name: String(r.name ?? ''),
          deadTuples: Number(r.n ?? 0),
          liveTuples: Number(r.m ?? 0),
          trigger: Number(r.k ?? 0),
          autovacuumOff: r.state === 'autovacuum off',
          lastVacuum: num(r.since),
        });
        break;
      case 'archiver':
        out.archiver = {
          mode: String(r.state ?? ''),
          failedCount: Number(r.n ?? 0),
          archivedCount: Number(r.m ?? 0),
          lastFailedTime: num(r.xact_start),
          lastArchivedTime: num(r.since),
          lastFailedWal: str(r.name),
        };
        break;
      case 'wraparound':
        out.wraparound = { database: String(r.name ?? ''), xidAge: Number(r.age ?? 0) };
        break;
    }
  }
  return out;
}

export const problemsCollector: Collector<Suspects> = {
  id: 'problems',
  query: 'problems',
  everyMs: PROBLEMS_EVERY_MS,
  params: (ctx) => [ctx.ownPids, QUERY_CHARS, STORM_WINDOW_S],
  parse: (rows) => parseSuspects(rows),
  fixHint(failure, ctx) {
    if (failure.kind === 'privilege') return `GRANT pg_monitor TO ${ctx.caps.currentUser};`;
    return undefined;
  },
};
