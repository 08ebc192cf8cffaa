/**
 * The plan screen: the last EXPLAIN as a foldable tree with its red flags. Reached from Activity
 * and Statements with `e`, or with `P` to look at the last plan again. Navigation moves between
 * nodes; left/right fold and unfold; `a` asks for EXPLAIN ANALYZE in the App's confirmation, `y`
 * runs it (asked again when the statement may write or lock). A statement pgwarden cannot plan
 * with its author's rights asks first whether to plan it with pgwarden's own, naming the risk.
 */
import React from 'react';
import { planLines } from '../../explain/render';
import { safe, safeLine, trusted } from '../../text/sanitize';
import { NO_SERVER_REASON, sourceTitle } from '../../explain/service';
import { confirmAnalyzeText } from '../../explain/runner';
import type { CommandId } from '../../keys/commands';
import type { ScreenContext, ScreenDef } from '../types';
import { PlanScreen } from './PlanScreen';
import { ancestorsOf, type PlanAction, type PlanState } from './state';

/** Node ids in display order, folds respected (the glyphs do not matter for ids). */
function visibleIds(plan: PlanState): string[] {
  if (!plan.outcome) return [];
  return planLines(plan.outcome.result, [], new Set(plan.folded), { treeMid: '', treeLast: '', treePipe: '' }).map((l) => l.nodeId);
}

const dispatchPlan = (ctx: ScreenContext, action: PlanAction) => ctx.store.dispatch({ type: 'plan', action });

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

function handle(id: CommandId, ctx: ScreenContext): boolean {
  const plan = ctx.state.ui.plan;
  if (id === 'plan.back') {
    ctx.store.dispatch({ type: 'screen', id: plan?.returnTo ?? 'activity' });
    return true;
  }
  if (!plan) return id.startsWith('plan.') || id.startsWith('nav.');
  const sel = plan.selected;
  switch (id) {
    case 'nav.up':
    case 'nav.down':
    case 'nav.pageUp':
    case 'nav.pageDown':
    case 'nav.top':
    case 'nav.bottom':
      move(ctx, plan, id);
      return true;
    case 'sort.prev': // left: fold, or go to the parent
      if (sel && hasChildren(plan, sel) && !plan.folded.includes(sel)) dispatchPlan(ctx, { type: 'fold', nodeId: sel, folded: true });
      else if (sel && sel.includes('.')) dispatchPlan(ctx, { type: 'select', nodeId: ancestorsOf(sel).pop()! });
      return true;
    case 'sort.next': // right: unfold
      if (sel) dispatchPlan(ctx, { type: 'fold', nodeId: sel, folded: false });
      return true;
    case 'plan.toggleFold':
      if (sel && hasChildren(plan, sel)) dispatchPlan(ctx, { type: 'fold', nodeId: sel, folded: !plan.folded.includes(sel) });
      return true;
    case 'plan.nextFlag': {
      // Flags are ranked by what they cost: n walks from the most expensive to the least.
      const flagged = [...new Set((plan.outcome?.flags ?? []).map((f) => f.nodeId))];
      if (!flagged.length) return true;
      const cur = sel ? flagged.indexOf(sel) : -1;
      dispatchPlan(ctx, { type: 'unfold-path', nodeId: flagged[(cur + 1) % flagged.length]! });
      return true;
    }
    case 'plan.query': {
      if (plan.source.kind === 'file' && !plan.source.query) {
        ctx.store.dispatch({ type: 'toast', text: trusted('the file holds no statement text (auto_explain logs it; EXPLAIN output does not)'), at: ctx.now() });
        return true;
      }
      const raw = plan.source.query ?? '';
      ctx.store.dispatch({ type: 'open.viewer', title: safeLine(sourceTitle(plan.source)), text: safe(raw), raw });
      return true;
    }
    case 'plan.raw': {
      if (!plan.outcome) return true;
      // A plan read from a file is shown as it was read (JSON, text or log lines).
      const raw = typeof plan.outcome.raw === 'string' ? plan.outcome.raw : JSON.stringify(plan.outcome.raw, null, 2);
      const title = plan.source.kind === 'file' ? safeLine(`${plan.source.name} as read`) : trusted('EXPLAIN (FORMAT JSON)');
      ctx.store.dispatch({ type: 'open.viewer', title, text: safe(raw), raw });
      return true;
    }
    case 'plan.analyze':
      if (plan.source.kind === 'file') {
        ctx.store.dispatch({ type: 'toast', text: trusted(NO_SERVER_REASON), at: ctx.now() });
        return true;
      }
      if (ctx.readOnly) {
        ctx.store.dispatch({ type: 'toast', text: trusted('EXPLAIN ANALYZE runs the statement: not in --read-only mode'), at: ctx.now() });
        return true;
      }
      if (plan.outcome?.mode === 'generic') {
        ctx.store.dispatch({ type: 'toast', text: trusted('a generic plan has no parameter values to run with: EXPLAIN ANALYZE needs a runnable statement'), at: ctx.now() });
        return true;
      }
      if (plan.status !== 'running')
        ctx.store.dispatch({ type: 'open.confirm', request: { kind: 'explain', step: 'analyze', source: plan.source, message: confirmAnalyzeText(), analyze: true, allowWrites: false, screen: 'plan' } });
      return true;
    default:
      return false;
  }
}

function Screen(ctx: ScreenContext): React.ReactElement {
  return <PlanScreen plan={ctx.state.ui.plan} width={ctx.width} height={ctx.height} readOnly={ctx.readOnly} />;
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
  onCommand: handle,
  Component: Screen,
};
