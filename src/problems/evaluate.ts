/**
 * The problems evaluator: pure, (readings, last state, limits) → (problems shown, next state).
 *
 * The hold works as alert rules with `for:` do. A problem a detector reports is pending until it
 * has been reported by `raiseAfter` consecutive evaluations; then it shows. A shown problem is
 * judged against limits moved by the margin (see `grade`), and clears only once it has been absent
 * for `clearAfter` consecutive evaluations; until then it keeps its last sentence. A pending
 * problem that is not reported again is forgotten at once. One-shot commands pass NO_HOLD.
 */
import type { Snapshot } from '../data/collector';
import { emptyMemory, type DetectContext, type Detector, type Memory } from './detect/context';
import { replicationProblems } from './detect/replication';
import { serverProblems } from './detect/server';
import { sessionProblems } from './detect/sessions';
import { statementProblems } from './detect/statements';
import { DEFAULT_HOLD, DEFAULT_THRESHOLDS, type Hold, type Severity, type Thresholds } from './thresholds';
import { byWeight, type Candidate, type Problem } from './types';

const DETECTORS: readonly Detector[] = [sessionProblems, replicationProblems, serverProblems, statementProblems];

interface Tracked {
  candidate: Candidate;
  since: number;
  /** Consecutive evaluations that reported it (0 once it went missing). */
  seen: number;
  /** Consecutive evaluations that did not. */
  missed: number;
  shown: boolean;
}

/** What one evaluation hands to the next. Treat as opaque. */
export interface ProblemState {
  tracked: Readonly<Record<string, Tracked>>;
  memory: Memory;
}

export const initialProblemState = (): ProblemState => ({ tracked: {}, memory: emptyMemory() });

export interface EvaluateInput {
  snap: Snapshot;
  /** The reading before `snap` (rates need two). */
  prev?: Snapshot;
  maxConnections: number | null;
  thresholds?: Thresholds;
  hold?: Hold;
}

export interface Evaluation {
  /** Shown problems, critical first, then the oldest. */
  problems: Problem[];
  /** Reported but not held long enough yet (for tests and a "pending" marker). */
  pending: Problem[];
  state: ProblemState;
}

export function evaluate(input: EvaluateInput, state: ProblemState = initialProblemState()): Evaluation {
  const hold = input.hold ?? DEFAULT_HOLD;
  const after = emptyMemory();
  const previous = (id: string): Severity | undefined => {
    const t = state.tracked[id];
    return t && (t.shown || t.missed === 0) ? t.candidate.severity : undefined;
  };
  const ctx: DetectContext = {
    snap: input.snap,
    prev: input.prev,
    maxConnections: input.maxConnections,
    th: input.thresholds ?? DEFAULT_THRESHOLDS,
    margin: hold.margin,
    previous,
    before: state.memory,
    after,
  };
  const candidates = DETECTORS.flatMap((d) => d(ctx));
  const tracked: Record<string, Tracked> = {};
  for (const c of candidates) {
    const t = state.tracked[c.id];
    const seen = t && t.missed === 0 ? t.seen + 1 : 1;
    tracked[c.id] = { candidate: c, since: t?.since ?? input.snap.takenAt, seen, missed: 0, shown: Boolean(t?.shown) || Boolean(c.held) || seen >= hold.raiseAfter };
  }
  for (const [id, t] of Object.entries(state.tracked)) {
    if (tracked[id] || !t.shown) continue;
    const missed = t.missed + 1;
    if (missed < hold.clearAfter) tracked[id] = { ...t, seen: 0, missed };
  }
  const all = Object.values(tracked).map(({ candidate: { held: _, ...c }, since }) => ({ ...c, since }));
  return {
    problems: all.filter((p) => tracked[p.id]!.shown).sort(byWeight),
    pending: all.filter((p) => !tracked[p.id]!.shown).sort(byWeight),
    state: { tracked, memory: after },
  };
}
