-- Backends for the activity pane, and with them the figures the header needs.
-- PostgreSQL 14+: pg_stat_activity.query_id (filled when compute_query_id is on) is a 64-bit
-- signed id, kept as text.
--
-- Each pass over pg_stat_activity builds a row for every backend of the server, milliseconds of
-- server time per refresh with thousands of connections, so the header does not make a second
-- one while this pane is shown: every backend comes back, and the client counts them. Only the
-- backends the pane lists ($2 / $3: idle sessions, background processes; both hidden by default)
-- carry their details; the others are "partial": pid, state, transaction start, horizon age and
-- the type of a background process (NULL: a client backend), the rest NULL (on a busy server most
-- of the cost, on both sides, is sending and parsing fields nobody sees).
-- The header's database figures come in one more row, with a NULL pid, after the backends.
-- $1: our own pids, left out (the header adds them back as used connections).
-- Times are epoch seconds (float8): cheap to parse for thousands of rows, exact to the microsecond.
-- date_part('epoch', t), not extract(epoch FROM t)::float8: since 14 extract computes a numeric, which
-- the cast turns into text and back (15 % of the activity statement's CPU at 2000 backends); date_part
-- divides the microseconds as a float8: the same value, the double nearest the exact quotient.
-- pg_blocking_pids() is called only for listed backends waiting on a lock; it is not free on busy servers.
-- pg_stat_database sums include the shared-objects row (datid 0) since 12; it carries no xacts.
SELECT pid,
       CASE WHEN l.listed THEN date_part('epoch', backend_start) END AS backend_start,
       CASE WHEN l.listed OR backend_type IS DISTINCT FROM 'client backend' THEN backend_type END AS backend_type,
       state,
       date_part('epoch', xact_start) AS xact_start,
       greatest(age(backend_xmin), age(backend_xid))::bigint AS horizon_age,
       NOT l.listed AS partial,
       CASE WHEN l.listed THEN datname::text END AS database,
       CASE WHEN l.listed THEN usename::text END AS "user",
       CASE WHEN l.listed THEN application_name END AS application,
       CASE WHEN l.listed THEN host(client_addr) END AS client_addr,
       CASE WHEN l.listed THEN client_hostname END AS client_hostname,
       CASE WHEN l.listed THEN client_port END AS client_port,
       CASE WHEN l.listed THEN wait_event_type END AS wait_event_type,
       CASE WHEN l.listed THEN wait_event END AS wait_event,
       CASE WHEN l.listed THEN date_part('epoch', query_start) END AS query_start,
       CASE WHEN l.listed THEN date_part('epoch', state_change) END AS state_change,
       CASE WHEN l.listed THEN backend_xid::text END AS backend_xid,
       CASE WHEN l.listed THEN backend_xmin::text END AS backend_xmin,
       CASE WHEN l.listed THEN age(backend_xmin)::bigint END AS xmin_age,
       CASE WHEN l.listed THEN leader_pid END AS leader_pid,
       CASE WHEN l.listed THEN query_id::text END AS query_id,
       CASE WHEN l.listed AND wait_event_type = 'Lock' THEN pg_blocking_pids(pid) END AS blocked_by,
       CASE WHEN l.listed THEN query END AS query,
       NULL::float8 AS taken_at,
       NULL::bool AS in_recovery,
       NULL::bigint AS xacts,
       NULL::bigint AS blks_hit,
       NULL::bigint AS blks_read,
       NULL::float8 AS stats_reset
  FROM pg_stat_activity
 CROSS JOIN LATERAL (SELECT ($2::bool OR state IS DISTINCT FROM 'idle')
                        AND ($3::bool OR backend_type IS NULL OR backend_type = 'client backend') AS listed) l
 WHERE pid <> ALL($1::int[])
UNION ALL
SELECT NULL::int, NULL::float8, NULL::text, NULL::text, NULL::float8, NULL::bigint, NULL::bool, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::int, NULL::text, NULL::text, NULL::float8, NULL::float8, NULL::text, NULL::text, NULL::bigint, NULL::int, NULL::text, NULL::int[], NULL::text,
       extract(epoch FROM now())::float8, pg_is_in_recovery(),
       sum(xact_commit + xact_rollback)::bigint, sum(blks_hit)::bigint, sum(blks_read)::bigint,
       extract(epoch FROM max(stats_reset))::float8
  FROM pg_stat_database
