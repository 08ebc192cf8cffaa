/**
 * The statements' checks of the weekly session, over this week's figures (see statementsWeek.ts):
 * the heaviest this week, the ones whose mean rose against their baseline, the slow ones, the ones
 * reading from disk, and the N+1 shape. Limits from the operations guides (README, "Weekly maintenance").
 */
import { count, duration } from '../../format';
import { grantStats } from './coverage';
import { defineCheck, type CheckEnv, gradeAbove, gradeHigh, gradeLow, pct, worst } from './define';
import { mean, minCalls, period, statementEvidence, statementsInfoSource, statementsSource, weekOf, weekResult, type WeekRow } from './statementsWeek';

const TOP = 10;

export const statementsWeek = defineCheck({
  id: 'statements_week',
  title: 'Top statements this week',
  thresholdsDoc: 'warn/fail: share of this week\'s execution time taken by the single heaviest statement (0.5 = 50 %)',
  defaults: { warn: 0.5, fail: 0.8 },
  sources: [statementsSource, statementsInfoSource],
  evaluate([stmts, info], th, env) {
    const w = weekOf(stmts, info, env);
    const total = w.rows.reduce((s, r) => s + r.d.ms!, 0);
    const top = w.rows.filter((r) => r.d.calls! > 0).sort((a, b) => b.d.ms! - a.d.ms!).slice(0, TOP);
    const share = top[0] && total > 0 ? top[0].d.ms! / total : 0;
    const outcome = top.length === 0 ? 'unknown' : gradeHigh(share, th);
    return weekResult(w, {
      outcome,
      summary: top.length === 0 ? `no statement ran ${period(w)}` : `heaviest statement takes ${pct(share)} of ${String(duration(total / 1000))} execution time ${period(w)}`,
      evidence: statementEvidence(top, { column: 'share', value: (r) => pct(total > 0 ? r.d.ms! / total : 0) }),
      findings: outcome === 'warn' || outcome === 'fail' ? [`top_statement:${top[0]!.s.queryId ?? ''}`] : [],
    });
  },
});

export const statementRegressions = defineCheck({
  id: 'statement_regressions',
  title: 'Statements slower than their baseline',
  thresholdsDoc: 'warn/fail: this week\'s mean time as a multiple of the mean up to the last session (2 = the guides\' "latency above 2x baseline"); min: calls this week for a statement to be judged',
  defaults: { warn: 2, min: 10 },
  sources: [statementsSource, statementsInfoSource],
  evaluate([stmts, info], th, env) {
    const w = weekOf(stmts, info, env);
    if (w.since === null) return weekResult(w, { outcome: 'unknown', summary: 'first reading: each statement\'s baseline mean is taken now and compared from the next session on', findings: [] });
    const ratio = (r: WeekRow): number => (r.baselineMean! > 0 ? mean(r) / r.baselineMean! : 0);
    const judged = w.rows.filter((r) => r.baselineMean !== null && r.d.calls! >= minCalls(th, 10));
    const bad = judged.filter((r) => gradeAbove(ratio(r), th) !== 'pass').sort((a, b) => ratio(b) - ratio(a));
    return weekResult(w, {
      outcome: worst(bad.map((r) => gradeAbove(ratio(r), th))),
      summary: bad.length === 0 ? `no statement's mean rose above ${th.warn ?? 2}x its baseline ${period(w)} (${judged.length} with a baseline and ${minCalls(th, 10)} calls or more)` : `${bad.length} statements' mean above ${th.warn ?? 2}x their baseline ${period(w)}; worst ${ratio(bad[0]!).toFixed(1)}x`,
      evidence: statementEvidence(bad.slice(0, TOP), { column: 'x baseline', value: (r) => `${ratio(r).toFixed(1)}x` }),
      findings: bad.map((r) => `statement_regression:${r.s.queryId}`),
    });
  },
});

export const slowStatements = defineCheck({
  id: 'slow_statements',
  title: 'Statements averaging over 100 ms',
  thresholdsDoc: 'warn/fail: mean execution time this week in milliseconds (the guides: 100 ms); min: calls this week for a statement to be judged',
  defaults: { warn: 100, min: 1 },
  sources: [statementsSource, statementsInfoSource],
  evaluate([stmts, info], th, env) {
    const w = weekOf(stmts, info, env);
    const slow = w.rows.filter((r) => r.d.calls! >= minCalls(th, 1) && gradeAbove(mean(r), th) !== 'pass').sort((a, b) => mean(b) - mean(a));
    return weekResult(w, {
      outcome: worst(slow.map((r) => gradeAbove(mean(r), th))),
      summary: slow.length === 0 ? `no statement averaged over ${th.warn ?? 100} ms ${period(w)}` : `${slow.length} statements averaged over ${th.warn ?? 100} ms ${period(w)}; slowest ${mean(slow[0]!).toFixed(0)} ms over ${String(count(slow[0]!.d.calls!))} calls`,
      evidence: statementEvidence(slow.slice(0, TOP)),
      findings: slow.map((r) => `slow_statement:${r.s.queryId}`),
    });
  },
});

/** Block accesses this week below which a statement's hit ratio is not judged. */
const MIN_BLOCKS = 10_000;

export const statementCacheHit = defineCheck({
  id: 'statement_cache_hit',
  title: 'Statements reading from disk',
  thresholdsDoc: 'warn/fail: share of a statement\'s block accesses this week served from shared buffers (0.99 = 99 %, the guides\' cache floor); below is bad; min: block accesses this week for a statement to be judged',
  defaults: { warn: 0.99, fail: 0.95, min: MIN_BLOCKS },
  sources: [statementsSource, statementsInfoSource],
  evaluate([stmts, info], th, env) {
    const w = weekOf(stmts, info, env);
    const ratio = (r: WeekRow): number => r.d.hit! / Math.max(1, r.d.hit! + r.d.read!);
    const low = w.rows.filter((r) => r.d.hit! + r.d.read! >= (th.min ?? MIN_BLOCKS) && gradeLow(ratio(r), th) !== 'pass').sort((a, b) => b.d.read! - a.d.read!);
    return weekResult(w, {
      outcome: worst(low.map((r) => gradeLow(ratio(r), th))),
      summary: low.length === 0 ? `every statement with ${String(count(th.min ?? MIN_BLOCKS))} block accesses or more found ${pct(th.warn ?? 0.99)} of them in shared buffers ${period(w)}` : `${low.length} statements below ${pct(th.warn ?? 0.99)} of their blocks in shared buffers ${period(w)}`,
      evidence: statementEvidence(low.slice(0, TOP), { column: 'hit ratio (blocks read)', value: (r) => `${pct(ratio(r))} (${String(count(r.d.read!))})` }),
      findings: low.map((r) => `statement_cache:${r.s.queryId}`),
    });
  },
});

/** A call under this mean returning at most a row is "cheap": one lookup of a loop. */
const CHEAP_MS = 1;

export const nPlusOne = defineCheck({
  id: 'n_plus_one',
  title: 'Many cheap calls of one statement (N+1)',
  thresholdsDoc: `warn/fail: calls this week of one statement averaging under ${CHEAP_MS} ms and at most one row per call (the shape of a query run once per row of another)`,
  defaults: { warn: 100_000 },
  sources: [statementsSource, statementsInfoSource],
  evaluate([stmts, info], th, env) {
    const w = weekOf(stmts, info, env);
    const cheap = w.rows.filter((r) => r.d.calls! > 0 && mean(r) < CHEAP_MS && r.d.rows! <= r.d.calls!);
    const hits = cheap.filter((r) => gradeHigh(r.d.calls!, th) !== 'pass').sort((a, b) => b.d.calls! - a.d.calls!);
    return weekResult(w, {
      outcome: worst(hits.map((r) => gradeHigh(r.d.calls!, th))),
      summary: hits.length === 0 ? `no cheap statement called ${String(count(th.warn ?? 100_000))} times or more ${period(w)}` : `${hits.length} cheap statements called ${String(count(th.warn ?? 100_000))} times or more ${period(w)}; most: ${String(count(hits[0]!.d.calls!))} calls`,
      evidence: statementEvidence(hits.slice(0, TOP), { column: 'rows per call', value: (r) => (r.d.rows! / r.d.calls!).toFixed(2) }),
      findings: hits.map((r) => `n_plus_one:${r.s.queryId}`),
    });
  },
});

/** The schema of the extension, under the name of the reset's `<pgss_schema>` placeholder: the prompt opens with it. */
const resetEvidence = (env: CheckEnv, at: number | null) => ({
  columns: ['pgss_schema', 'last reset (UTC)'],
  rows: [[env.caps.pgssSchema ?? '', at === null ? 'not recorded' : new Date(at * 1000).toISOString().slice(0, 16).replace('T', ' ')]],
});

export const statementsReset = defineCheck({
  id: 'statements_reset',
  title: 'Last reset of pg_stat_statements',
  thresholdsDoc: 'none: says when pg_stat_statements was last reset (14+), so a reset after an optimization is on record',
  defaults: {},
  sources: [statementsInfoSource],
  evaluate([info], _th, env) {
    if (!info) return { outcome: 'unknown', summary: `pg_stat_statements_info cannot be read (${grantStats(env.caps)})`, findings: [] };
    if (info.statsReset === null) return { outcome: 'pass', evidence: resetEvidence(env, null), summary: 'PostgreSQL 13 does not record when pg_stat_statements was reset', findings: [] };
    return { outcome: 'pass', evidence: resetEvidence(env, info.statsReset), summary: `pg_stat_statements last reset ${String(duration(Math.max(0, env.nowS - info.statsReset)))} ago (${new Date(info.statsReset * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC)`, findings: [], metrics: { statsReset: info.statsReset } };
  },
});
