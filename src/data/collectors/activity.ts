import type { Collector } from '../collector';
import type { Row } from '../db';
import { str, num } from '../values';
import { summaryCollector, summaryFromActivity } from './summary';

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

function toBackend(r: Row): Backend {
  const pid = Number(r.pid);
  const backendStart = Number(r.backend_start);
  return {
    key: backendKey(pid, backendStart),
    pid,
    backendStart,
    database: str(r.database),
    user: str(r.user),
    application: str(r.application),
    clientAddr: str(r.client_addr),
    clientHostname: str(r.client_hostname),
    clientPort: num(r.client_port),
    backendType: str(r.backend_type),
    state: str(r.state),
    waitEventType: str(r.wait_event_type),
    waitEvent: str(r.wait_event),
    xactStart: num(r.xact_start),
    queryStart: num(r.query_start),
    stateChange: num(r.state_change),
    backendXid: str(r.backend_xid),
    backendXmin: str(r.backend_xmin),
    xminAge: num(r.xmin_age),
    leaderPid: num(r.leader_pid),
    queryId: str(r.query_id),
    blockedBy: Array.isArray(r.blocked_by) ? (r.blocked_by as number[]) : null,
    query: str(r.query),
    partial: r.partial === true,
  };
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
      // The row with no pid carries the header's database figures.
      parse: (rows) => rows.filter((r) => r.pid !== null && r.pid !== undefined).map(toBackend),
      // Every backend comes back (partial when not listed): the header counts them from these rows.
      provides: [{ collector: summaryCollector, parse: summaryFromActivity }],
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
