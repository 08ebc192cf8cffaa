import { describe, expect, it } from 'vitest';
import { reducePlan, ancestorsOf, type PlanState } from '../../../src/screens/plan/state';
import { plan } from './fixtures';

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

  it('keeps the plan shown when the answer is a question (the App confirmation asks it)', () => {
    let s = reducePlan(started(), { type: 'result', seq: 1, outcome: ok('pg18-delete-analyze') })!;
    s = reducePlan(s, { type: 'start', seq: 2, source, returnTo: 'plan', analyze: true })!;
    s = reducePlan(s, { type: 'result', seq: 2, outcome: { ok: false, reason: 'confirm-writes', message: 'may write' } })!;
    expect(s.status).toBe('done');
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
