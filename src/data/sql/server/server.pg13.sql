-- Server facts, read once per connection (and after every reconnect).
-- PostgreSQL 13+: pg_monitor, pg_read_all_stats and pg_signal_backend exist since 10.
SELECT current_setting('server_version_num')::int              AS version_num,
       current_setting('server_version')                       AS version,
       extract(epoch FROM pg_postmaster_start_time())::float8  AS started_at,
       pg_is_in_recovery()                                     AS in_recovery,
       current_user::text                                      AS current_user,
       current_database()::text                                AS database,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS is_superuser,
       pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS read_all_stats,
       pg_has_role(current_user, 'pg_signal_backend', 'USAGE') AS signal_backend,
       current_setting('max_connections')::int                 AS max_connections,
       current_setting('superuser_reserved_connections')::int  AS reserved_connections,
       -- current_setting() shows units ('1kB'); pg_settings.setting is the raw number of bytes.
       (SELECT setting::int FROM pg_settings WHERE name = 'track_activity_query_size') AS track_activity_query_size,
       current_setting('block_size')::int                      AS block_size,
       -- Only superusers and pg_read_all_settings may read it; pg_settings hides the row from
       -- others instead of failing, so the probe still works for an unprivileged role (NULL).
       (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS shared_preload_libraries,
       current_setting('server_encoding')                      AS server_encoding,
       (SELECT n.nspname::text
          FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pg_stat_statements')               AS pgss_schema,
       (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss_version
