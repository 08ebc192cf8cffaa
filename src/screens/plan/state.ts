/**
 * The plan screen's state, pure: which statement is explained, the outcome, folds and the selected
 * node. Kept in UiState (the plan pane, `panes.plan`) so the App's one store holds it. The
 * confirmations (ANALYZE, writes, pgwarden's rights) are the App's one dialog (actions/statementRequest.ts).
 */
import type { ExplainOutcome } from '../../explain/runner';
import { definePane, paneAction, paneState } from '../../state/panes';
import type { Action, UiState } from '../../state/ui';
import type { ExplainSource } from '../../explain/service';

export interface PlanState {
  /** Increases with every request: a late answer to an older one is dropped. */
  seq: number;
  source: ExplainSource;
  /** The screen to go back to. */
  returnTo: string;
  /** What the running or last request asked for. */
  analyze: boolean;
  allowWrites: boolean;
  status: 'running' | 'done' | 'failed';
  /** The last successful plan, kept while a new request runs or after one fails. */
  outcome: Extract<ExplainOutcome, { ok: true }> | null;
  /** Why the last request did not produce a plan. */
  error: string | null;
  folded: readonly string[];
  selected: string | null;
}

export type PlanAction =
  | { type: 'start'; seq: number; source: ExplainSource; returnTo: string; analyze: boolean; allowWrites?: boolean }
  | { type: 'result'; seq: number; outcome: ExplainOutcome }
  | { type: 'select'; nodeId: string | null }
  | { type: 'fold'; nodeId: string; folded: boolean }
  | { type: 'unfold-path'; nodeId: string };

function sameSource(a: ExplainSource, b: ExplainSource): boolean {
  return a.kind === b.kind && a.query === b.query && a.database === b.database;
}

/** Ancestor ids of a node id ("0.1.2" → "0", "0.1"). */
export function ancestorsOf(id: string): string[] {
  const parts = id.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

export function reducePlan(s: PlanState | null, a: PlanAction): PlanState | null {
  if (a.type === 'start') {
    const keep = s && sameSource(s.source, a.source);
    return {
      seq: a.seq,
      source: a.source,
      returnTo: keep ? s.returnTo : a.returnTo,
      analyze: a.analyze,
      allowWrites: a.allowWrites === true,
      status: 'running',
      outcome: keep ? s.outcome : null,
      error: null,
      folded: keep ? s.folded : [],
      selected: keep ? s.selected : null,
    };
  }
  if (!s) return s;
  switch (a.type) {
    case 'result': {
      if (a.seq !== s.seq) return s;
      const o = a.outcome;
      if (o.ok) {
        const ids = new Set(o.result.nodes.map((n) => n.id));
        // A re-run (ANALYZE after the estimate) usually has the same shape: keep folds and cursor.
        return {
          ...s,
          status: 'done',
          outcome: o,
          error: null,
          folded: s.folded.filter((f) => ids.has(f)),
          selected: s.selected && ids.has(s.selected) ? s.selected : o.result.root.id,
        };
      }
      // The question itself is the App's confirmation (opened by open.ts); the last plan stays shown.
      if (o.reason === 'confirm-writes' || o.reason === 'confirm-rights') return { ...s, status: 'done' };
      return { ...s, status: 'failed', error: o.message };
    }
    case 'select':
      return { ...s, selected: a.nodeId };
    case 'fold': {
      const has = s.folded.includes(a.nodeId);
      if (has === a.folded) return s;
      return { ...s, folded: a.folded ? [...s.folded, a.nodeId] : s.folded.filter((f) => f !== a.nodeId) };
    }
    case 'unfold-path': {
      const up = new Set(ancestorsOf(a.nodeId));
      return { ...s, folded: s.folded.filter((f) => !up.has(f)), selected: a.nodeId };
    }
  }
}

/** The plan screen's pane in UiState: the EXPLAIN shown, if any. */
export const PLAN_PANE = definePane<PlanState | null, PlanAction>('plan', null, reducePlan);

/** The plan shown, if any. */
export const planOf = (ui: Pick<UiState, 'panes'>): PlanState | null => paneState(ui, PLAN_PANE);

/** The store action for a change of the plan shown. */
export const planAction = (a: PlanAction): Action => paneAction(PLAN_PANE, a);
