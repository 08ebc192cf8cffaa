import { describe, expect, it } from 'vitest';
import type { CollectorContext } from '../../../src/data/collector';
import { summaryFromActivity } from '../../../src/data/collectors/summary';

const db = { pid: null, taken_at: 1000, in_recovery: false, xacts: '500', blks_hit: '90', blks_read: '10', stats_reset: null };
let pid = 100;
const row = (p: Record<string, unknown>) => ({ pid: pid++, backend_type: 'client backend', state: 'idle', xact_start: null, horizon_age: null, ...p });
const ctx = (own: number[]) => ({ ownPids: own, caps: {} }) as unknown as CollectorContext;

describe("the header's figures from the activity rows", () => {
  it('counts states and background processes, and adds our own sessions back as used connections', () => {
    const rows = [
      row({ state: 'active', xact_start: 940, horizon_age: 12 }),
      row({ state: 'idle' }),
      row({ state: 'idle in transaction', xact_start: 900, horizon_age: 40 }),
      row({ state: 'idle in transaction (aborted)', xact_start: 950 }),
      row({ state: 'fastpath function call' }),
      row({ backend_type: 'autovacuum worker', state: 'active', xact_start: 990, horizon_age: 3 }),
      row({ backend_type: 'checkpointer', state: null }),
      db,
    ];
    expect(summaryFromActivity(rows, ctx([7, 8]))).toEqual({
      takenAt: 1000, inRecovery: false,
      clientTotal: 5 + 2, active: 1 + 1, idle: 1 + 1, idleInXact: 2, otherState: 1, background: 2,
      longestXactS: 100, oldestXminAge: 40, xacts: 500, blksHit: 90, blksRead: 10, statsReset: null,
    });
  });

  it('has nothing to say without the database row, so the header queries on its own', () => {
    expect(summaryFromActivity([], ctx([7]))).toBeUndefined();
    expect(summaryFromActivity([row({})], ctx([7]))).toBeUndefined();
  });
});
