/** What every detector is given: the readings, the limits, and what the last evaluation showed. */
import type { Snapshot } from '../../data/collector';
import { grade, LOWER_IS_WORSE, type Severity, type ThresholdName, type Thresholds } from '../thresholds';
import type { Candidate } from '../types';

/** Figures a detector follows from one evaluation to the next (positions that must move). */
export interface Memory {
  /** Per standby (or this standby): the replay position last seen move, and when (server epoch s). */
  replay: Record<string, { lsn: string; movedAt: number }>;
}

export const emptyMemory = (): Memory => ({ replay: {} });

export interface DetectContext {
  snap: Snapshot;
  /** The reading before, for rates (cache hit, statements); absent on the first refresh. */
  prev?: Snapshot;
  /** max_connections of the server, from the capabilities probed at connect. */
  maxConnections: number | null;
  th: Thresholds;
  margin: number;
  /** The severity a problem had at the last evaluation (shown or pending), for the hysteresis. */
  previous(id: string): Severity | undefined;
  /** The last evaluation's memory (read) and this one's (written). */
  before: Memory;
  after: Memory;
}

export type Detector = (ctx: DetectContext) => Candidate[];

/**
 * The refresh's server time (epoch s), for ages taken from a reading made at `readAt`: a reading on a
 * slower cadence than the refresh (the problems statement, every 10 s) would otherwise give every
 * refresh until the next one the durations it had then, behind the same session's ages in the panes.
 */
export function nowFor(ctx: DetectContext, readAt: number): number {
  return Math.max(readAt, ctx.snap.takenAt / 1000);
}

/** The severity of a figure against its threshold, with the hysteresis of problem `id`. */
export function judge(ctx: DetectContext, id: string, name: ThresholdName, value: number | null | undefined): Severity | undefined {
  return grade(value, ctx.th[name], LOWER_IS_WORSE.has(name), ctx.previous(id), ctx.margin);
}

/** The worse of two severities. */
export function worse(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (a === 'critical' || b === 'critical') return 'critical';
  return a ?? b;
}

/** Problem `id` when `value` is past threshold `name` (its body built only then), else none. */
export function over(ctx: DetectContext, id: string, name: ThresholdName, value: number | null | undefined, body: () => Omit<Candidate, 'id' | 'severity'>): Candidate[] {
  const severity = judge(ctx, id, name, value);
  return severity ? [{ id, severity, ...body() }] : [];
}
