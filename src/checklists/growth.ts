/**
 * Week-over-week trajectories from the figures each checklist run records (sizes, WAL position,
 * connections). Pure. Runs are rarely exactly a week apart, so every change is normalised by the
 * real time between the two runs (server clock); a change over less than a day is shown but never
 * extrapolated (a few hours of a nightly batch times 168 says nothing about a week).
 */

export const WEEK_S = 7 * 86_400;
/** Runs closer than this are compared but not turned into a weekly rate. */
export const MIN_INTERVAL_S = 86_400;
/** How many runs the trend line and the history table look at. */
export const TREND_RUNS = 8;

/** A figure at a moment (epoch seconds, server clock). */
export interface Point {
  at: number;
  value: number;
}

/** The change between two runs. */
export interface Change {
  from: Point;
  to: Point;
  delta: number;
  days: number;
  /** The change scaled to seven days; null when the runs are less than a day apart. */
  perWeek: number | null;
  /** perWeek as a share of the earlier value (0.1 = +10 % a week); null when unknown or from 0. */
  shareWeek: number | null;
}

/** The change from `from` to `to`, per week when they are far enough apart. */
export function change(from: Point, to: Point): Change {
  const dt = to.at - from.at;
  const delta = to.value - from.value;
  const perWeek = dt >= MIN_INTERVAL_S ? (delta * WEEK_S) / dt : null;
  return { from, to, delta, days: dt / 86_400, perWeek, shareWeek: perWeek !== null && from.value > 0 ? perWeek / from.value : null };
}

/**
 * The base of this week's rate: the latest earlier point at least a day before `cur`. Skipping a
 * run made an hour earlier (someone pressed R twice) keeps the rate meaningful.
 */
export function baseFor(past: readonly Point[], cur: Point): Point | undefined {
  for (let i = past.length - 1; i >= 0; i--) if (cur.at - past[i]!.at >= MIN_INTERVAL_S) return past[i];
  return undefined;
}

/** A least-squares line through the last runs. */
export interface Trend {
  perWeek: number;
  /** perWeek as a share of the latest value. */
  shareWeek: number | null;
  runs: number;
  days: number;
}

/**
 * The slope of the least-squares line through the last {@link TREND_RUNS} points, per week: less
 * sensitive to one odd week than the last change. Needs three points spanning at least two days.
 */
export function trend(points: readonly Point[]): Trend | null {
  const p = points.slice(-TREND_RUNS);
  if (p.length < 3) return null;
  const span = p[p.length - 1]!.at - p[0]!.at;
  if (span < 2 * MIN_INTERVAL_S) return null;
  // Centred on the means: epoch seconds squared would lose precision in a double.
  const mx = p.reduce((s, x) => s + x.at, 0) / p.length;
  const my = p.reduce((s, x) => s + x.value, 0) / p.length;
  let sxy = 0;
  let sxx = 0;
  for (const x of p) {
    sxy += (x.at - mx) * (x.value - my);
    sxx += (x.at - mx) ** 2;
  }
  const perWeek = (sxy / sxx) * WEEK_S;
  const last = p[p.length - 1]!.value;
  return { perWeek, shareWeek: last > 0 ? perWeek / last : null, runs: p.length, days: span / 86_400 };
}

/** A WAL position as read at one run. */
export interface WalPoint {
  at: number;
  /** Bytes since 0/0; null when unknown (a standby that has not received anything yet). */
  lsn: number | null;
  /** pg_control_system().system_identifier; null when not readable. */
  systemId: string | null;
}

/** WAL written between two runs, or why it is not known. */
export type WalChange =
  | { kind: 'written'; bytes: number; days: number; perWeek: number | null }
  | { kind: 'new-cluster'; why: string }
  | { kind: 'unknown' };

/**
 * WAL written between two runs: the difference of the positions. A position never goes back on
 * one cluster (a promotion continues it), so a smaller one, or another system identifier, means
 * another cluster answers now (a restore, a new initdb behind the same address): the history of
 * WAL restarts there instead of showing a negative amount.
 */
export function walChange(from: WalPoint, to: WalPoint): WalChange {
  if (from.systemId !== null && to.systemId !== null && from.systemId !== to.systemId) return { kind: 'new-cluster', why: 'another system identifier' };
  if (from.lsn === null || to.lsn === null) return { kind: 'unknown' };
  if (to.lsn < from.lsn) return { kind: 'new-cluster', why: 'the WAL position went back' };
  const c = change({ at: from.at, value: from.lsn }, { at: to.at, value: to.lsn });
  return { kind: 'written', bytes: c.delta, days: c.days, perWeek: c.perWeek };
}

/**
 * Whether this interval's weekly WAL volume jumped: at least `factor` times the mean of the
 * earlier intervals (two at least), and at least `min` bytes a week so an idle server doubling
 * its few megabytes does not warn.
 */
export function walJump(earlier: readonly number[], now: number, factor: number, min: number): boolean {
  if (earlier.length < 2 || now < min) return false;
  const mean = earlier.reduce((s, x) => s + x, 0) / earlier.length;
  return mean > 0 ? now >= factor * mean : true;
}
