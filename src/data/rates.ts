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

/**
 * Rates for every row present in both readings, matched by key. Rows new in `curr` get no rate;
 * rows gone are dropped. A row whose `resetField` changed is treated as reset.
 */
export function rowRates<R, F extends keyof R & string>(
  prev: { rows: R[]; at: number } | undefined,
  curr: { rows: R[]; at: number },
  keyOf: (r: R) => string,
  fields: readonly F[],
  resetField?: keyof R,
): Map<string, Record<F, number | null>> {
  const out = new Map<string, Record<F, number | null>>();
  if (!prev) return out;
  const before = new Map<string, R>();
  for (const r of prev.rows) before.set(keyOf(r), r);
  for (const r of curr.rows) {
    const k = keyOf(r);
    const p = before.get(k);
    if (!p) continue;
    const wasReset = resetField !== undefined && p[resetField] !== r[resetField];
    const rates = {} as Record<F, number | null>;
    for (const f of fields) rates[f] = wasReset ? null : rate(p[f] as number, r[f] as number, prev.at, curr.at);
    out.set(k, rates);
  }
  return out;
}
