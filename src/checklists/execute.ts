/**
 * Running a confirmed fix with bounded waits: lock_timeout 2 s so it never queues behind (and in
 * front of) a long transaction, statement_timeout 60 s so it cannot run away. SET LOCAL inside a
 * transaction where possible; statements PostgreSQL refuses in a transaction block get
 * session-level settings, reset afterwards because the action session is kept open.
 */
import { needsNoTransaction } from './fix';

/** The statement_timeout a fix runs under (the SETs below spell it). */
export const FIX_STATEMENT_TIMEOUT_MS = 60_000;

export type ExecQuery = (text: string, params: unknown[]) => Promise<{ rowCount?: number | null }>;

/** Runs one statement; resolves to a one-line outcome, rejects with the server's error. */
export async function executeFix(query: ExecQuery, sql: string): Promise<string> {
  if (needsNoTransaction(sql)) {
    await query("SET lock_timeout = '2s'", []);
    await query("SET statement_timeout = '60s'", []);
    try {
      await query(sql, []);
    } finally {
      await query('RESET lock_timeout', []).catch(() => undefined);
      await query('RESET statement_timeout', []).catch(() => undefined);
    }
    return 'done';
  }
  await query('BEGIN', []);
  try {
    await query("SET LOCAL lock_timeout = '2s'", []);
    await query("SET LOCAL statement_timeout = '60s'", []);
    const r = await query(sql, []);
    await query('COMMIT', []);
    return r.rowCount != null ? `done (${r.rowCount} rows)` : 'done';
  } catch (err) {
    await query('ROLLBACK', []).catch(() => undefined);
    throw err;
  }
}
