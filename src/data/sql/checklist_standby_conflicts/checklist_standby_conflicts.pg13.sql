-- Queries a standby cancelled because replay needed what they held or saw (pg_stat_database_conflicts,
-- counted since each database's statistics reset), the settings that decide how long replay waits
-- for them, and the oldest query running here now. Same columns on 13-18 (16 adds
-- confl_active_logicalslot, not read). On a primary every count is 0.
SELECT c.datname AS database,
       c.confl_snapshot, c.confl_lock, c.confl_bufferpin, c.confl_deadlock, c.confl_tablespace,
       extract(epoch FROM d.stats_reset)::float8 AS stats_reset,
       current_setting('hot_standby_feedback') AS hot_standby_feedback,
       (SELECT setting::float8 FROM pg_settings WHERE name = 'max_standby_streaming_delay') AS streaming_delay_ms,
       (SELECT extract(epoch FROM max(clock_timestamp() - query_start))::float8
          FROM pg_stat_activity
         WHERE state = 'active' AND backend_type = 'client backend' AND pid <> ALL ($1::int[])) AS oldest_query_s,
       -- Other roles' sessions show no state, start or backend type to a role without
       -- pg_read_all_stats; their user stays visible (server processes have none).
       (SELECT count(*) FROM pg_stat_activity
         WHERE usesysid IS NOT NULL AND state IS NULL AND pid <> pg_backend_pid())::int AS hidden_sessions
  FROM pg_stat_database_conflicts c
  JOIN pg_stat_database d ON d.datid = c.datid
 ORDER BY c.datname
