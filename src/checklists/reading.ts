/**
 * Counter readings kept from one weekly session to the next, so a check can judge "this week"
 * (the difference since the last session) rather than "since the statistics were reset", which
 * may be months or minutes ago. A reading is a few name → number maps in a step's metrics, under
 * `reading.<counter>`; only the latest sessions keep theirs (see {@link pruneReadings}), since
 * only the last one is ever compared with.
 */
import type { PastRun } from './checks/define';
import type { Metrics } from './types';

/** Counters of one object (a table, a statement), by counter name. */
export type Counters = Record<string, number>;

export interface Reading {
  /** Server clock (epoch s) of the reading. */
  at: number;
  /** Object identity → its counters. */
  objects: Map<string, Counters>;
}

const PREFIX = 'reading.';

/** The metrics that store `objects` (each counter a map of its own) and the time. */
export function toMetrics(at: number, objects: ReadonlyMap<string, Counters>, counters: readonly string[]): Metrics {
  const m: Metrics = { readingAt: at };
  for (const c of counters) {
    const map: Record<string, number> = {};
    for (const [k, v] of objects) if (Number.isFinite(v[c])) map[k] = v[c]!;
    m[PREFIX + c] = map;
  }
  return m;
}

/** A reading stored by {@link toMetrics}; undefined when the metrics hold none (an old or hand-edited file). */
export function fromMetrics(m: Metrics, counters: readonly string[]): Reading | undefined {
  const at = m.readingAt;
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  const objects = new Map<string, Counters>();
  for (const c of counters) {
    const map = m[PREFIX + c];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) return undefined;
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const o = objects.get(k) ?? {};
      o[c] = v;
      objects.set(k, o);
    }
  }
  return { at, objects };
}

/** The latest earlier reading of the step (history is oldest first), taken before `now`. */
export function lastReading(history: readonly PastRun[] | undefined, counters: readonly string[], now: number): Reading | undefined {
  for (const r of [...(history ?? [])].reverse()) {
    const x = fromMetrics(r.metrics, counters);
    if (x && x.at < now) return x;
  }
  return undefined;
}

/** How an object's figures for the period were obtained. */
export type Basis = 'week' | 'reset' | 'new';

/**
 * The counters' growth since `before`: their difference when every counter grew or stayed;
 * when one went backwards the statistics were reset in between, and the figures since the reset
 * (the current counters) are the best there is ('reset'); an object absent from the last reading
 * counts from its start ('new': it appeared since, or it was not among the objects kept).
 */
export function since(now: Counters, before: Counters | undefined, counters: readonly string[], resetSince = false): { delta: Counters; basis: Basis } {
  // A reset known from its time (pg_stat_statements_info): counters that grew past last week's
  // values since would otherwise pass for a week's difference.
  if (resetSince) return { delta: { ...now }, basis: 'reset' };
  if (!before) return { delta: { ...now }, basis: 'new' };
  const back = counters.some((c) => (now[c] ?? 0) < (before[c] ?? 0));
  if (back) return { delta: { ...now }, basis: 'reset' };
  return { delta: Object.fromEntries(counters.map((c) => [c, (now[c] ?? 0) - (before[c] ?? 0)])), basis: 'week' };
}

/** Whether metrics carry a reading (its maps are what {@link pruneReadings} drops). */
export const isReadingKey = (key: string): boolean => key.startsWith(PREFIX);
