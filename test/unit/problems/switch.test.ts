/**
 * The benchmark's switch is read when the plan is made, not when the modules load: the single
 * executable evaluates its modules when it is built (a V8 startup snapshot), long before the
 * benchmark sets PGWARDEN_BENCH_NO_PROBLEMS.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planFor } from '../../../src/screens/registry';

const ids = (): string[] => planFor('activity').map((c) => c.id);

describe('PGWARDEN_BENCH_NO_PROBLEMS', () => {
  const before = process.env.PGWARDEN_BENCH_NO_PROBLEMS;
  afterEach(() => {
    if (before === undefined) delete process.env.PGWARDEN_BENCH_NO_PROBLEMS;
    else process.env.PGWARDEN_BENCH_NO_PROBLEMS = before;
  });

  it('takes the problems collector out of the plan when set after the modules loaded', () => {
    delete process.env.PGWARDEN_BENCH_NO_PROBLEMS;
    const withProblems = ids();
    process.env.PGWARDEN_BENCH_NO_PROBLEMS = '1';
    const without = ids();
    expect(without.length).toBe(withProblems.length - 1);
    expect(withProblems.filter((id) => !without.includes(id))).toEqual(['problems']);
  });
});
