/**
 * History for charts whose series come and go: replication lag per standby, dead tuples per table.
 * Each key gets its own bounded {@link Series}; a key missing from a reading gets a gap, so a
 * standby that disconnected shows a break rather than a line drawn through time it was away.
 */
import type { Snapshot } from '../collector';
import { Series } from '../history';
import type { RecoveryStatus, WalSender } from './replication';
import { senderName } from './replication';

/** A bounded set of series by key; the least recently fed key is dropped beyond `maxKeys`. */
export class SeriesByKey {
  private readonly map = new Map<string, Series>();
  /** Bumped on every change, so charts can memoize on it. */
  version = 0;

  constructor(
    readonly capacity = 600,
    readonly maxKeys = 16,
  ) {}

  get(key: string): Series | undefined {
    return this.map.get(key);
  }

  keys(): string[] {
    return [...this.map.keys()];
  }

  /**
   * One reading: every key in `values` gets its value, every known key not in it a gap.
   * Keys are kept in the order they were last fed, so eviction drops the stalest.
   */
  push(values: ReadonlyMap<string, number | null>): void {
    for (const [key, series] of this.map) if (!values.has(key)) series.gap();
    for (const [key, v] of values) {
      let series = this.map.get(key);
      if (!series) {
        series = new Series(this.capacity);
        // A newcomer lines up with the others' time axis: earlier readings are gaps.
        series.gap();
      } else this.map.delete(key);
      series.push(v);
      this.map.set(key, series);
    }
    while (this.map.size > this.maxKeys) this.map.delete(this.map.keys().next().value as string);
    this.version++;
  }

  /** A gap in every series (connection lost, collector not running). */
  gapAll(): void {
    for (const s of this.map.values()) s.gap();
    this.version++;
  }
}

/** The key under which a standby's own replay delay is kept when connected to a standby. */
export const THIS_STANDBY = '(this standby)';

/**
 * Replay lag in seconds, per standby, from one snapshot; undefined when the replication collectors
 * did not run. On a primary: pg_stat_replication.replay_lag, 0 for a standby that has replayed
 * everything sent (the server reports NULL then). On a standby: seconds since the last replayed
 * commit while received WAL waits for replay, else 0 (an idle primary is not lag).
 */
export function lagSamples(snap: Snapshot): Map<string, number | null> | undefined {
  const senders = snap.results.replication;
  const recovery = snap.results.recovery;
  if (senders?.state !== 'ok' && recovery?.state !== 'ok') return undefined;
  const out = new Map<string, number | null>();
  if (senders?.state === 'ok') {
    for (const s of senders.data as WalSender[]) out.set(senderName(s), senderLagSeconds(s));
  }
  if (recovery?.state === 'ok') {
    const r = recovery.data as RecoveryStatus;
    if (r.inRecovery) out.set(THIS_STANDBY, standbyDelaySeconds(r));
  }
  return out;
}

/** A sender's replay lag in seconds: 0 when nothing is waiting, null when unknown. */
export function senderLagSeconds(s: WalSender): number | null {
  if (s.replayLagS != null) return s.replayLagS;
  if (s.replayLagBytes === 0) return 0;
  return null;
}

/**
 * How far this standby's replay is behind, in seconds: time since the last replayed commit, but
 * only while received WAL is waiting to be replayed. With nothing waiting the primary is merely
 * quiet and the delay is 0. Null when no commit was replayed since the standby started.
 */
export function standbyDelaySeconds(r: RecoveryStatus): number | null {
  if (!r.inRecovery) return null;
  if (r.replayLagBytes == null || r.replayLagBytes <= 0) return 0;
  if (r.lastReplayTime == null) return null;
  return Math.max(0, r.now - r.lastReplayTime);
}
