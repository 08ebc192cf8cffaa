/**
 * Interval rates for pg_stat_statements entries: what each statement cost between two readings,
 * per second of server time. During an incident the cumulative totals since the last reset (often
 * weeks) hide what is expensive now; the deltas do not.
 *
 * A reset shows as null (a dash) for one interval, never as a negative or inflated number:
 * - pg_stat_statements_info.stats_reset moved (14+): everything was cleared;
 * - an entry's stats_since moved (17+): that entry alone was reset or evicted and re-created;
 * - an entry's calls or time went backwards: it was reset (13 has no other sign).
 */
import type { Snapshot } from './collector';
import { statementsCollector, statementsInfoCollector, type Statement, type StatementsInfo } from './collectors/statements';

/** One reading of the view: rows and the server time (ms) they were taken at. */
export interface Reading {
  rows: readonly Statement[];
  at: number;
  info?: StatementsInfo;
}

/** Per-second deltas of one entry over the last interval. */
export interface IntervalRates {
  seconds: number;
  calls: number;
  /** Execution time per second of wall time (ms/s): 1000 means one backend busy all the time. */
  execMs: number;
  planMs: number;
  rows: number;
  sharedHit: number;
  sharedRead: number;
  sharedDirtied: number;
  sharedWritten: number;
  localRead: number;
  tempRead: number;
  tempWritten: number;
  /** Time in block reads and writes (track_io_timing), ms/s. */
  ioMs: number;
  tempIoMs: number | null;
  walBytes: number;
  walRecords: number;
  walFpi: number;
  /** Mean execution time of the calls made in the interval (ms), null when there were none. */
  meanMs: number | null;
  rowsPerCall: number | null;
  /** Shared buffer hit ratio of the interval, null when no block was touched. */
  hitRatio: number | null;
}

/** Why rates are missing this interval, for the pane's title line. */
export type RateGap = 'first' | 'reset' | 'none';

export interface RateResult {
  byKey: Map<string, IntervalRates>;
  /** Sum of every entry's execution time rate: the denominator of "share". */
  totalExecMs: number;
  gap: RateGap;
}

const d = (a: number, b: number) => b - a;

function delta(p: Statement, c: Statement, seconds: number): IntervalRates | null {
  // A counter that went backwards means the entry was reset between the readings.
  if (c.calls < p.calls || c.totalExecMs < p.totalExecMs - 1e-6 || c.rows < p.rows || c.sharedHit < p.sharedHit) return null;
  if (p.statsSince !== null && c.statsSince !== null && p.statsSince !== c.statsSince) return null;
  const calls = d(p.calls, c.calls);
  const execMs = d(p.totalExecMs, c.totalExecMs);
  const rows = d(p.rows, c.rows);
  const hit = d(p.sharedHit, c.sharedHit);
  const read = d(p.sharedRead, c.sharedRead);
  const tempIo =
    p.tempReadMs === null || c.tempReadMs === null || p.tempWriteMs === null || c.tempWriteMs === null
      ? null
      : (d(p.tempReadMs, c.tempReadMs) + d(p.tempWriteMs, c.tempWriteMs)) / seconds;
  return {
    seconds,
    calls: calls / seconds,
    execMs: execMs / seconds,
    planMs: d(p.totalPlanMs, c.totalPlanMs) / seconds,
    rows: rows / seconds,
    sharedHit: hit / seconds,
    sharedRead: read / seconds,
    sharedDirtied: d(p.sharedDirtied, c.sharedDirtied) / seconds,
    sharedWritten: d(p.sharedWritten, c.sharedWritten) / seconds,
    localRead: d(p.localRead, c.localRead) / seconds,
    tempRead: d(p.tempRead, c.tempRead) / seconds,
    tempWritten: d(p.tempWritten, c.tempWritten) / seconds,
    ioMs: (d(p.sharedReadMs, c.sharedReadMs) + d(p.sharedWriteMs, c.sharedWriteMs)) / seconds,
    tempIoMs: tempIo,
    walBytes: d(p.walBytes, c.walBytes) / seconds,
    walRecords: d(p.walRecords, c.walRecords) / seconds,
    walFpi: d(p.walFpi, c.walFpi) / seconds,
    meanMs: calls > 0 ? execMs / calls : null,
    rowsPerCall: calls > 0 ? rows / calls : null,
    hitRatio: hit + read > 0 ? hit / (hit + read) : null,
  };
}

const ZERO: Statement = {
  key: '', queryId: null, userId: 0, dbId: 0, toplevel: null, database: null, user: null, query: null, own: false, calls: 0, totalExecMs: 0, minExecMs: 0,
  maxExecMs: 0, meanExecMs: 0, stddevExecMs: 0, plans: 0, totalPlanMs: 0, rows: 0, sharedHit: 0, sharedRead: 0, sharedDirtied: 0, sharedWritten: 0,
  localHit: 0, localRead: 0, localWritten: 0, tempRead: 0, tempWritten: 0, sharedReadMs: 0, sharedWriteMs: 0, localReadMs: 0, localWriteMs: 0,
  tempReadMs: 0, tempWriteMs: 0, walRecords: 0, walFpi: 0, walBytes: 0, walBuffersFull: 0, jitFunctions: 0, jitMs: 0, parallelToLaunch: 0,
  parallelLaunched: 0, statsSince: null, minmaxStatsSince: null,
};

/**
 * Rates of every entry between two readings. An entry absent from the previous reading was created
 * during the interval (first execution, or re-created after eviction): it counts from zero, unless
 * its stats_since (17+) says it is older than the previous reading.
 */
export function intervalRates(prev: Reading | undefined, curr: Reading): RateResult {
  const byKey = new Map<string, IntervalRates>();
  if (!prev) return { byKey, totalExecMs: 0, gap: 'first' };
  const seconds = (curr.at - prev.at) / 1000;
  if (!(seconds > 0)) return { byKey, totalExecMs: 0, gap: 'first' };
  const pr = prev.info?.statsReset ?? null;
  const cr = curr.info?.statsReset ?? null;
  if (pr !== null && cr !== null && pr !== cr) return { byKey, totalExecMs: 0, gap: 'reset' };
  const before = new Map<string, Statement>();
  for (const s of prev.rows) before.set(s.key, s);
  let total = 0;
  let backwards = 0;
  for (const c of curr.rows) {
    if (c.queryId === null) continue; // hidden entries have no stable identity
    let p = before.get(c.key);
    if (!p) {
      if (c.statsSince !== null && c.statsSince * 1000 < prev.at - 1000) continue;
      p = { ...ZERO, key: c.key, statsSince: c.statsSince, tempReadMs: c.tempReadMs === null ? null : 0, tempWriteMs: c.tempWriteMs === null ? null : 0 };
    }
    const r = delta(p, c, seconds);
    if (!r) {
      backwards++;
      continue;
    }
    byKey.set(c.key, r);
    total += r.execMs;
  }
  // Every entry going backwards at once is a full reset on a server that cannot tell us (13).
  const gap: RateGap = backwards > 0 && byKey.size === 0 ? 'reset' : 'none';
  return { byKey, totalExecMs: total, gap };
}

/** The statements collector's reading in a snapshot, only when it succeeded this time. */
export function readingOf(snap: Snapshot | undefined): Reading | undefined {
  const r = snap?.results[statementsCollector.id];
  if (r?.state !== 'ok') return undefined;
  const info = snap?.results[statementsInfoCollector.id];
  return { rows: r.data as Statement[], at: r.at, info: info?.state === 'ok' ? (info.data as StatementsInfo) : undefined };
}
