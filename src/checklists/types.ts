/**
 * Checklists are data: a list of steps, each with a reason, an optional live check, a suggested
 * remediation and the pane that answers it. Built-in checklists live in `defs/`; users add their
 * own as JSON files of the same shape (see load.ts).
 */
import type { ActionTarget } from '../actions/types';

/** The verdict of one check. `unknown`: the check could not run or has too little to go on. */
export type Outcome = 'pass' | 'warn' | 'fail' | 'unknown';

/** Warn/fail limits of a check. Their unit depends on the check (see its `thresholds` doc). */
export interface Thresholds {
  warn?: number;
  fail?: number;
  /** Ignore objects below this size/count (rows, bytes …), so tiny tables do not raise alarms. */
  min?: number;
}

/**
 * A part of what a check judges that it could not read: rows hidden from our role, objects
 * locked while it ran. A check with an unseen part never passes (it is `unknown`); a warn or a
 * fail found in what it did see still wins, and the unseen part is said alongside.
 */
export interface Unseen {
  /** What was not read and why, in words: "2 tables skipped: locked (ACCESS EXCLUSIVE held by pid 123)". */
  reason: string;
  /** The statement(s) that would let the role read it, when a privilege is missing (`<role>` filled in). */
  grant?: string;
  /**
   * The identities the unseen part covers, in the form of {@link CheckResult.findings}, when known:
   * a finding of last week among them is "not checked", not "resolved". Absent: it could be any.
   */
  items?: string[];
}

/** Rows of evidence, as plain strings (raw server text: sanitize before display). */
export interface Evidence {
  columns: string[];
  rows: string[][];
}

/**
 * Figures a check records at each run so the next runs can compute a trajectory (sizes, WAL
 * position, connection counts), stored as JSON in the step's record. Each check reads back its
 * own figures defensively: a state file may be old, hand-edited or from another version.
 */
export type Metrics = { [name: string]: number | string | null | boolean | { [key: string]: number } };

/** What a check found. */
export interface CheckResult {
  outcome: Outcome;
  /** One line: the figure that decided the outcome, with the threshold it was held against. */
  summary: string;
  evidence?: Evidence;
  /**
   * Stable identities of the problems found (`index:public.t_a_idx`), compared week over week to
   * tell new findings from resolved ones and ones still there.
   */
  findings: string[];
  /** Figures kept for the next runs' trajectory (see {@link Metrics}). */
  metrics?: Metrics;
  /** What the check could not read (see {@link Unseen}); absent or empty: it saw everything it judges. */
  unseen?: Unseen[];
  /**
   * The backends the evidence rows are about, row for row, when a check lists sessions: a fix
   * that needs a `<pid>` acts on exactly the backend the check saw (pid and backend_start).
   */
  backends?: BackendRef[];
}

/**
 * A backend as a check saw it: what an action on it needs (the confirmation shows it, the signal
 * checks pid and backend_start against it). Raw server text.
 */
export type BackendRef = Omit<ActionTarget, 'listed' | 'behind'>;

/**
 * Where a step sends the operator: a screen id and, for a table screen, a filter (its text or
 * /regex/ syntax). To the activity pane, a step whose evidence has a `pid` column goes filtered
 * on those pids instead.
 */
export interface Jump {
  screen: string;
  filter?: string;
}

/** A suggested fix: SQL to copy (never run by the checklist) and/or an action in words. */
export interface Remediation {
  sql?: string;
  action?: string;
}

/** A reference from a step to a built-in check, with the step's own thresholds. */
export interface CheckRef {
  /** A built-in check's id; {@link USER_SQL_CHECK} for a check the user defined by `sql`. */
  id: string;
  thresholds?: Thresholds;
  /**
   * A user checklist's own check: one read-only statement, run in a read-only transaction with
   * statement_timeout and lock_timeout on a connection of its own; each row's `column` is graded
   * against the thresholds (higher is worse, or lower with `below`).
   */
  sql?: string;
  column?: string;
  below?: boolean;
  /**
   * For `base_backup_age`: a program (argv, no shell) from the user's own checklist file that
   * prints the last base backup's end time (ISO 8601 or epoch seconds) on its first line; run
   * with a timeout, its output cut and stripped of control characters.
   */
  command?: string[];
}

/** The id a step's check takes when the user defined it by SQL. */
export const USER_SQL_CHECK = 'sql';

export interface StepDef {
  id: string;
  title: string;
  /** Why it matters, one or two sentences. */
  why: string;
  /** Absent: a manual step the operator ticks off. */
  check?: CheckRef;
  remediation?: Remediation;
  jump?: Jump;
}

export interface ChecklistDef {
  /** Name used on the command line: `pgwarden checklist <id>`. */
  id: string;
  title: string;
  kind: 'maintenance' | 'runbook';
  description: string;
  steps: StepDef[];
  /** Where it came from: 'built-in' or the user's file path. */
  source?: string;
}
