-- Client connections against max_connections, less the slots kept for superusers
-- (superuser_reserved_connections) and, 16+, for pg_use_reserved_connections (read with missing_ok).
SELECT count(*) FILTER (WHERE backend_type = 'client backend')::int AS clients,
       count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active')::int AS active,
       count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'idle')::int AS idle,
       count(*) FILTER (WHERE backend_type = 'client backend' AND state LIKE 'idle in transaction%')::int AS idle_in_xact,
       current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int
         + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved
FROM pg_stat_activity
