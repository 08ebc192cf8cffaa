/** What runs now and what ran: long queries, idle transactions, lock waits, the xmin horizon, top statements. */
import { activityCollector, type Backend } from '../../data/collectors/activity';
import { horizonCollector } from '../../data/collectors/horizon';
import { statementsCollector } from '../../data/collectors/statements';
import { count, duration, xidAge } from '../../format';
import { fromCollector } from '../sources';
import { backendTarget } from '../../actions/target';
import type { BackendRef, Unseen } from '../types';
import { counted, grantStats, withUnseen } from './coverage';
import { defineCheck, gradeHigh, pct, worst, type CheckEnv } from './define';

const activity = fromCollector(activityCollector);
const oneLine = (q: string | null, n = 80): string => (q ?? '').replace(/\s+/g, ' ').slice(0, n);
const backendRow = (b: Backend, secs: number): string[] => [String(b.pid), b.user ?? '', b.database ?? '', b.state ?? '', String(duration(secs)), oneLine(b.query)];
/** Enough of the query for the confirmation and the audit log, without filling the state file. */
const QUERY_KEPT = 500;

/** What pg_stat_activity shows in place of the query of a backend our role may not see. */
export const HIDDEN_QUERY = '<insufficient privilege>';

/**
 * Backends whose state, times and query PostgreSQL hides from a role without pg_read_all_stats
 * (other roles' sessions, and server processes): a check over sessions cannot judge them.
 * Their identity (backend_start) is hidden too, so the findings they might be are not named.
 */
export function hiddenBackends(backends: readonly Backend[], env: CheckEnv): Unseen[] {
  if (env.caps.isSuperuser || env.caps.readAllStats) return [];
  const n = backends.filter((b) => b.query === HIDDEN_QUERY).length;
  return n === 0 ? [] : [{ reason: `${counted(n, 'backend')} whose state this role cannot see (other roles' sessions, server processes)`, grant: grantStats(env.caps) }];
}

/** The backend behind an evidence row, for a fix that signals it (the activity pane's action target, as of the check). */
export function backendRef(b: Backend, nowS: number): BackendRef {
  const { listed: _listed, behind: _behind, ...ref } = backendTarget(b, nowS * 1000);
  return { ...ref, query: ref.query === null ? null : ref.query.slice(0, QUERY_KEPT) };
}

export const longRunning = defineCheck({
  id: 'long_running',
  title: 'Long-running queries',
  thresholdsDoc: 'warn/fail: seconds an active query has been running',
  defaults: { warn: 60, fail: 300 },
  sources: [activity],
  evaluate([backends], th, env) {
    const secs = (b: Backend): number => env.nowS - (b.queryStart ?? env.nowS);
    const hits = backends.filter((b) => b.state === 'active' && b.backendType === 'client backend' && gradeHigh(secs(b), th) !== 'pass').sort((a, b) => secs(b) - secs(a));
    return withUnseen(
      {
        outcome: worst(hits.map((b) => gradeHigh(secs(b), th))),
        summary: hits.length === 0 ? `no query has run longer than ${String(duration(th.warn ?? 60))}` : `${hits.length} queries running longer than ${String(duration(th.warn ?? 60))}`,
        evidence: { columns: ['pid', 'user', 'database', 'state', 'running', 'query'], rows: hits.map((b) => backendRow(b, secs(b))) },
        findings: hits.map((b) => `long_running:${b.key}`),
        backends: hits.map((b) => backendRef(b, env.nowS)),
      },
      hiddenBackends(backends, env),
    );
  },
});

export const idleInTransaction = defineCheck({
  id: 'idle_in_transaction',
  title: 'Sessions idle in transaction',
  thresholdsDoc: 'warn/fail: seconds a session has sat idle inside an open transaction',
  defaults: { warn: 60, fail: 600 },
  sources: [activity],
  evaluate([backends], th, env) {
    // An idle open transaction holds its locks and its snapshot: vacuum cannot clean behind it.
    const secs = (b: Backend): number => env.nowS - (b.stateChange ?? env.nowS);
    const hits = backends.filter((b) => (b.state ?? '').startsWith('idle in transaction') && gradeHigh(secs(b), th) !== 'pass').sort((a, b) => secs(b) - secs(a));
    return withUnseen(
      {
        outcome: worst(hits.map((b) => gradeHigh(secs(b), th))),
        summary: hits.length === 0 ? 'no session idles inside a transaction' : `${hits.length} sessions idle in transaction`,
        evidence: { columns: ['pid', 'user', 'database', 'state', 'idle for', 'last query'], rows: hits.map((b) => backendRow(b, secs(b))) },
        findings: hits.map((b) => `idle_in_transaction:${b.key}`),
        backends: hits.map((b) => backendRef(b, env.nowS)),
      },
      hiddenBackends(backends, env),
    );
  },
});

export const blockedSessions = defineCheck({
  id: 'blocked_sessions',
  title: 'Sessions waiting on locks',
  thresholdsDoc: 'warn/fail: number of sessions waiting on a heavyweight lock',
  defaults: { warn: 1, fail: 10 },
  sources: [activity],
  evaluate([backends], th, env) {
    const waiting = backends.filter((b) => b.waitEventType === 'Lock');
    return withUnseen(
      {
        outcome: gradeHigh(waiting.length, th),
        summary: waiting.length === 0 ? 'no session waits on a lock' : `${waiting.length} sessions wait on locks`,
        evidence: { columns: ['pid', 'user', 'database', 'state', 'waiting', 'blocked by', 'query'], rows: waiting.map((b) => { const r = backendRow(b, env.nowS - (b.stateChange ?? env.nowS)); return [...r.slice(0, 5), (b.blockedBy ?? []).join(' '), r[5]!]; }) },
        findings: waiting.length === 0 ? [] : ['blocked_sessions'],
        backends: waiting.map((b) => backendRef(b, env.nowS)),
      },
      hiddenBackends(backends, env),
    );
  },
});

export const xminHorizon = defineCheck({
  id: 'xmin_horizon',
  title: 'What holds back the xmin horizon',
  thresholdsDoc: 'warn/fail: transactions (XID age) the oldest holder keeps vacuum from cleaning behind',
  defaults: { warn: 10_000_000, fail: 100_000_000 },
  // Every role sees every backend's xmin (horizon.sql keeps other roles' sessions): nothing unseen.
  sources: [fromCollector(horizonCollector)],
  evaluate([holders], th) {
    const sorted = [...holders].filter((h) => h.xminAge !== null).sort((a, b) => b.xminAge! - a.xminAge!);
    const bad = sorted.filter((h) => gradeHigh(h.xminAge!, th) !== 'pass');
    return {
      outcome: worst(bad.map((h) => gradeHigh(h.xminAge!, th))),
      summary: sorted[0] ? `oldest holder: ${sorted[0].kind} ${sorted[0].name} at XID age ${String(xidAge(sorted[0].xminAge))}` : 'nothing holds the horizon back',
      evidence: { columns: ['kind', 'name', 'pid', 'state', 'xmin age'], rows: sorted.slice(0, 10).map((h) => [h.kind, h.name, h.pid === null ? '' : String(h.pid), h.state ?? '', String(xidAge(h.xminAge))]) },
      findings: bad.map((h) => `xmin_horizon:${h.key}`),
    };
  },
});

export const topStatements = defineCheck({
  id: 'top_statements',
  title: 'Top statements by total time',
  thresholdsDoc: 'warn/fail: share of all execution time taken by the single heaviest statement (0.5 = 50 %)',
  defaults: { warn: 0.5, fail: 0.8 },
  sources: [fromCollector(statementsCollector)],
  evaluate([all], th) {
    // pgwarden's own monitoring statements are not the workload being reviewed.
    const stmts = all.filter((s) => !s.own);
    const total = stmts.reduce((s, x) => s + x.totalExecMs, 0);
    const top = [...stmts].sort((a, b) => b.totalExecMs - a.totalExecMs).slice(0, 10);
    const share = top[0] && total > 0 ? top[0].totalExecMs / total : 0;
    const outcome = top.length === 0 ? 'unknown' : gradeHigh(share, th);
    return {
      outcome,
      summary: top.length === 0 ? 'pg_stat_statements has no entries yet' : `heaviest statement takes ${pct(share)} of ${String(duration(total / 1000))} total execution time`,
      evidence: { columns: ['queryid', 'calls', 'total', 'mean', 'share', 'query'], rows: top.map((s) => [s.queryId ?? '', String(count(s.calls)), String(duration(s.totalExecMs / 1000)), `${s.meanExecMs.toFixed(1)} ms`, pct(total > 0 ? s.totalExecMs / total : 0), oneLine(s.query)]) },
      findings: outcome === 'warn' || outcome === 'fail' ? [`top_statement:${top[0]!.queryId ?? ''}`] : [],
    };
  },
});
