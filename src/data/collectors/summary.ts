import { arrayRows, type ArrayRows, type Collector } from '../collector';
import type { Row } from '../db';
import { num } from '../values';

/** Header figures of one refresh (see summary.pg13.sql). Counters are cumulative; rates.ts turns them into per-second values. */
export interface Summary {
  takenAt: number;
  inRecovery: boolean;
  clientTotal: number;
  active: number;
  idle: number;
  idleInXact: number;
  otherState: number;
  /** Client backends waiting for a lock (wait_event_type Lock). */
  lockWaiting: number;
  background: number;
  longestXactS: number | null;
  oldestXminAge: number | null;
  xacts: number;
  blksHit: number;
  blksRead: number;
  statsReset: number | null;
}


export const summaryCollector: Collector<Summary> = {
  id: 'summary',
  query: 'summary',
  params: (ctx) => [ctx.ownPids],
  parse(rows) {
    const r = rows[0] ?? {};
    return {
      takenAt: Number(r.taken_at),
      inRecovery: r.in_recovery === true,
      clientTotal: Number(r.client_total ?? 0),
      active: Number(r.active ?? 0),
      idle: Number(r.idle ?? 0),
      idleInXact: Number(r.idle_in_xact ?? 0),
      otherState: Number(r.other_state ?? 0),
      lockWaiting: Number(r.lock_waiting ?? 0),
      background: Number(r.background ?? 0),
      longestXactS: num(r.longest_xact_s),
      oldestXminAge: num(r.oldest_xmin_age),
      xacts: Number(r.xacts ?? 0),
      blksHit: Number(r.blks_hit ?? 0),
      blksRead: Number(r.blks_read ?? 0),
      statsReset: num(r.stats_reset),
    };
  },
};

const IDLE_IN_XACT = new Set(['idle in transaction', 'idle in transaction (aborted)']);

/**
 * The header's figures from the activity statement's rows (every backend but our own, then one
 * row with a NULL pid carrying the database figures), as summary.pg13.sql computes them: no
 * second pass over pg_stat_activity while the activity pane is shown. Our own sessions are not
 * in those rows and not in the figures: the header describes the workload the pane lists.
 * Undefined without the database row (the header then queries on its own).
 */
export function summaryFromActivity(rows: readonly Row[]): Summary | undefined {
  return summaryFromArrays(arrayRows(rows));
}

/** {@link summaryFromActivity} from the rows read as arrays (as the poller reads them). */
export function summaryFromArrays(set: ArrayRows): Summary | undefined {
  const c = (name: string): number => set.columns[name] ?? -1;
  const [pidI, stateI, typeI, waitI, xactI, ageI] = [c('pid'), c('state'), c('backend_type'), c('wait_event_type'), c('xact_start'), c('horizon_age')];
  const first = set.rows.find((r) => r[pidI] == null);
  if (!first) return undefined;
  let clientTotal = 0;
  let active = 0;
  let idle = 0;
  let lockWaiting = 0;
  let idleInXact = 0;
  let otherState = 0;
  let background = 0;
  let oldestXact = Infinity;
  let oldestXminAge: number | null = null;
  for (const r of set.rows) {
    if (r === first) continue;
    const state = typeof r[stateI] === 'string' ? (r[stateI] as string) : null;
    if (r[typeI] == null || r[typeI] === 'client backend') {
      clientTotal++;
      if (state === 'active') active++;
      else if (state === 'idle') idle++;
      else if (state !== null && IDLE_IN_XACT.has(state)) idleInXact++;
      else if (state !== null) otherState++;
      if (r[waitI] === 'Lock') lockWaiting++;
    } else background++;
    const xact = num(r[xactI]);
    if (xact !== null && xact < oldestXact) oldestXact = xact;
    const age = num(r[ageI]);
    if (age !== null && (oldestXminAge === null || age > oldestXminAge)) oldestXminAge = age;
  }
  const f = (name: string): unknown => first[c(name)];
  const takenAt = Number(f('taken_at'));
  return {
    takenAt,
    inRecovery: f('in_recovery') === true,
    clientTotal,
    active,
    idle,
    idleInXact,
    otherState,
    lockWaiting,
    background,
    longestXactS: oldestXact === Infinity ? null : Math.max(0, takenAt - oldestXact),
    oldestXminAge,
    xacts: Number(f('xacts') ?? 0),
    blksHit: Number(f('blks_hit') ?? 0),
    blksRead: Number(f('blks_read') ?? 0),
    statsReset: num(f('stats_reset')),
  };
}

export interface DbSize {
  database: string;
  bytes: number;
}

/** Size of the connected database, every 5 minutes: pg_database_size() stats every file. */
export const dbSizeCollector: Collector<DbSize> = {
  id: 'dbsize',
  query: 'dbsize',
  everyMs: 300_000,
  parse(rows) {
    const r = rows[0] ?? {};
    return { database: String(r.database ?? ''), bytes: Number(r.bytes ?? 0) };
  },
};
