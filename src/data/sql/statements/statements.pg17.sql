-- Statements for the statements pane, from pg_stat_statements 1.11 (PostgreSQL 17).
-- 17 renamed blk_read_time / blk_write_time to shared_blk_read_time / shared_blk_write_time, added
-- local_blk_*_time, jit_deform_count / jit_deform_time, and stats_since / minmax_stats_since (when
-- this entry's counters, and its min/max, started: a per-entry reset moves them). Later columns are
-- NULL: wal_buffers_full and parallel_workers_* (18).
-- /*@pgss_schema*/ is replaced by the extension's quoted schema.
-- $1 is showtext: the view is pg_stat_statements(true); false reads every figure but no text (see
-- statementsCollector.degraded: one text that is not valid in this database's encoding fails them all).
-- date_part('epoch', t), not extract(epoch FROM t)::float8: since 14 extract computes a numeric, which
-- the cast turns into text and back (15 % of the activity statement's CPU at 2000 backends); date_part
-- divides the microseconds as a float8: the same value, the double nearest the exact quotient.
SELECT s.queryid::text                  AS queryid,
       s.userid::bigint                 AS userid,
       s.dbid::bigint                   AS dbid,
       s.toplevel,
       d.datname::text                  AS database,
       r.rolname::text                  AS "user",
       s.query,
       s.calls,
       s.total_exec_time,
       s.min_exec_time,
       s.max_exec_time,
       s.mean_exec_time,
       s.stddev_exec_time,
       s.plans,
       s.total_plan_time,
       s.rows,
       s.shared_blks_hit,
       s.shared_blks_read,
       s.shared_blks_dirtied,
       s.shared_blks_written,
       s.local_blks_hit,
       s.local_blks_read,
       s.local_blks_written,
       s.temp_blks_read,
       s.temp_blks_written,
       s.shared_blk_read_time,
       s.shared_blk_write_time,
       s.local_blk_read_time,
       s.local_blk_write_time,
       s.temp_blk_read_time,
       s.temp_blk_write_time,
       s.wal_records,
       s.wal_fpi,
       s.wal_bytes,
       NULL::bigint                     AS wal_buffers_full,
       s.jit_functions,
       s.jit_generation_time + s.jit_inlining_time + s.jit_optimization_time + s.jit_emission_time
         + s.jit_deform_time            AS jit_time,
       NULL::bigint                     AS parallel_workers_to_launch,
       NULL::bigint                     AS parallel_workers_launched,
       date_part('epoch', s.stats_since)        AS stats_since,
       date_part('epoch', s.minmax_stats_since) AS minmax_stats_since
  FROM /*@pgss_schema*/pg_stat_statements($1::boolean) s
  LEFT JOIN pg_database d ON d.oid = s.dbid
  LEFT JOIN pg_roles r ON r.oid = s.userid
