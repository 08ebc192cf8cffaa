import { describe, expect, it } from 'vitest';
import type { ExplainRequest, ExplainService } from '../../../src/explain/service';
import { reducePlan, ancestorsOf, type PlanState, planAction } from '../../../src/screens/plan/state';
import { planScreen } from '../../../src/screens/plan';
import type { ScreenContext } from '../../../src/screens/types';
import { Store } from '../../../src/state/store';
import { plan } from './fixtures';
import { trusted } from '../../../src/text/sanitize';

const source = { kind: 'backend' as const, pid: 1, database: 'shop', user: 'app', query: 'select 1' };
const ok = (name: string) => {
  const result = plan(name);
  return { ok: true as const, mode: 'plan' as const, result, flags: [], raw: {}, notes: [] };
};

function started(): PlanState {
  return reducePlan(null, { type: 'start', seq: 1, source, returnTo: 'activity', analyze: false })!;
}

describe('plan state', () => {
  it('keeps only the answer to the latest request', () => {
    let s = started();
    s = reducePlan(s, { type: 'start', seq: 2, source, returnTo: 'plan', analyze: true })!;
    expect(s.returnTo).toBe('activity'); // same statement: still goes back where it came from
    s = reducePlan(s, { type: 'result', seq: 1, outcome: ok('pg18-orders-seqscan') })!;
    expect(s.status).toBe('running');
    s = reducePlan(s, { type: 'result', seq: 2, outcome: ok('pg18-orders-seqscan') })!;
    expect(s.status).toBe('done');
    expect(s.selected).toBe('0');
  });

  it('turns a write refusal into the second confirmation, keeping the plan shown', () => {
    let s = reducePlan(started(), { type: 'result', seq: 1, outcome: ok('pg18-delete-analyze') })!;
    s = reducePlan(s, { type: 'start', seq: 2, source, returnTo: 'plan', analyze: true })!;
    s = reducePlan(s, { type: 'result', seq: 2, outcome: { ok: false, reason: 'confirm-writes', message: 'may write' } })!;
    expect(s.confirm).toEqual({ step: 'writes', message: 'may write' });
    expect(s.outcome?.result.root.nodeType).toBe('ModifyTable');
  });

  it('unfolds the path to a node it jumps to', () => {
    expect(ancestorsOf('0.1.2')).toEqual(['0', '0.1']);
    let s = reducePlan(started(), { type: 'fold', nodeId: '0', folded: true })!;
    s = reducePlan(s, { type: 'fold', nodeId: '0.1', folded: true })!;
    s = reducePlan(s, { type: 'unfold-path', nodeId: '0.1.2' })!;
    expect(s.folded).toEqual([]);
    expect(s.selected).toBe('0.1.2');
  });
});

describe('EXPLAIN ANALYZE confirmation', () => {
  function ctxFor(store: Store, service: ExplainService): ScreenContext {
    const effects = { quit() {}, refresh() {}, setInterval() {}, setPlan() {}, copy: () => trusted(''), explain: service };
    return {
      get state() {
        return store.get();
      },
      store,
      effects,
      nowMs: 0,
      now: () => 0,
      width: 100,
      height: 30,
      readOnly: false,
    } as ScreenContext;
  }

  it('ignores a y that arrives before the confirmation could be seen (same burst of keys)', async () => {
    const calls: ExplainRequest[] = [];
    const service: ExplainService = { run: async (req) => (calls.push(req), ok('pg18-orders-seqscan')) };
    const store = new Store();
    store.dispatch(planAction({ type: 'start', seq: 1, source, returnTo: 'activity', analyze: false }));
    store.dispatch(planAction({ type: 'result', seq: 1, outcome: ok('pg18-orders-seqscan') }));
    const ctx = ctxFor(store, service);
    planScreen.commands['plan.analyze']!.run(ctx);
    planScreen.commands['plan.confirm']!.run(ctx); // same tick: not armed yet
    expect(calls).toHaveLength(0);
    expect(store.get().ui.toast?.text).toMatch(/on its own/);
    await new Promise((r) => setTimeout(r, 0));
    planScreen.commands['plan.confirm']!.run(ctx);
    expect(calls).toEqual([expect.objectContaining({ analyze: true, allowWrites: false })]);
  });
});
