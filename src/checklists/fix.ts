/**
 * Turning a step's suggested SQL into one statement that may be run, after confirmation, on the
 * action session: placeholders are filled from the check's evidence (plain identifiers only), the
 * statement's locks are described in words, and statements PostgreSQL refuses inside a
 * transaction block are recognised.
 */
import type { Evidence } from './types';

/** A statement ready to be confirmed and run. */
export interface FixPlan {
  sql: string;
  /** What the statement locks, in plain words, when it blocks other sessions. */
  warning?: string;
  /** False for statements that cannot run inside BEGIN … COMMIT (VACUUM, … CONCURRENTLY). */
  transaction: boolean;
}

// A placeholder names the evidence column that fills it.
const COLUMN: Record<string, string> = { table: 'table', oldest_table: 'table', index: 'index', duplicate_index: 'index', slot: 'slot' };
// Only names that need no quoting are filled in: anything else could change the statement.
const PLAIN = /^[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)?$/;

function strip(sql: string): string {
  return sql
    .split('\n')
    .map((l) => l.replace(/--.*$/, ''))
    .join('\n')
    .trim();
}

/** The lock a statement takes that stops other sessions, in words; undefined when it does not. */
export function lockWarning(sql: string): string | undefined {
  const s = sql.replace(/\s+/g, ' ').trim().toUpperCase();
  if (/^VACUUM ?\([^)]*\bFULL\b/.test(s) || /^VACUUM FULL\b/.test(s))
    return 'VACUUM FULL takes an ACCESS EXCLUSIVE lock: every read and write of the table waits for the whole rewrite, which also needs room for a second copy. pg_repack rewrites the table online instead.';
  if (/^CLUSTER\b/.test(s)) return 'CLUSTER takes an ACCESS EXCLUSIVE lock: every read and write of the table waits for the whole rewrite.';
  if (/^REINDEX\b/.test(s) && !/\bCONCURRENTLY\b/.test(s)) return 'REINDEX without CONCURRENTLY blocks every write to the table, and reads that would use the index, until it ends.';
  if (/^ALTER TABLE\b/.test(s)) return 'ALTER TABLE takes an exclusive lock on the table (ACCESS EXCLUSIVE for most forms): queries on it wait, and some forms rewrite it.';
  if (/^LOCK\b/.test(s)) return 'LOCK holds an exclusive lock on the table until the transaction ends.';
  if (/^DROP INDEX\b/.test(s) && !/\bCONCURRENTLY\b/.test(s)) return 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table.';
  return undefined;
}

/** PostgreSQL refuses these inside a transaction block. */
export function needsNoTransaction(sql: string): boolean {
  const s = sql.replace(/\s+/g, ' ').trim().toUpperCase();
  return /^VACUUM\b/.test(s) || /^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\b/.test(s) || /^REINDEX\b.*\bCONCURRENTLY\b/.test(s);
}

/**
 * The statement to run for a step, or why there is none: comments dropped, `<schema>.<table>`
 * style placeholders filled from the first evidence row, exactly one statement.
 */
export function planFix(sql: string, evidence: Evidence | undefined): FixPlan | { error: string } {
  let text = strip(sql);
  const row = evidence?.rows[0];
  text = text.replace(/(?:<schema>\.)?<([a-z_]+)>/g, (whole, name: string) => {
    const col = COLUMN[name];
    const i = col && evidence ? evidence.columns.indexOf(col) : -1;
    const value = i >= 0 ? row?.[i] : undefined;
    if (value === undefined || !PLAIN.test(value)) return whole;
    return whole.startsWith('<schema>') || !value.includes('.') ? value : whole;
  });
  const left = /<[a-z_]+>/.exec(text);
  if (left) return { error: `${left[0]} is not known from the check's evidence: copy the SQL (y) and run it by hand` };
  const statements = text.split(';').map((x) => x.trim()).filter(Boolean);
  if (statements.length === 0) return { error: 'the suggested SQL is only a comment: nothing to run' };
  if (statements.length > 1) return { error: 'the suggestion has more than one statement: copy it (y) and run it by hand' };
  const one = statements[0]!;
  return { sql: `${one};`, warning: lockWarning(one), transaction: !needsNoTransaction(one) };
}
