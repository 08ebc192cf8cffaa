/**
 * Per-second rates from two readings of cumulative counters, over the interval the server measured.
 * A counter that went backwards (pg_stat_reset, pg_stat_statements_reset, a restart) is a reset:
 * its rate is null for that interval, never a negative number.
 */

/** Rate of one counter between two readings taken at `prevAt` and `currAt` (ms). */
export function rate(prev: number | null | undefined, curr: number | null | undefined, prevAt: number, currAt: number): number | null {
  if (prev == null || curr == null || !Number.isFinite(prev) || !Number.isFinite(curr)) return null;
  const dt = (currAt - prevAt) / 1000;
  if (!(dt > 0)) return null;
  if (curr < prev) return null;
  return (curr - prev) / dt;
}
