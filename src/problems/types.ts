/** What the problems evaluator produces: one judged problem, ready to show and to serialize. */
import { compareIds } from '../text/order';
import type { SafeText } from '../text/sanitize';
import type { Severity } from './thresholds';

export type { Severity } from './thresholds';

/** What a problem is about, as scripts key it. */
export type SubjectKind = 'pid' | 'table' | 'standby' | 'queryid' | 'slot' | 'database' | 'server';

export interface Subject {
  kind: SubjectKind;
  /** A pid, schema.table, standby name, queryid, slot name or database name (raw, not for display). */
  value: string;
}

/** The pane that shows a problem's culprit, and its row there. */
export interface PaneRef {
  /** Screen id (activity, locks, statements, replication, vacuum, horizon, checklist). */
  screen: string;
  /** The key that opens it. */
  key: string;
  /** The row key to select there (backend key pid:backend_start, table relid, statement key, standby key), if any. */
  row?: string;
}

export interface Problem {
  /** Stable across refreshes while it lasts: kind and identity of the culprit (`lock-blocker:4242:1733390000.123`). */
  id: string;
  severity: Severity;
  subject: Subject;
  /** One display-safe sentence naming the culprit. */
  text: SafeText;
  pane: PaneRef;
  /** When it was first seen (server clock, epoch ms). */
  since: number;
}

/** A problem as a detector sees it in one evaluation, before the hold decides whether it shows. */
export type Candidate = Omit<Problem, 'since'> & {
  /**
   * The figure already measures how long the condition has lasted (a replay position that has
   * not moved for N seconds, judged against its own limit): shown without the hold.
   */
  held?: boolean;
};

/** Critical first, then the oldest. */
export function byWeight(a: Problem, b: Problem): number {
  if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  return a.since - b.since || compareIds(a.id, b.id);
}
