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

const sameList = (a: number[] | null, b: unknown): boolean =>
  Array.isArray(b) ? a !== null && a.length === b.length && a.every((x, k) => x === b[k]) : a === null && b == null;

/**
 * Whether `b`, read by the previous refresh, reads exactly as row `r`. Most backends are the same
 * from one refresh to the next (an idle session, a long query): keeping their object spares the
 * allocation, and lets whatever compares snapshots (memos, the rewind's deltas) see them unchanged.
 */
function unchanged(b: Backend, r: readonly unknown[], i: Index): boolean {
  return (
    b.pid === Number(r[i.pid]) &&
    b.backendStart === Number(r[i.backend_start]) &&
    b.state === str(r[i.state]) &&
    b.xactStart === num(r[i.xact_start]) &&
    b.queryStart === num(r[i.query_start]) &&
    b.stateChange === num(r[i.state_change]) &&
    b.waitEventType === str(r[i.wait_event_type]) &&
    b.waitEvent === str(r[i.wait_event]) &&
    b.partial === (r[i.partial] === true) &&
    b.backendType === str(r[i.backend_type]) &&
    b.xminAge === num(r[i.xmin_age]) &&
    b.backendXid === str(r[i.backend_xid]) &&
    b.backendXmin === str(r[i.backend_xmin]) &&
    b.queryId === str(r[i.query_id]) &&
    b.query === str(r[i.query]) &&
    b.database === str(r[i.database]) &&
    b.user === str(r[i.user]) &&
    b.application === str(r[i.application]) &&
    b.clientAddr === str(r[i.client_addr]) &&
    b.clientHostname === str(r[i.client_hostname]) &&
    b.clientPort === num(r[i.client_port]) &&
    b.leaderPid === num(r[i.leader_pid]) &&
    sameList(b.blockedBy, r[i.blocked_by])
  );
}

/**
 * The backend each row array was read into. The driver gives back the very same array for a row
 * whose bytes did not change since the last refresh (src/data/db-rows.ts): its backend is then
 * the one made from it, without comparing a field.
 */
const backendOfRow = new WeakMap<readonly unknown[], Backend>();

/**
 * Backends from the rows read as arrays (the poller reads them so: no object per row from the
 * driver, one per backend here). The row with no pid carries the header's database figures.
 * `previous`, the backends of the refresh before, gives back the object of every backend whose
 * row did not change: looked for at the same position first (pg_stat_activity keeps its order
 * while no backend comes or goes), then by pid.
 */
export function backendsFromArrays(set: ArrayRows, previous?: readonly Backend[]): Backend[] {
  const i = Object.fromEntries(COLUMNS.map((c) => [c, set.columns[c] ?? -1])) as Index;
  const out: Backend[] = [];
  let byPid: Map<number, Backend> | undefined;
  for (const r of set.rows) {
    if (r[i.pid] == null) continue;
    const same = backendOfRow.get(r);
    if (same) {
      out.push(same);
      continue;
    }
    if (previous?.length) {
      let b = previous[out.length];
      if (!b || b.pid !== Number(r[i.pid])) b = (byPid ??= new Map(previous.map((p) => [p.pid, p]))).get(Number(r[i.pid]));
      if (b && unchanged(b, r, i)) {
        backendOfRow.set(r, b);
        out.push(b);
        continue;
      }
    }
    const b = toBackend(r, i);
    backendOfRow.set(r, b);
    out.push(b);
  }
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
      parseArrays: (set, ctx) => backendsFromArrays(set, ctx.previous as Backend[] | undefined),
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
