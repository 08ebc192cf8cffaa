-- pg_stat_statements' own state for the statements pane. PostgreSQL 14 (extension 1.9) added
-- pg_stat_statements_info: stats_reset (when pg_stat_statements_reset() last cleared everything,
-- which makes every counter go back to zero) and dealloc (entries evicted because
-- pg_stat_statements.max was reached). 14 also added compute_query_id: "off" means nothing is
-- tracked. /*@pgss_schema*/ is replaced by the extension's quoted schema.
SELECT extract(epoch FROM i.stats_reset)::float8                   AS stats_reset,
       i.dealloc,
       current_setting('pg_stat_statements.max', true)             AS max,
       current_setting('pg_stat_statements.track', true)           AS track,
       current_setting('pg_stat_statements.track_planning', true)  AS track_planning,
       current_setting('compute_query_id', true)                   AS compute_query_id,
       current_setting('track_io_timing')                          AS track_io_timing
  FROM /*@pgss_schema*/pg_stat_statements_info i
