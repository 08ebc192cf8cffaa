/**
 * pg_stat_statements judged over the week: each session keeps a reading of the statements'
 * counters (../reading.ts), so "this week" is the difference since the last session, not the
 * sum since the last reset. One reading serves the statements' checks below; each step keeps
 * its own copy (a step's history is its own), pruned to the latest sessions.
 */
import { statementsCollector, statementsInfoCollector, type Statement, type StatementsInfo } from '../../data/collectors/statements';
import { count, duration } from '../../format';
import { lastReading, since, toMetrics, type Basis, type Counters } from '../reading';
import { fromCollector, type Source } from '../sources';
import type { CheckResult, Evidence, Thresholds, Unseen } from '../types';
import { counted, grantStats, withUnseen } from './coverage';
import type { CheckEnv } from './define';

export const STATEMENT_COUNTERS = ['calls', 'ms', 'hit', 'read', 'rows'] as const;
/** Statements kept in a reading: the heaviest by time, by calls and by blocks read (their union). */
const KEEP_BY_TIME = 200;
const KEEP_BY_CALLS = 100;
const KEEP_BY_READS = 100;

export const statementsSource = fromCollector(statementsCollector);
/** The last full reset (14+); without it, a reset is known only from counters that went backwards. */
export const statementsInfoSource: Source<StatementsInfo | null> = { ...fromCollector(statementsInfoCollector), fallback: () => null };

/** One statement's figures since the last session. */
export interface WeekRow {
  s: Statement;
  d: Counters;
  basis: Basis;
  /** Its mean at the last reading (time / calls up to then): the baseline; null when unknown. */
  baselineMean: number | null;
}

export interface Week {
  rows: WeekRow[];
  /** Server time of the last reading, or null on the first session. */
  since: number | null;
  metrics: ReturnType<typeof toMetrics>;
  /** Statements of other roles whose identity and text our role may not see. */
  unseen: Unseen[];
}

const countersOf = (s: Statement): Counters => ({ calls: s.calls, ms: s.totalExecMs, hit: s.sharedHit, read: s.sharedRead, rows: s.rows });

function kept(stmts: readonly Statement[]): Statement[] {
  const top = (by: (s: Statement) => number, n: number): Statement[] => [...stmts].sort((a, b) => by(b) - by(a)).slice(0, n);
  return [...new Set([...top((s) => s.totalExecMs, KEEP_BY_TIME), ...top((s) => s.calls, KEEP_BY_CALLS), ...top((s) => s.sharedRead, KEEP_BY_READS)])];
}

/** The week's figures of every statement our role may see, and the reading to keep. */
export function weekOf(all: readonly Statement[], info: StatementsInfo | null, env: CheckEnv): Week {
  // Without pg_read_all_stats, other roles' entries come back without queryid or text.
  const hidden = all.filter((s) => s.queryId === null).length;
  // pgwarden's own statements (its monitoring and the checks' reads, marked by data/sql/own.ts) are not the
  // application's workload: a slow catalog read under load is no finding, as the statements pane hides them.
  // pgwarden's own statements (its monitoring and the checks' reads, marked by data/sql/own.ts) are not the
  // application's workload: a slow catalog read under load is no finding, as the statements pane hides them.
  const stmts = all.filter((s) => s.queryId !== null && !s.own);
  const before = lastReading(env.history, STATEMENT_COUNTERS, env.nowS);
  const resetSince = before !== undefined && info?.statsReset != null && info.statsReset > before.at;
  const rows = stmts.map((s) => {
    const prev = before?.objects.get(s.key);
    // 17+: an entry whose counters started after the last reading is new, whatever was kept.
    const fresh = before !== undefined && s.statsSince !== null && s.statsSince > before.at;
    const { delta, basis } = since(countersOf(s), fresh ? undefined : prev, STATEMENT_COUNTERS, resetSince);
    const baselineMean = basis === 'week' && prev && prev.calls! > 0 ? prev.ms! / prev.calls! : null;
    return { s, d: delta, basis, baselineMean };
  });
  const unseen: Unseen[] = hidden === 0 ? [] : [{ reason: `${counted(hidden, 'statement')} of other roles (no queryid or text for this role)`, grant: grantStats(env.caps) }];
  return { rows, since: before?.at ?? null, metrics: toMetrics(env.nowS, new Map(kept(stmts).map((s) => [s.key, countersOf(s)])), STATEMENT_COUNTERS), unseen };
}

const BASIS: Record<Basis, string> = { week: 'last session', reset: 'stats reset', new: 'not in last reading' };
const oneLine = (q: string | null, n = 80): string => (q ?? '').replace(/\s+/g, ' ').slice(0, n);
const ms = (v: number): string => `${v.toFixed(1)} ms`;
const mean = (r: WeekRow): number => (r.d.calls! > 0 ? r.d.ms! / r.d.calls! : 0);

/** `since the last session (2026-11-28)` or `since the statistics reset (first reading)`. */
export function period(w: Week): string {
  return w.since === null ? 'since the statistics reset (first reading: from the next session on, since the last one)' : `since the last session (${new Date(w.since * 1000).toISOString().slice(0, 10)})`;
}

/** Evidence rows of statements, with the week's figures and how they were counted. */
export function statementEvidence(rows: readonly WeekRow[], extra?: { column: string; value(r: WeekRow): string }): Evidence {
  return {
    columns: ['queryid', 'calls', 'total', 'mean', 'baseline mean', ...(extra ? [extra.column] : []), 'counted since', 'query'],
    rows: rows.map((r) => [
      r.s.queryId ?? '',
      String(count(r.d.calls!)),
      String(duration(r.d.ms! / 1000)),
      ms(mean(r)),
      r.baselineMean === null ? '' : ms(r.baselineMean),
      ...(extra ? [extra.value(r)] : []),
      BASIS[r.basis],
      oneLine(r.s.query),
    ]),
  };
}

/** A statements check's result: the reading kept, what could not be seen applied. */
export function weekResult(w: Week, r: Omit<CheckResult, 'metrics'>): CheckResult {
  return withUnseen({ ...r, metrics: w.metrics }, w.unseen);
}

/** Calls below which a statement's mean says little (a step's `min`). */
export const minCalls = (th: Thresholds, dflt: number): number => th.min ?? dflt;
export { mean };
