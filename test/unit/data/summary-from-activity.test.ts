import { describe, expect, it } from 'vitest';
import { summaryFromActivity } from '../../../src/data/collectors/summary';

const db = { pid: null, taken_at: 1000, in_recovery: false, xacts: '500', blks_hit: '90', blks_read: '10', stats_reset: null };
let pid = 100;
const row = (p: Record<string, unknown>) => ({ pid: pid++, backend_type: 'client backend', state: 'idle', xact_start: null, horizon_age: null, ...p });

describe("the header's figures from the activity rows", () => {
  it("counts states, lock waits and background processes; pgwarden's own sessions (not in the rows) are not counted", () => {
    const rows = [
      row({ state: 'active', xact_start: 940, horizon_age: 12 }),
      row({ state: 'idle' }),
      row({ state: 'idle in transaction', xact_start: 900, horizon_age: 40 }),
      row({ state: 'idle in transaction (aborted)', xact_start: 950 }),
      row({ state: 'fastpath function call' }),
      row({ state: 'active', wait_event_type: 'Lock', xact_start: 960 }),
      row({ backend_type: 'autovacuum worker', state: 'active', xact_start: 990, horizon_age: 3 }),
      row({ backend_type: 'checkpointer', state: null }),
      db,
    ];
    expect(summaryFromActivity(rows)).toEqual({
      takenAt: 1000, inRecovery: false,
      clientTotal: 6, active: 2, idle: 1, idleInXact: 2, otherState: 1, lockWaiting: 1, background: 2,
      longestXactS: 100, oldestXminAge: 40, xacts: 500, blksHit: 90, blksRead: 10, statsReset: null,
    });
  });

  it('has nothing to say without the database row, so the header queries on its own', () => {
    expect(summaryFromActivity([])).toBeUndefined();
    expect(summaryFromActivity([row({})])).toBeUndefined();
  });
});
