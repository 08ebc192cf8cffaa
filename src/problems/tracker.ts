/**
 * The evaluator over a stream of snapshots, for the monitor's store: it keeps the previous snapshot
 * (rates) and the problem state (hold, hysteresis, replay positions) between refreshes.
 */
import type { Snapshot } from '../data/collector';
import { evaluate, initialProblemState, type Evaluation, type ProblemState } from './evaluate';
import { DEFAULT_HOLD, DEFAULT_THRESHOLDS, type Hold, type Thresholds } from './thresholds';

export class ProblemTracker {
  private state: ProblemState = initialProblemState();
  private prev: Snapshot | undefined;

  constructor(private readonly opts: { thresholds?: Thresholds; hold?: Hold } = {}) {}

  /** Judges the next snapshot (max_connections from the capabilities); the same snapshot twice is judged once. */
  update(snap: Snapshot, maxConnections: number | null): Evaluation {
    if (this.last && this.prev === snap) return this.last;
    const e = evaluate({ snap, prev: this.prev, maxConnections, thresholds: this.opts.thresholds ?? DEFAULT_THRESHOLDS, hold: this.opts.hold ?? DEFAULT_HOLD }, this.state);
    this.state = e.state;
    this.prev = snap;
    this.last = e;
    return e;
  }

  /** After a reconnect: rates and positions start over, shown problems clear with the hold. */
  gap(): void {
    this.prev = undefined;
  }

  private last: Evaluation | undefined;
}
