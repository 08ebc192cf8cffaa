/**
 * A listed backend as the target of an action: what the confirmation shows and what the signal
 * re-checks. The activity pane and the checklists build their targets here.
 */
import type { Backend } from '../data/collectors/activity';
import { ageOf } from '../data/values';
import type { ActionTarget } from './types';

/** The action target for a row of pg_stat_activity, aged at `nowMs` (server clock). */
export function backendTarget(b: Backend, nowMs: number, behind: number | null = null): ActionTarget {
  return {
    pid: b.pid,
    // A role without pg_read_all_stats reads no backend_start for other roles' backends.
    backendStart: Number.isFinite(b.backendStart) && b.backendStart > 0 ? b.backendStart : null,
    listed: true,
    user: b.user,
    database: b.database,
    application: b.application,
    clientAddr: b.clientAddr,
    backendType: b.backendType,
    state: b.state,
    query: b.query,
    xactAgeS: ageOf(b.xactStart, nowMs),
    stateAgeS: ageOf(b.stateChange, nowMs),
    waitedS: b.waitEventType === 'Lock' ? ageOf(b.stateChange, nowMs) : null,
    behind: behind || null,
    leaderPid: b.leaderPid,
  };
}
