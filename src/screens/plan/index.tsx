/**
 * The plan screen: the last EXPLAIN as a foldable tree with its red flags. Reached from Activity
 * and Statements with `e`, or with `P` to look at the last plan again. Navigation moves between
 * nodes; left/right (plan.fold / plan.unfold) fold and unfold; `a` asks for EXPLAIN ANALYZE in the
 * App's confirmation, `y` runs it (asked again when the statement may write or lock). A statement
 * pgwarden cannot plan with its author's rights asks first whether to plan it with pgwarden's own.
 */
import { planAction, planOf } from './state';
import React from 'react';
import { planLines } from '../../explain/render';
import { safe, safeLine, trusted } from '../../text/sanitize';
import { NO_SERVER_REASON, sourceTitle } from '../../explain/service';
import { confirmAnalyzeText } from '../../explain/runner';
import type { CommandId } from '../../keys/commands';
import type { CommandHandler, CommandTable, ScreenContext, ScreenDef } from '../types';
import { PlanScreen } from './PlanScreen';
import { ancestorsOf, type PlanAction, type PlanState } from './state';

/** Node ids in display order, folds respected (the glyphs do not matter for ids). */
function visibleIds(plan: PlanState): string[] {
  if (!plan.outcome) return [];
  return planLines(plan.outcome.result, [], new Set(plan.folded), { treeMid: '', treeLast: '', treePipe: '' }).map((l) => l.nodeId);
}

const dispatchPlan = (ctx: ScreenContext, action: PlanAction) => ctx.store.dispatch(planAction(action));

function move(ctx: ScreenContext, plan: PlanState, id: CommandId): void {
  const ids = visibleIds(plan);
  if (!ids.length) return;
  const i = Math.max(0, plan.selected ? ids.indexOf(plan.selected) : 0);
  const page = Math.max(1, ctx.height - 8);
  const delta: Record<string, number> = { 'nav.up': -1, 'nav.down': 1, 'nav.pageUp': -page, 'nav.pageDown': page, 'nav.top': -ids.length, 'nav.bottom': ids.length };
  const next = Math.max(0, Math.min(ids.length - 1, i + (delta[id] ?? 0)));
  dispatchPlan(ctx, { type: 'select', nodeId: ids[next]! });
}

function hasChildren(plan: PlanState, id: string | null): boolean {
  return !!plan.outcome?.result.nodes.find((n) => n.id === id)?.children.length;
}

const toast = (ctx: ScreenContext, text: string) => ctx.store.dispatch({ type: 'toast', text: trusted(text), at: ctx.now() });

/** A command on the plan shown; without one there is nothing to act on, and the key does nothing. */
function onPlan(run: (ctx: ScreenContext, plan: PlanState) => void): CommandHandler {
  return {
    run(ctx) {
      const plan = planOf(ctx.state.ui);
      if (plan) run(ctx, plan);
    },
  };
}

const moveBy = (id: CommandId) => onPlan((ctx, plan) => move(ctx, plan, id));

function analyze(ctx: ScreenContext, plan: PlanState): void {
  if (plan.source.kind === 'file') return toast(ctx, NO_SERVER_REASON);
  if (ctx.readOnly) return toast(ctx, 'EXPLAIN ANALYZE runs the statement: not in --read-only mode');
  if (plan.outcome?.mode === 'generic') return toast(ctx, 'a generic plan has no parameter values to run with: EXPLAIN ANALYZE needs a runnable statement');
  if (plan.status !== 'running')
    ctx.store.dispatch({ type: 'open.confirm', request: { kind: 'explain', step: 'analyze', source: plan.source, message: confirmAnalyzeText(), analyze: true, allowWrites: false, screen: 'plan' } });
}

/** The plan screen's commands; arrows move between nodes, left / right fold and unfold. */
export const PLAN_COMMANDS: CommandTable = {
  'nav.up': moveBy('nav.up'),
  'nav.down': moveBy('nav.down'),
  'nav.pageUp': moveBy('nav.pageUp'),
  'nav.pageDown': moveBy('nav.pageDown'),
  'nav.top': moveBy('nav.top'),
  'nav.bottom': moveBy('nav.bottom'),
  'plan.back': {
    run(ctx) {
      ctx.store.dispatch({ type: 'screen', id: planOf(ctx.state.ui)?.returnTo ?? 'activity' });
    },
  },
  'plan.fold': onPlan((ctx, plan) => {
    const sel = plan.selected;
    if (sel && hasChildren(plan, sel) && !plan.folded.includes(sel)) dispatchPlan(ctx, { type: 'fold', nodeId: sel, folded: true });
    else if (sel && sel.includes('.')) dispatchPlan(ctx, { type: 'select', nodeId: ancestorsOf(sel).pop()! });
  }),
  'plan.unfold': onPlan((ctx, plan) => {
    if (plan.selected) dispatchPlan(ctx, { type: 'fold', nodeId: plan.selected, folded: false });
  }),
  'plan.toggleFold': onPlan((ctx, plan) => {
    const sel = plan.selected;
    if (sel && hasChildren(plan, sel)) dispatchPlan(ctx, { type: 'fold', nodeId: sel, folded: !plan.folded.includes(sel) });
  }),
  'plan.nextFlag': onPlan((ctx, plan) => {
    // Flags are ranked by what they cost: n walks from the most expensive to the least.
    const flagged = [...new Set((plan.outcome?.flags ?? []).map((f) => f.nodeId))];
    if (!flagged.length) return;
    const cur = plan.selected ? flagged.indexOf(plan.selected) : -1;
    dispatchPlan(ctx, { type: 'unfold-path', nodeId: flagged[(cur + 1) % flagged.length]! });
  }),
  'plan.query': onPlan((ctx, plan) => {
    if (plan.source.kind === 'file' && !plan.source.query) return toast(ctx, 'the file holds no statement text (auto_explain logs it; EXPLAIN output does not)');
    const raw = plan.source.query ?? '';
    ctx.store.dispatch({ type: 'open.viewer', title: safeLine(sourceTitle(plan.source)), text: safe(raw), raw });
  }),
  'plan.raw': onPlan((ctx, plan) => {
    if (!plan.outcome) return;
    // A plan read from a file is shown as it was read (JSON, text or log lines).
    const raw = typeof plan.outcome.raw === 'string' ? plan.outcome.raw : JSON.stringify(plan.outcome.raw, null, 2);
    const title = plan.source.kind === 'file' ? safeLine(`${plan.source.name} as read`) : trusted('EXPLAIN (FORMAT JSON)');
    ctx.store.dispatch({ type: 'open.viewer', title, text: safe(raw), raw });
  }),
  'plan.analyze': onPlan(analyze),
};

function Screen(ctx: ScreenContext): React.ReactElement {
  return <PlanScreen plan={planOf(ctx.state.ui)} width={ctx.width} height={ctx.height} readOnly={ctx.readOnly} />;
}

export const planScreen: ScreenDef = {
  id: 'plan',
  title: 'Plan',
  command: 'screen.plan',
  collectors: [],
  rowKeys: () => [],
  legend: [
    ['!! / !', 'red flag on the node (bad / warning); n jumps to the next by what it costs, the panel shows its share, why and the fix'],
    ['bold', 'the most expensive nodes: self time (ANALYZE) or self cost (estimate)'],
    ['rows N est M', 'actual rows per loop vs the planner estimate; (10x under/over) marks a misestimate'],
    ['[+N]', 'N nodes folded under this one (right or Enter unfolds)'],
  ],
  commands: PLAN_COMMANDS,
  Component: Screen,
};
