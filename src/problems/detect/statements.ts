/**
 * A hot statement: one pg_stat_statements entry taking most of the database's execution time over
 * the last interval. Needs two readings of the statements collector (the statements pane, snapshot
 * and check read it; the other panes do not, and then this problem is not judged).
 */
import type { CollectorResult } from '../../data/collector';
import { statementsCollector, type Statement } from '../../data/collectors/statements';
import { rowRates } from '../../data/rates';
import { percent } from '../../format';
import { trusted } from '../../text/sanitize';
import type { Candidate } from '../types';
import { say, shortQuery } from '../text';
import { judge, type DetectContext } from './context';

/** Execution time per second (ms/s) below which the database is too idle for shares to mean anything. */
export const MIN_DB_MS_PER_S = 100;

const okRows = (r: CollectorResult | undefined): { rows: Statement[]; at: number } | undefined =>
  r?.state === 'ok' ? { rows: r.data as Statement[], at: r.at } : undefined;

export function statementProblems(ctx: DetectContext): Candidate[] {
  const curr = okRows(ctx.snap.results[statementsCollector.id]);
  const prev = okRows(ctx.prev?.results[statementsCollector.id]);
  if (!curr || !prev || curr.at === prev.at) return [];
  // Nested statements' time is inside their caller's: count top-level entries only (14+).
  const top = (rows: Statement[]) => rows.filter((s) => s.toplevel !== false);
  const rates = rowRates({ rows: top(prev.rows), at: prev.at }, { rows: top(curr.rows), at: curr.at }, (s) => s.key, ['totalExecMs', 'calls'] as const, 'statsSince');
  let total = 0;
  for (const r of rates.values()) total += r.totalExecMs ?? 0;
  if (total < MIN_DB_MS_PER_S) return [];
  let hot: { s: Statement; ms: number; calls: number } | undefined;
  for (const s of curr.rows) {
    const r = rates.get(s.key);
    const ms = r?.totalExecMs ?? 0;
    if (r && ms > (hot?.ms ?? 0)) hot = { s, ms, calls: r.calls ?? 0 };
  }
  if (!hot) return [];
  const id = `hot-statement:${hot.s.queryId ?? hot.s.key}`;
  const share = hot.ms / total;
  const severity = judge(ctx, id, 'hotStatementShare', share);
  if (!severity) return [];
  const mean = hot.calls > 0 ? hot.ms / hot.calls : null;
  return [
    {
      id,
      severity,
      subject: { kind: 'queryid', value: hot.s.queryId ?? hot.s.key },
      text: say`statement '${shortQuery(hot.s.query)}' is ${percent(share)} of database time now (${trusted(hot.calls < 10 ? hot.calls.toFixed(1) : String(Math.round(hot.calls)))} calls/s, ${mean === null ? trusted('?') : trusted(`${mean < 10 ? mean.toFixed(1) : Math.round(mean)} ms`)} mean)`,
      pane: { screen: 'statements', key: '3', row: hot.s.key },
    },
  ];
}
