-- Header figures for one refresh: one statement, so every figure shares the server clock of now().
-- PostgreSQL 13+. pgwarden's own sessions ($1: polling, action, one-off) are left out of every
-- figure: the header describes the server's workload, as the activity pane lists it.
-- One pass over pg_stat_activity with filtered aggregates: on a server with thousands of
-- connections each pass over it costs milliseconds of server time.
-- While the activity pane is shown, these figures come from its statement instead (see
-- collectors/summary.ts: summaryFromActivity).
-- pg_stat_database sums include the shared-objects row (datid 0) since 12; it carries no xacts.
SELECT extract(epoch FROM now())::float8 AS taken_at,
       pg_is_in_recovery() AS in_recovery,
       a.client_total, a.active, a.idle, a.idle_in_xact, a.other_state, a.background, a.lock_waiting,
       extract(epoch FROM now() - a.oldest_xact_start)::float8 AS longest_xact_s,
       a.oldest_xmin_age,
       s.xacts, s.blks_hit, s.blks_read, s.stats_reset
  FROM (SELECT count(*) FILTER (WHERE client)::int AS client_total,
               count(*) FILTER (WHERE client AND wait_event_type = 'Lock')::int AS lock_waiting,
               count(*) FILTER (WHERE client AND state = 'active')::int AS active,
               count(*) FILTER (WHERE client AND state = 'idle')::int AS idle,
               count(*) FILTER (WHERE client AND state IN ('idle in transaction', 'idle in transaction (aborted)'))::int AS idle_in_xact,
               count(*) FILTER (WHERE client AND state IS NOT NULL AND state NOT IN ('active', 'idle', 'idle in transaction', 'idle in transaction (aborted)'))::int AS other_state,
               count(*) FILTER (WHERE NOT client)::int AS background,
               min(xact_start) AS oldest_xact_start,
               max(greatest(age(backend_xmin), age(backend_xid)))::bigint AS oldest_xmin_age
          FROM (SELECT state, xact_start, backend_xmin, backend_xid, wait_event_type,
                       coalesce(backend_type, 'client backend') = 'client backend' AS client
                  FROM pg_stat_activity
                 WHERE pid <> ALL($1::int[])) b) a,
       (SELECT sum(xact_commit + xact_rollback)::bigint AS xacts,
               sum(blks_hit)::bigint AS blks_hit,
               sum(blks_read)::bigint AS blks_read,
               extract(epoch FROM max(stats_reset))::float8 AS stats_reset
          FROM pg_stat_database) s
