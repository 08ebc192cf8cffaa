/**
 * What an action on a backend is about, free of driver and React types: the screens build a
 * request, the confirmation dialog shows it, the action runner carries it out.
 */

/** pg_cancel_backend (the running query) or pg_terminate_backend (the whole session). */
export type ActionKind = 'cancel' | 'terminate';

/** A backend as the operator saw it when asking; raw server text (sanitize before display). */
export interface ActionTarget {
  pid: number;
  /** Epoch seconds as the screens read it: with the pid, the backend's identity. Null when our
   * role may not read it (no pg_read_all_stats): then pid + role + database stand in. */
  backendStart: number | null;
  /** False when the backend is not in pg_stat_activity at all (ended, or a prepared transaction). */
  listed?: boolean;
  user: string | null;
  database: string | null;
  application: string | null;
  clientAddr: string | null;
  backendType: string | null;
  state: string | null;
  query: string | null;
  /** Age of the open transaction (s). */
  xactAgeS: number | null;
  /** Time in the current state (s). */
  stateAgeS: number | null;
  /** How long it has waited for a lock (s), when it waits. */
  waitedS: number | null;
  /** Sessions waiting behind it in the blocking tree, when it blocks any. */
  behind: number | null;
  /** The leader of a parallel worker. */
  leaderPid?: number | null;
}

/** A backend the operator asked for but that will not be signalled, and why. */
export interface Skipped {
  pid: number;
  reason: string;
}

import type { BouncerRequest } from './pgbouncer';
import type { StatementRequest } from './statementRequest';

/**
 * What the one confirmation dialog can ask about: a backend signal, a PgBouncer console command,
 * or a statement pgwarden would run for the operator (EXPLAIN ANALYZE, a checklist fix, an exact
 * bloat read). Each is shown in full by components/ConfirmDialog and carried out, after an
 * explicit y, by the one dispatcher (screens/confirmed.ts).
 */
export type ConfirmRequest = SignalRequest | StatementRequest;

/** The requests the action runner carries out: signals to backends, commands to PgBouncer's console. */
export type SignalRequest = ActionRequest | BouncerRequest;

/** One confirmed-or-not request: shown by the dialog, run only after an explicit yes. */
export interface ActionRequest {
  kind: ActionKind;
  targets: ActionTarget[];
  skipped: Skipped[];
  /** Warnings worth reading before saying yes (cancel on an idle transaction does nothing …). */
  notes: string[];
  /** Screen the request came from: its tags are cleared once the action ran. */
  screen: string;
}

/** What happened to one target. */
export type Outcome =
  | 'signalled'
  | 'gone'
  | 'recycled'
  | 'denied'
  | 'not-signalled'
  | 'refused'
  | 'error';

export interface TargetResult {
  target: ActionTarget;
  outcome: Outcome;
  /** One line for the operator: the server's message, the reason, or the grant that would help. */
  detail: string;
}
