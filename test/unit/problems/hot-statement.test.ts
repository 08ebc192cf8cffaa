import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/data/collector';
import { statementsCollector, statementsInfoCollector, type Statement } from '../../../src/data/collectors/statements';
import { DEFAULT_THRESHOLDS, evaluate, initialProblemState, NO_HOLD } from '../../../src/problems';
import { statement as s } from '../statements/fixtures';

const reading = (seq: number, rows: Statement[], statsReset = 1): Snapshot => ({
  seq,
  takenAt: seq * 1000,
  tickMs: 1,
  results: {
    [statementsCollector.id]: { state: 'ok', data: rows, at: seq * 1000, ms: 1 },
    [statementsInfoCollector.id]: { state: 'ok', data: { dealloc: 0, statsReset }, at: seq * 1000, ms: 1 },
  },
});

const hot = (prev: Snapshot, snap: Snapshot) =>
  evaluate({ snap, prev, maxConnections: 100, thresholds: DEFAULT_THRESHOLDS, hold: NO_HOLD }, initialProblemState()).problems.filter((p) => p.id.startsWith('hot-statement:'));

/** The hot-statement problem reads the same interval rates as the statements pane. */
describe('hot statement', () => {
  it('counts a statement first seen in the interval from zero, as the pane does', () => {
    const prev = reading(1, [s('1')]);
    const curr = reading(2, [s('1', { calls: 101, totalExecMs: 1010 }), s('2', { calls: 40, totalExecMs: 900 })]);
    expect(hot(prev, curr).map((p) => p.id)).toEqual(['hot-statement:2']);
  });

  it('judges nothing across pg_stat_statements_reset()', () => {
    const prev = reading(1, [s('1', { calls: 10, totalExecMs: 10 })]);
    const curr = reading(2, [s('1', { calls: 500, totalExecMs: 5000 })], 2);
    expect(hot(prev, curr)).toEqual([]);
  });
});
