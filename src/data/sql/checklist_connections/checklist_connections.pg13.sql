-- Client connections against max_connections, less the slots kept for superusers
-- (superuser_reserved_connections) and, 16+, for pg_use_reserved_connections (read with missing_ok).
-- Without pg_read_all_stats, other roles' backends show no backend_type (and no state): those with
-- a role (usesysid; server processes have none) are counted as clients, so the usage is not
-- understated; `hidden` says how many were counted blind.
SELECT count(*) FILTER (WHERE backend_type = 'client backend' OR (backend_type IS NULL AND usesysid IS NOT NULL))::int AS clients,
       count(*) FILTER (WHERE backend_type IS NULL AND usesysid IS NOT NULL)::int AS hidden,
       count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active')::int AS active,
       count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'idle')::int AS idle,
       count(*) FILTER (WHERE backend_type = 'client backend' AND state LIKE 'idle in transaction%')::int AS idle_in_xact,
       current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int
         + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved
FROM pg_stat_activity
