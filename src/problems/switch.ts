/**
 * PGWARDEN_BENCH_NO_PROBLEMS=1 runs the monitor without the problems evaluation (neither its
 * statement nor the tracker), so that `npm run bench` can measure what the evaluation costs
 * (issue 13: within 10 % of the monitor without it). Not an operator's option: undocumented
 * outside the benchmark. Read when asked, not at load: the single executable evaluates its modules
 * when it is built (a V8 startup snapshot).
 */
export function problemsEvaluated(): boolean {
  return process.env.PGWARDEN_BENCH_NO_PROBLEMS !== '1';
}
