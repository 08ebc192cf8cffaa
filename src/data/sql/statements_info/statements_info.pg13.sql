-- pg_stat_statements' own state for the statements pane. PostgreSQL 13 (extension 1.8) has no
-- pg_stat_statements_info view: when the statistics were last reset and how many entries were
-- evicted are unknown (NULL). The settings read with missing_ok so an unloaded module gives NULL.
SELECT NULL::float8                                                AS stats_reset,
       NULL::bigint                                                AS dealloc,
       current_setting('pg_stat_statements.max', true)             AS max,
       current_setting('pg_stat_statements.track', true)           AS track,
       current_setting('pg_stat_statements.track_planning', true)  AS track_planning,
       NULL::text                                                  AS compute_query_id,
       current_setting('track_io_timing')                          AS track_io_timing
