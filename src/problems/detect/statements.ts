/**
 * A hot statement: one pg_stat_statements entry taking most of the database's execution time over
 * the last interval. Needs two readings of the statements collector (the statements pane, snapshot
 * and check read it; the other panes do not, and then this problem is not judged).
 */
import type { Statement } from '../../data/collectors/statements';
import { intervalRates, readingOf, type Reading } from '../../data/statementRates';
import { percent } from '../../format';
import { trusted } from '../../text/sanitize';
import type { Candidate } from '../types';
import { say, shortQuery } from '../text';
import { judge, type DetectContext } from './context';

/** Execution time per second (ms/s) below which the database is too idle for shares to mean anything. */
export const MIN_DB_MS_PER_S = 100;

// Nested statements' time is inside their caller's: count top-level entries only (14+).
const topLevel = (r: Reading): Reading => ({ ...r, rows: r.rows.filter((s) => s.toplevel !== false) });

export function statementProblems(ctx: DetectContext): Candidate[] {
  const curr = readingOf(ctx.snap);
  const prev = readingOf(ctx.prev);
  if (!curr || !prev || curr.at === prev.at) return [];
  // The statements pane's interval rates: resets (stats_reset, an entry's stats_since, counters
  // going backwards) give no rate rather than a wrong one.
  const rates = intervalRates(topLevel(prev), topLevel(curr));
  const total = rates.totalExecMs;
  if (total < MIN_DB_MS_PER_S) return [];
  let hot: { s: Statement; ms: number; calls: number } | undefined;
  for (const s of curr.rows) {
    const r = rates.byKey.get(s.key);
    if (r && r.execMs > (hot?.ms ?? 0)) hot = { s, ms: r.execMs, calls: r.calls };
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
