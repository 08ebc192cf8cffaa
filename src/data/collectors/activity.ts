import { arrayRows, type ArrayRows, type Collector } from '../collector';
import { str, num } from '../values';
import { summaryCollector, summaryFromActivity, summaryFromArrays } from './summary';

/** One row of pg_stat_activity, raw: strings here are untrusted and must be sanitized before display. */
export interface Backend {
  /** Identity that survives refreshes and is not fooled by pid reuse: pid + backend_start. */
  key: string;
  pid: number;
  backendStart: number;
  database: string | null;
  user: string | null;
  application: string | null;
  clientAddr: string | null;
  clientHostname: string | null;
  clientPort: number | null;
  backendType: string | null;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  xactStart: number | null;
  queryStart: number | null;
  stateChange: number | null;
  backendXid: string | null;
  backendXmin: string | null;
  xminAge: number | null;
  leaderPid: number | null;
  queryId: string | null;
  /** Pids this backend waits for (only filled while it waits on a heavyweight lock). */
  blockedBy: number[] | null;
  query: string | null;
  /**
   * Fetched for the header's counts only (an idle session or background process the pane does not
   * list): pid, state, transaction start and a background process's type are set; the rest is
   * null, backendType too for a client backend.
   */
  partial: boolean;
}


/** Identity key of a backend. */
export const backendKey = (pid: number, backendStart: number | null): string => `${pid}:${backendStart ?? ''}`;

/** The columns a Backend is read from, and their index in the row (-1: absent). */
const COLUMNS = [
  'pid', 'backend_start', 'database', 'user', 'application', 'client_addr', 'client_hostname', 'client_port', 'backend_type', 'state',
  'wait_event_type', 'wait_event', 'xact_start', 'query_start', 'state_change', 'backend_xid', 'backend_xmin', 'xmin_age', 'leader_pid',
  'query_id', 'blocked_by', 'query', 'partial',
] as const;
type Index = Record<(typeof COLUMNS)[number], number>;

function toBackend(r: readonly unknown[], i: Index): Backend {
  const pid = Number(r[i.pid]);
  const backendStart = Number(r[i.backend_start]);
  const blockedBy = r[i.blocked_by];
  return {
    key: backendKey(pid, backendStart),
    pid,
    backendStart,
    database: str(r[i.database]),
    user: str(r[i.user]),
    application: str(r[i.application]),
    clientAddr: str(r[i.client_addr]),
    clientHostname: str(r[i.client_hostname]),
    clientPort: num(r[i.client_port]),
    backendType: str(r[i.backend_type]),
    state: str(r[i.state]),
    waitEventType: str(r[i.wait_event_type]),
    waitEvent: str(r[i.wait_event]),
    xactStart: num(r[i.xact_start]),
    queryStart: num(r[i.query_start]),
    stateChange: num(r[i.state_change]),
    backendXid: str(r[i.backend_xid]),
    backendXmin: str(r[i.backend_xmin]),
    xminAge: num(r[i.xmin_age]),
    leaderPid: num(r[i.leader_pid]),
    queryId: str(r[i.query_id]),
    blockedBy: Array.isArray(blockedBy) ? (blockedBy as number[]) : null,
    query: str(r[i.query]),
    partial: r[i.partial] === true,
  };
}

/**
 * Backends from the rows read as arrays (the poller reads them so: no object per row from the
 * driver, one per backend here). The row with no pid carries the header's database figures.
 */
export function backendsFromArrays(set: ArrayRows): Backend[] {
  const i = Object.fromEntries(COLUMNS.map((c) => [c, set.columns[c] ?? -1])) as Index;
  const out: Backend[] = [];
  for (const r of set.rows) if (r[i.pid] != null) out.push(toBackend(r, i));
  return out;
}

/** Which backends a refresh brings: idle sessions and background processes are optional. */
export interface ActivityScope {
  idle: boolean;
  background: boolean;
}

const scoped = new Map<string, Collector<Backend[]>>();

/**
 * The activity collector for a scope. Every scope shares the id `activity` (readers need not
 * know which ran) and the same object is returned for the same scope, so the poller can tell
 * a change of scope from a repeat.
 */
export function activityCollectorFor(scope: ActivityScope): Collector<Backend[]> {
  const id = `${scope.idle}/${scope.background}`;
  let c = scoped.get(id);
  if (!c) {
    c = {
      id: 'activity',
      query: 'activity',
      params: (ctx) => [ctx.ownPids, scope.idle, scope.background],
      parse: (rows) => backendsFromArrays(arrayRows(rows)),
      parseArrays: backendsFromArrays,
      // Every backend comes back (partial when not listed): the header counts them from these rows.
      provides: [{ collector: summaryCollector, parse: summaryFromActivity, parseArrays: summaryFromArrays }],
      fixHint(failure, ctx) {
        if (failure.kind === 'privilege') return `GRANT pg_monitor TO ${ctx.caps.currentUser};`;
        return undefined;
      },
    };
    scoped.set(id, c);
  }
  return c;
}

/** Every backend but our own: snapshot --json, checklists, and the pane showing idle and background. */
export const activityCollector: Collector<Backend[]> = activityCollectorFor({ idle: true, background: true });
