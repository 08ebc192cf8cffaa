/**
 * A check a user checklist defines by SQL: one statement, run on a connection of its own (never
 * between the poller's statements) in a READ ONLY transaction with statement_timeout and
 * lock_timeout, through the extended protocol (which parses exactly one statement, so nothing
 * can end the transaction and write after it), then rolled back. Names are looked up in
 * pg_catalog first (the one-off connection pins search_path): qualify your tables. Its rows are
 * evidence like any check's, raw server text that the display sanitizes.
 */
import type { OneOffConnection } from '../data/db';
import { classify } from '../data/errors';
import { gradeHigh, gradeLow, worst } from './checks/define';
import type { CheckRef, CheckResult } from './types';

/** How long a user's statement may run, and wait on a lock. */
export const USER_SQL_TIMEOUT = '5s';
export const USER_SQL_LOCK_TIMEOUT = '1s';
const MAX_ROWS = 20;
const MAX_CELL = 200;

/** A connection of its own for one user check, closed afterwards. */
export type OneOff = <T>(fn: (conn: OneOffConnection) => Promise<T>) => Promise<T>;

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)).slice(0, MAX_CELL);

export async function runUserSql(oneOff: OneOff, stepId: string, ref: CheckRef): Promise<CheckResult> {
  let rows: Record<string, unknown>[];
  try {
    rows = await oneOff(async (c) => {
      await c.query('BEGIN READ ONLY');
      try {
        await c.query(`SET LOCAL statement_timeout = '${USER_SQL_TIMEOUT}'`);
        await c.query(`SET LOCAL lock_timeout = '${USER_SQL_LOCK_TIMEOUT}'`);
        return (await c.query(ref.sql!.replace(/;\s*$/, ''))).rows;
      } finally {
        await c.query('ROLLBACK').catch(() => undefined);
      }
    });
  } catch (err) {
    const f = classify(err);
    if (f.kind === 'connection' || f.kind === 'shutdown') throw err;
    return { outcome: 'unknown', summary: `could not check: ${f.message}`, findings: [] };
  }
  const column = ref.column!;
  const th = ref.thresholds ?? {};
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  if (rows.length > 0 && !columns.includes(column)) return { outcome: 'unknown', summary: `the statement returns no column "${column}" (it returns ${columns.join(', ')})`, findings: [] };
  const grade = (r: Record<string, unknown>) => {
    const v = Number(r[column]);
    if (r[column] === null || !Number.isFinite(v)) return 'unknown' as const;
    return ref.below ? gradeLow(v, th) : gradeHigh(v, th);
  };
  const grades = rows.map(grade);
  const bad = rows.filter((_, i) => grades[i] === 'warn' || grades[i] === 'fail');
  const notNumbers = grades.filter((g) => g === 'unknown').length;
  const limit = `${ref.below ? 'below' : 'at or above'} ${th.warn ?? th.fail}`;
  // A row is named by its first column: its identity week over week.
  const id = (r: Record<string, unknown>) => `sql:${stepId}:${text(r[columns[0]!])}`;
  return {
    outcome: notNumbers > 0 && bad.length === 0 ? 'unknown' : worst(grades.filter((g) => g !== 'unknown')),
    summary: `${rows.length} rows; ${bad.length} with ${column} ${limit}${notNumbers > 0 ? `; ${notNumbers} rows where ${column} is not a number` : ''}`,
    evidence: { columns, rows: rows.slice(0, MAX_ROWS).map((r) => columns.map((c) => text(r[c]))) },
    findings: bad.map(id),
  };
}
