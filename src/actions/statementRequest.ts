/**
 * Confirmation requests for statements pgwarden runs on the operator's behalf on the action
 * session: EXPLAIN ANALYZE (or planning with pgwarden's own rights), a checklist step's fix, and
 * pgstattuple's exact bloat figure. Each says what will run, on what, what it locks or costs and
 * whether it commits, so one dialog can show any of them. Server text stays raw here (sanitized by
 * the dialog).
 */
import type { ExplainSource } from '../data/explainSource';
import { quoteIdent } from '../data/sql/ident';

/** EXPLAIN ANALYZE, or a plan made with pgwarden's rights: runs inside BEGIN … ROLLBACK, never commits. */
export interface ExplainConfirm {
  kind: 'explain';
  /** analyze: it executes the statement; writes: it may write or lock; rights: pgwarden's rights, not its author's. */
  step: 'analyze' | 'writes' | 'rights';
  source: ExplainSource;
  /** The question in full: what runs and what it risks (the explain runner's words). */
  message: string;
  analyze: boolean;
  allowWrites: boolean;
  screen: string;
}

/** A checklist step's remediation SQL, run as shown with bounded lock and statement timeouts. */
export interface FixConfirm {
  kind: 'fix';
  stepId: string;
  /** The exact statement that will be sent. */
  sql: string;
  /** What the statement locks, in plain words, when it blocks other sessions. */
  warning?: string;
  /** False for statements that cannot run inside BEGIN … COMMIT (VACUUM, … CONCURRENTLY). */
  transaction: boolean;
  screen: string;
}

/** pgstattuple on one table: a read of the whole table on the action session. */
export interface ExactBloatConfirm {
  kind: 'exact';
  relid: number;
  /** schema.name as the server gave it. */
  table: string;
  /** The schema pgstattuple is installed in. */
  schema: string;
  /** The table's size as the pane shows it (what the read goes through). */
  size: string;
  screen: string;
}

export type StatementRequest = ExplainConfirm | FixConfirm | ExactBloatConfirm;

/** What the dialog shows for a statement request: plain text, sanitized by the dialog. */
export interface StatementSummary {
  title: string;
  /** The statement, or the question in full. */
  body: string[];
  /** What it locks, signals or costs. */
  locks?: string;
  /** How it runs and whether it commits. */
  how: string;
  yes: string;
  no: string;
  tone: 'warn' | 'bad';
}

/** The words of the dialog for each kind; pure, so the dialog and tests read the same. */
export function summarize(r: StatementRequest, readOnly: boolean): StatementSummary {
  switch (r.kind) {
    case 'explain':
      return {
        title: r.step === 'rights' ? "Plan with pgwarden's rights?" : r.step === 'writes' ? 'Run a statement that may write?' : 'Run EXPLAIN ANALYZE?',
        body: [r.message],
        how: r.analyze ? 'runs inside BEGIN … ROLLBACK on the action session: never commits' : 'plans only (EXPLAIN without ANALYZE): nothing is executed',
        yes: r.step === 'rights' ? (readOnly ? "--read-only: not with pgwarden's rights" : "y: go on with pgwarden's rights") : 'y: run it',
        no: r.step === 'rights' && readOnly ? 'Esc: back' : 'Esc: cancel',
        tone: r.step === 'analyze' ? 'warn' : 'bad',
      };
    case 'fix':
      return {
        title: 'Run this statement on the server?',
        body: r.sql.split('\n'),
        ...(r.warning ? { locks: `Locks: ${r.warning}` } : {}),
        how: r.transaction
          ? "runs in a transaction with SET LOCAL lock_timeout = '2s', statement_timeout = '60s', and commits"
          : "cannot run in a transaction: runs with lock_timeout = '2s', statement_timeout = '60s' for this statement only (its work stays)",
        yes: 'y run it',
        no: 'n / esc do nothing',
        tone: r.warning ? 'bad' : 'warn',
      };
    case 'exact':
      return {
        title: `Read all of ${r.table} with pgstattuple?`,
        body: [`SELECT … FROM ${quoteIdent(r.schema)}.pgstattuple(${r.relid}::regclass)  -- ${r.table}`],
        locks: `reads every page of this table (${r.size}) through shared buffers; takes only an ACCESS SHARE lock`,
        how: 'a read on the action session: nothing is written, nothing to commit',
        yes: 'y: read it',
        no: 'n / Esc: keep the estimate',
        tone: 'warn',
      };
  }
}
