-- Header figures for one refresh: one statement, so every figure shares the server clock of now().
-- PostgreSQL 13+. Own sessions ($1) are left out of ages but counted as used connections.
-- pg_stat_database sums include the shared-objects row (datid 0) since 12; it carries no xacts.
WITH a AS (
  SELECT state, backend_type, xact_start, backend_xmin, backend_xid, pid
    FROM pg_stat_activity
)
SELECT extract(epoch FROM now())::float8 AS taken_at,
       pg_is_in_recovery() AS in_recovery,
       (SELECT count(*) FROM a WHERE backend_type = 'client backend')::int AS client_total,
       (SELECT count(*) FROM a WHERE backend_type = 'client backend' AND state = 'active')::int AS active,
       (SELECT count(*) FROM a WHERE backend_type = 'client backend' AND state = 'idle')::int AS idle,
       (SELECT count(*) FROM a WHERE backend_type = 'client backend' AND state IN ('idle in transaction', 'idle in transaction (aborted)'))::int AS idle_in_xact,
       (SELECT count(*) FROM a WHERE backend_type = 'client backend' AND state IS NOT NULL AND state NOT IN ('active', 'idle', 'idle in transaction', 'idle in transaction (aborted)'))::int AS other_state,
       (SELECT count(*) FROM a WHERE backend_type <> 'client backend')::int AS background,
       (SELECT extract(epoch FROM now() - min(xact_start)) FROM a WHERE pid <> ALL($1::int[]))::float8 AS longest_xact_s,
       (SELECT max(greatest(age(backend_xmin), age(backend_xid))) FROM a WHERE pid <> ALL($1::int[]))::bigint AS oldest_xmin_age,
       s.xacts, s.blks_hit, s.blks_read, s.stats_reset
  FROM (SELECT sum(xact_commit + xact_rollback)::bigint AS xacts,
               sum(blks_hit)::bigint AS blks_hit,
               sum(blks_read)::bigint AS blks_read,
               extract(epoch FROM max(stats_reset))::float8 AS stats_reset
          FROM pg_stat_database) s
