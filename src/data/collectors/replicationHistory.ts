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
        // A key appearing after the first reading starts with a gap: it was not there before.
        if (this.version > 0) series.gap();
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

/** UI table id of the vacuum pane's table list: its selected table gets a dead-tuples series. */
export const VACUUM_TABLES_UI = 'vacuum.tables';

/** How many of the tables with the most dead tuples are recorded besides the selected one. */
const DEAD_TUPLES_TOP = 5;

/** The history series of the replication and vacuum panes and the charts view. */
export interface PaneHistory {
  connActive: Series;
  connIdle: Series;
  connIdleInXact: Series;
  /** Replay lag in seconds, by standby name. */
  lag: SeriesByKey;
  /** n_dead_tup, by table relid: the selected table and the worst few. */
  deadTuples: SeriesByKey;
}

export function paneHistory(): PaneHistory {
  return {
    connActive: new Series(),
    connIdle: new Series(),
    connIdleInXact: new Series(),
    lag: new SeriesByKey(),
    deadTuples: new SeriesByKey(600, 24),
  };
}

/** Feeds one snapshot into the series; a collector that did not run leaves a gap. */
export function recordPaneHistory(h: PaneHistory, snap: Snapshot, selectedTable: string | null): void {
  const sum = snap.results.summary;
  const s = sum?.state === 'ok' ? (sum.data as { active: number; idle: number; idleInXact: number }) : undefined;
  h.connActive.push(s ? s.active : null);
  h.connIdle.push(s ? s.idle : null);
  h.connIdleInXact.push(s ? s.idleInXact : null);
  const lag = lagSamples(snap);
  if (lag) h.lag.push(lag);
  else h.lag.gapAll();
  const vac = snap.results.vacuum;
  if (vac?.state === 'ok') {
    const tables = vac.data as { relid: number; deadTuples: number }[];
    const picked = new Map<string, number | null>();
    const selected = selectedTable ? tables.find((t) => String(t.relid) === selectedTable) : undefined;
    if (selected) picked.set(String(selected.relid), selected.deadTuples);
    const worst = [...tables].sort((a, b) => b.deadTuples - a.deadTuples).slice(0, DEAD_TUPLES_TOP);
    for (const t of worst) if (t.deadTuples > 0) picked.set(String(t.relid), t.deadTuples);
    h.deadTuples.push(picked);
  } else h.deadTuples.gapAll();
}

/** A gap in every series: the connection was lost. */
export function gapPaneHistory(h: PaneHistory): void {
  h.connActive.gap();
  h.connIdle.gap();
  h.connIdleInXact.gap();
  h.lag.gapAll();
  h.deadTuples.gapAll();
}
