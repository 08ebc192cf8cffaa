/**
 * The `statements` section of `snapshot --json`: raw counters per entry as pg_stat_statements has
 * them (times in ms, ISO timestamps), and the rates over the interval between two readings taken
 * about a second apart (null for an entry without a comparable previous reading).
 */
import type { Snapshot } from '../../data/collector';
import type { Statement } from '../../data/collectors/statements';
import { iso } from '../json';
import { intervalRates, readingOf, type IntervalRates } from '../../data/statementRates';


function rateJson(r: IntervalRates | undefined, totalExecMs: number) {
  if (!r) return null;
  return {
    calls_per_s: r.calls,
    exec_ms_per_s: r.execMs,
    share_of_exec_time: totalExecMs > 0 ? r.execMs / totalExecMs : null,
    mean_exec_ms: r.meanMs,
    rows_per_s: r.rows,
    shared_hit_ratio: r.hitRatio,
    shared_blks_read_per_s: r.sharedRead,
    shared_blks_dirtied_per_s: r.sharedDirtied,
    temp_blks_written_per_s: r.tempWritten,
    temp_blks_read_per_s: r.tempRead,
    io_ms_per_s: r.ioMs,
    wal_bytes_per_s: r.walBytes,
    plan_ms_per_s: r.planMs,
  };
}

function rowJson(s: Statement, rate: ReturnType<typeof rateJson>) {
  return {
    queryid: s.queryId,
    database: s.database,
    user: s.user,
    toplevel: s.toplevel,
    query: s.query,
    calls: s.calls,
    total_exec_time_ms: s.totalExecMs,
    min_exec_time_ms: s.minExecMs,
    max_exec_time_ms: s.maxExecMs,
    mean_exec_time_ms: s.meanExecMs,
    stddev_exec_time_ms: s.stddevExecMs,
    plans: s.plans,
    total_plan_time_ms: s.totalPlanMs,
    rows: s.rows,
    shared_blks_hit: s.sharedHit,
    shared_blks_read: s.sharedRead,
    shared_blks_dirtied: s.sharedDirtied,
    shared_blks_written: s.sharedWritten,
    local_blks_hit: s.localHit,
    local_blks_read: s.localRead,
    local_blks_written: s.localWritten,
    temp_blks_read: s.tempRead,
    temp_blks_written: s.tempWritten,
    shared_blk_read_time_ms: s.sharedReadMs,
    shared_blk_write_time_ms: s.sharedWriteMs,
    local_blk_read_time_ms: s.localReadMs,
    local_blk_write_time_ms: s.localWriteMs,
    temp_blk_read_time_ms: s.tempReadMs,
    temp_blk_write_time_ms: s.tempWriteMs,
    wal_records: s.walRecords,
    wal_fpi: s.walFpi,
    wal_bytes: s.walBytes,
    wal_buffers_full: s.walBuffersFull,
    jit_functions: s.jitFunctions,
    jit_time_ms: s.jitMs,
    parallel_workers_to_launch: s.parallelToLaunch,
    parallel_workers_launched: s.parallelLaunched,
    stats_since: iso(s.statsSince),
    minmax_stats_since: iso(s.minmaxStatsSince),
    interval: rate,
  };
}

/** The section's value; a failure of the collector is reported by the caller. */
export function statementsJson(snap: Snapshot, prev: Snapshot | undefined) {
  const curr = readingOf(snap);
  if (!curr) return null;
  const before = readingOf(prev);
  const rates = intervalRates(before && before.at < curr.at ? before : undefined, curr);
  const info = curr.info;
  return {
    interval_seconds: before && before.at < curr.at ? (curr.at - before.at) / 1000 : null,
    interval_gap: rates.gap === 'none' ? null : rates.gap,
    stats_reset: iso(info?.statsReset),
    dealloc: info?.dealloc ?? null,
    // Set when the texts could not be read (see textsUnreadable): every figure is there, no query text.
    note: snap.results.statements?.state === 'ok' ? (snap.results.statements.note ?? null) : null,
    settings: info
      ? { max: info.max, track: info.track, track_planning: info.trackPlanning, compute_query_id: info.computeQueryId, track_io_timing: info.trackIoTiming }
      : null,
    // pgwarden's own monitoring statements are the tool, not the workload: counted, not listed.
    own_hidden: curr.rows.filter((s) => s.own).length,
    rows: curr.rows.filter((s) => !s.own).map((s) => rowJson(s, rateJson(rates.byKey.get(s.key), rates.totalExecMs))),
  };
}
