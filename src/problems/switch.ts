/**
 * PGWARDEN_BENCH_NO_PROBLEMS=1 runs the monitor without the problems evaluation (neither its
 * statement nor the tracker), so that `npm run bench` can measure what the evaluation costs
 * (issue 13: within 10 % of the monitor without it). Not an operator's option: undocumented
 * outside the benchmark.
 */
export const problemsEvaluated = process.env.PGWARDEN_BENCH_NO_PROBLEMS !== '1';
