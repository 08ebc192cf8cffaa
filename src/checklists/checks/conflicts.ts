/**
 * Replay against queries on a standby (the replication-lag runbook run there): queries cancelled
 * by replay conflicts, and a standby whose replay waits for its queries without limit.
 */
import { recoveryCollector } from '../../data/collectors/replication';
import { duration } from '../../format';
import { fromCollector, type Source } from '../sources';
import { num, str } from '../../data/values';
import { sqlFor } from '../../data/sql/registry';
import { counted, grantStats, withUnseen } from './coverage';
import { defineCheck, gradeHigh, worst } from './define';

interface DatabaseConflicts {
  database: string;
  snapshot: number;
  lock: number;
  bufferpin: number;
  deadlock: number;
  tablespace: number;
  statsReset: number | null;
}

interface StandbyConflicts {
  databases: DatabaseConflicts[];
  hotStandbyFeedback: string;
  /** max_standby_streaming_delay in ms; -1 waits for ever. */
  streamingDelayMs: number | null;
  oldestQueryS: number | null;
  /** Client sessions whose state our role may not see: a query among them could hold replay. */
  hiddenSessions: number;
}

const conflictsSource: Source<StandbyConflicts> = {
  id: 'checklist_standby_conflicts',
  sql: (ctx) => sqlFor('checklist_standby_conflicts', ctx.caps.major).text,
  params: (ctx) => [ctx.ownPids],
  parse: (rows) => ({
    databases: rows.map((r) => ({
      database: String(r.database ?? ''),
      snapshot: num(r.confl_snapshot) ?? 0,
      lock: num(r.confl_lock) ?? 0,
      bufferpin: num(r.confl_bufferpin) ?? 0,
      deadlock: num(r.confl_deadlock) ?? 0,
      tablespace: num(r.confl_tablespace) ?? 0,
      statsReset: num(r.stats_reset),
    })),
    hotStandbyFeedback: str(rows[0]?.hot_standby_feedback) ?? '',
    streamingDelayMs: num(rows[0]?.streaming_delay_ms),
    oldestQueryS: num(rows[0]?.oldest_query_s),
    hiddenSessions: num(rows[0]?.hidden_sessions) ?? 0,
  }),
};

const total = (d: DatabaseConflicts): number => d.snapshot + d.lock + d.bufferpin + d.deadlock + d.tablespace;

export const standbyConflicts = defineCheck({
  id: 'standby_conflicts',
  title: 'Replay and queries on the standby',
  thresholdsDoc: 'warn/fail: queries cancelled by replay conflicts on this standby since the statistics reset; a replay that waits without limit (max_standby_streaming_delay = -1) behind a running query warns',
  defaults: { warn: 1 },
  sources: [conflictsSource, fromCollector(recoveryCollector)],
  evaluate([c, recovery], th, env) {
    if (!recovery.inRecovery) return { outcome: 'unknown', summary: 'this is the primary: replay conflicts happen on a standby; connect pgwarden to the standby and run this step there (pg_stat_database_conflicts)', findings: [] };
    const cancelled = c.databases.reduce((n, d) => n + total(d), 0);
    const hit = c.databases.filter((d) => total(d) > 0);
    const delay = c.streamingDelayMs === null ? 'unknown' : c.streamingDelayMs < 0 ? '-1 (replay waits for queries without limit)' : String(duration(c.streamingDelayMs / 1000));
    // With -1, replay waits for as long as a conflicting query runs: lag grows with the query.
    const held = c.streamingDelayMs !== null && c.streamingDelayMs < 0 && (recovery.replayLagBytes ?? 0) > 0 && (c.oldestQueryS ?? 0) > 0;
    const oldest = c.oldestQueryS === null ? 'no query running here' : `oldest query running here ${String(duration(c.oldestQueryS))}`;
    const reset = hit.map((d) => d.statsReset).filter((x): x is number => x !== null);
    // A database never reset counts since it was created: no one date then.
    const since = reset.length && reset.length === hit.length ? ` since ${new Date(Math.min(...reset) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC` : ' since the statistics reset';
    const unseen = c.hiddenSessions > 0 && !env.caps.isSuperuser && !env.caps.readAllStats ? [{ reason: `${counted(c.hiddenSessions, 'session')} of other roles whose queries this role cannot see (one could hold replay)`, grant: grantStats(env.caps) }] : [];
    return withUnseen({
      outcome: worst([gradeHigh(cancelled, th), held ? 'warn' : 'pass']),
      summary: `${cancelled} queries cancelled by replay conflicts${since}; max_standby_streaming_delay ${delay}, hot_standby_feedback ${c.hotStandbyFeedback}; ${oldest}${held ? ': replay may be waiting for it (the long-running step lists it)' : ''}`,
      evidence: { columns: ['database', 'snapshot', 'lock', 'buffer pin', 'deadlock', 'tablespace'], rows: hit.map((d) => [d.database, String(d.snapshot), String(d.lock), String(d.bufferpin), String(d.deadlock), String(d.tablespace)]) },
      findings: [...hit.map((d) => `standby_conflicts:${d.database}`), ...(held ? ['standby_conflicts:replay waits'] : [])],
    }, unseen);
  },
});
