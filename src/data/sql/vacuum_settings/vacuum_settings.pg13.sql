-- Server-wide autovacuum settings the vacuum pane explains, and whether pgstattuple (exact bloat
-- figures on request) is installed in the connected database. PostgreSQL 13+.
SELECT current_setting('autovacuum')::bool AS autovacuum,
       current_setting('track_counts')::bool AS track_counts,
       current_setting('autovacuum_max_workers')::int AS max_workers,
       extract(epoch FROM current_setting('autovacuum_naptime')::interval)::float8 AS naptime_s,
       current_setting('autovacuum_vacuum_threshold')::float8 AS vacuum_threshold,
       current_setting('autovacuum_vacuum_scale_factor')::float8 AS vacuum_scale_factor,
       current_setting('autovacuum_vacuum_insert_threshold')::float8 AS insert_threshold,
       current_setting('autovacuum_vacuum_insert_scale_factor')::float8 AS insert_scale_factor,
       current_setting('autovacuum_analyze_threshold')::float8 AS analyze_threshold,
       current_setting('autovacuum_analyze_scale_factor')::float8 AS analyze_scale_factor,
       current_setting('autovacuum_freeze_max_age')::bigint AS freeze_max_age,
       current_setting('autovacuum_multixact_freeze_max_age')::bigint AS mxid_freeze_max_age,
       current_setting('autovacuum_vacuum_cost_delay') AS cost_delay,
       current_setting('autovacuum_vacuum_cost_limit')::int AS cost_limit,
       (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')::int AS workers_running,
       (SELECT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pgstattuple') AS pgstattuple_schema
