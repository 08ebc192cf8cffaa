/**
 * The limits problems are judged by. The seed values are the monitoring guides' alert table
 * (cache hit, replication lag, connection usage, dead tuples, disk); the others are documented
 * defaults. README.md ("Problems and thresholds") gives the source of each and why, where the
 * guides disagree, this value was picked.
 */

/** A warning and a critical limit, in the unit of the figure. */
export interface Limit {
  warn: number;
  critical: number;
}

export interface Thresholds {
  /** Share of block reads served from shared buffers over the refresh interval; below is bad. */
  cacheHit: Limit;
  /** Client backends as a share of max_connections. */
  connections: Limit;
  /** A standby's replay lag in seconds. */
  replicationLagSeconds: Limit;
  /** A standby's replay lag in bytes of WAL. */
  replicationLagBytes: Limit;
  /** Replay position not moving while received WAL waits (paused or stalled replay), seconds. */
  replayStalledSeconds: Limit;
  /** A session idle in transaction for this long (seconds since its last statement). */
  idleInTransactionSeconds: Limit;
  /** An active query running this long (seconds). */
  queryDurationSeconds: Limit;
  /** A transaction holding the xmin horizon this long (seconds since it started). */
  xminHorizonSeconds: Limit;
  /** age(datfrozenxid) of the oldest database, in transactions. */
  wraparoundAge: Limit;
  /** WAL retained by an inactive replication slot, bytes. */
  slotRetainedBytes: Limit;
  /** Dead tuples over live + dead, for a table past its autovacuum trigger. */
  deadTupleRatio: Limit;
  /** New client backends per second (averaged over the last 10 s). */
  connectionStormPerSecond: Limit;
  /** One statement's share of the database time spent over the interval. */
  hotStatementShare: Limit;
  /** WAL archiving failing for this long (seconds since the last success, or since the first failure seen). */
  archiveFailingSeconds: Limit;
  /** Sessions waiting behind one blocker (directly or down the chain). */
  blockedSessions: Limit;
  /** Disk usage share; pgwarden cannot read it through SQL, kept for the preferences file and checks that can. */
  diskUsage: Limit;
}

export type ThresholdName = keyof Thresholds;

/** When a figure is below-is-bad (cache hit) rather than above-is-bad. */
export const LOWER_IS_WORSE: ReadonlySet<ThresholdName> = new Set(['cacheHit']);

export const DEFAULT_THRESHOLDS: Thresholds = {
  cacheHit: { warn: 0.99, critical: 0.95 },
  connections: { warn: 0.8, critical: 0.95 },
  replicationLagSeconds: { warn: 60, critical: 300 },
  replicationLagBytes: { warn: 256 * 1024 ** 2, critical: 1024 ** 3 },
  replayStalledSeconds: { warn: 60, critical: 300 },
  idleInTransactionSeconds: { warn: 60, critical: 600 },
  queryDurationSeconds: { warn: 300, critical: 1800 },
  xminHorizonSeconds: { warn: 600, critical: 3600 },
  wraparoundAge: { warn: 1_000_000_000, critical: 1_500_000_000 },
  slotRetainedBytes: { warn: 1024 ** 3, critical: 10 * 1024 ** 3 },
  deadTupleRatio: { warn: 0.1, critical: 0.2 },
  connectionStormPerSecond: { warn: 20, critical: 100 },
  hotStatementShare: { warn: 0.5, critical: 0.8 },
  archiveFailingSeconds: { warn: 0, critical: 600 },
  blockedSessions: { warn: 0, critical: 4 },
  diskUsage: { warn: 0.8, critical: 0.9 },
};

/** How problems come and go, as alert rules with `for:` do. */
export interface Hold {
  /** Consecutive evaluations a problem must be seen in before it shows. */
  raiseAfter: number;
  /** Consecutive evaluations a shown problem must be absent (past the margin) before it clears. */
  clearAfter: number;
  /** A shown problem stays while its figure is within this share of the limit (0.1: 10 %). */
  margin: number;
}

export const DEFAULT_HOLD: Hold = { raiseAfter: 2, clearAfter: 3, margin: 0.1 };

/** One-shot commands (check, snapshot --json) judge what they see: no hold time. */
export const NO_HOLD: Hold = { raiseAfter: 1, clearAfter: 1, margin: 0 };

export type Severity = 'warning' | 'critical';

/**
 * The severity of `value` against `limit`, or undefined when it is fine. A problem already shown
 * is judged against limits moved by the margin toward "fine" (the warning limit while it shows,
 * the critical one while it is critical), so a figure hovering at a limit does not blink on and
 * off: a cache hit at 98.9 %, 99.05 %, 98.8 % stays one warning.
 */
export function grade(value: number | null | undefined, limit: Limit, lowerIsWorse: boolean, previous: Severity | undefined, margin: number): Severity | undefined {
  if (value == null || !Number.isFinite(value)) return undefined;
  const warnSlack = previous ? margin : 0;
  const critSlack = previous === 'critical' ? margin : 0;
  if (lowerIsWorse) {
    // A ratio: the margin is a share of what is missing to 1 (99 % with 10 %: stays below 99.1 %).
    const move = (l: number, slack: number) => l + (1 - l) * slack;
    if (value < move(limit.critical, critSlack)) return 'critical';
    if (value < move(limit.warn, warnSlack)) return 'warning';
    return undefined;
  }
  const move = (l: number, slack: number) => l * (1 - slack);
  if (value > move(limit.critical, critSlack)) return 'critical';
  if (value > move(limit.warn, warnSlack)) return 'warning';
  return undefined;
}
