-- What the problems line needs beyond the header's figures, in one statement run every few seconds
-- (collectors/problems.ts: PROBLEMS_EVERY_MS) on every screen. PostgreSQL 13+.
-- Cost at 2000 backends: 23 ms of server time against 19 ms for summary.pg13.sql (its own pass
-- over pg_stat_activity, mostly building the view's rows), hence the slower cadence.
-- Only suspects come back, a few rows at most, one kind per row:
--   blocker     a session at the root of a lock wait tree, with how many sessions wait behind it
--   idle_xact   the sessions idle in transaction the longest
--   long_query  the active queries running the longest (not those waiting on a lock: their blocker is the problem)
--   xmin        the session whose snapshot or transaction is the oldest (it holds the xmin horizon),
--               with the dead tuples of this database that VACUUM cannot remove meanwhile
--   new_backends  client backends that connected in the last $3 seconds (a connection storm)
--   table       tables of this database past their autovacuum trigger, computed as vacuum.pg13.sql does
--   archiver    WAL archiving when archive_mode is on: failures and the last success
--   wraparound  the database with the oldest datfrozenxid
-- $1: our own pids, left out. $2: characters of query text kept. $3: storm window in seconds.
-- One pass over pg_stat_activity, keeping only the sessions that can be suspects: not idle (an
-- idle session holds no lock, snapshot or transaction), or connected within the storm window. On a
-- server with thousands of idle connections that is a handful of rows: copying every backend's
-- query text into the materialized set tripled the statement's cost at 2000 backends.
-- pg_blocking_pids() is called for lock waiters only.
-- date_part('epoch', t), not extract(epoch FROM t)::float8: since 14 extract computes a numeric, which
-- the cast turns into text and back (15 % of the activity statement's CPU at 2000 backends); date_part
-- divides the microseconds as a float8: the same value, the double nearest the exact quotient.
WITH RECURSIVE a AS MATERIALIZED (
  SELECT pid, backend_start, application_name, usename, datname, state, wait_event_type,
         xact_start, query_start, state_change, backend_xmin, backend_xid, left(query, $2) AS query
    FROM pg_stat_activity, (SELECT now() - make_interval(secs => $3) AS storm_since) w
   WHERE pid <> ALL($1::int[]) AND coalesce(backend_type, 'client backend') = 'client backend'
     AND (state IS DISTINCT FROM 'idle' OR backend_start > w.storm_since)
),
edges AS MATERIALIZED (
  SELECT w.pid AS waiter, b.blocker
    FROM a w, unnest(pg_blocking_pids(w.pid)) AS b(blocker)
   WHERE w.wait_event_type = 'Lock'
),
reach(root, waiter) AS (
  SELECT e.blocker, e.waiter FROM edges e WHERE e.blocker NOT IN (SELECT waiter FROM edges)
  UNION
  SELECT r.root, e.waiter FROM reach r JOIN edges e ON e.blocker = r.waiter
),
roots AS (SELECT root, count(DISTINCT waiter) AS n FROM reach GROUP BY root),
g AS (
  SELECT current_setting('autovacuum_vacuum_threshold')::float8 AS vac_base,
         current_setting('autovacuum_vacuum_scale_factor')::float8 AS vac_scale
)
(SELECT 'blocker' AS kind, r.root AS pid, date_part('epoch', x.backend_start) AS backend_start,
        x.application_name AS app, x.usename::text AS usr, x.datname::text AS db, x.state,
        date_part('epoch', x.xact_start) AS xact_start, date_part('epoch', x.state_change) AS since,
        NULL::bigint AS age, r.n::float8 AS n, NULL::float8 AS m, NULL::float8 AS k, NULL::text AS name, x.query
   FROM roots r LEFT JOIN a x ON x.pid = r.root
  ORDER BY r.n DESC, r.root LIMIT 5)
UNION ALL
(SELECT 'idle_xact', pid, date_part('epoch', backend_start), application_name, usename::text, datname::text, state,
        date_part('epoch', xact_start), date_part('epoch', state_change), NULL, NULL, NULL, NULL, NULL, query
   FROM a WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
  ORDER BY state_change LIMIT 3)
UNION ALL
(SELECT 'long_query', pid, date_part('epoch', backend_start), application_name, usename::text, datname::text, state,
        date_part('epoch', xact_start), date_part('epoch', query_start), NULL, NULL, NULL, NULL, NULL, query
   FROM a WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock'
  ORDER BY query_start LIMIT 3)
UNION ALL
(SELECT 'xmin', pid, date_part('epoch', backend_start), application_name, usename::text, datname::text, state,
        date_part('epoch', xact_start), date_part('epoch', state_change),
        greatest(age(backend_xmin), age(backend_xid))::bigint,
        (SELECT sum(n_dead_tup)::float8 FROM pg_stat_user_tables), NULL, NULL, NULL, query
   FROM a WHERE backend_xmin IS NOT NULL OR backend_xid IS NOT NULL
  ORDER BY greatest(age(backend_xmin), age(backend_xid)) DESC, xact_start LIMIT 1)
UNION ALL
SELECT 'new_backends', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       count(*) FILTER (WHERE backend_start > now() - make_interval(secs => $3))::float8, $3::float8, NULL, NULL, NULL
  FROM a
UNION ALL
(SELECT 'table', c.oid::bigint, NULL, NULL, NULL, NULL,
        CASE WHEN coalesce(o.enabled, 'on') IN ('off', 'false', 'no', '0') THEN 'autovacuum off' END,
        NULL, extract(epoch FROM greatest(s.last_vacuum, s.last_autovacuum))::float8, NULL,
        s.n_dead_tup::float8, s.n_live_tup::float8,
        coalesce(o.vac_base, g.vac_base) + coalesce(o.vac_scale, g.vac_scale) * greatest(c.reltuples, 0),
        n.nspname::text || '.' || c.relname::text, NULL
   FROM pg_class c
   JOIN pg_namespace n ON n.oid = c.relnamespace
   JOIN pg_stat_user_tables s ON s.relid = c.oid
  CROSS JOIN g
   LEFT JOIN LATERAL (
     SELECT max(option_value) FILTER (WHERE option_name = 'autovacuum_enabled') AS enabled,
            max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_vacuum_threshold') AS vac_base,
            max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_vacuum_scale_factor') AS vac_scale
       FROM pg_options_to_table(c.reloptions)
   ) o ON true
  WHERE s.n_dead_tup > coalesce(o.vac_base, g.vac_base) + coalesce(o.vac_scale, g.vac_scale) * greatest(c.reltuples, 0)
  ORDER BY s.n_dead_tup DESC LIMIT 5)
UNION ALL
SELECT 'archiver', NULL, NULL, NULL, NULL, NULL, current_setting('archive_mode'),
       date_part('epoch', last_failed_time), date_part('epoch', last_archived_time), NULL,
       failed_count::float8, archived_count::float8, NULL, last_failed_wal, NULL
  FROM pg_stat_archiver
 WHERE current_setting('archive_mode') <> 'off'
UNION ALL
(SELECT 'wraparound', NULL, NULL, NULL, NULL, datname::text, NULL, NULL, NULL, age(datfrozenxid)::bigint,
        NULL, NULL, NULL, datname::text, NULL
   FROM pg_database ORDER BY age(datfrozenxid) DESC LIMIT 1)
UNION ALL
SELECT 'now', NULL, NULL, NULL, NULL, NULL, NULL, NULL, extract(epoch FROM now())::float8, NULL, NULL, NULL, NULL, NULL, NULL
