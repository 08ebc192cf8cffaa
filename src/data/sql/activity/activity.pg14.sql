-- Backends for the activity pane. PostgreSQL 14 added pg_stat_activity.query_id (filled when
-- compute_query_id is on); it is a 64-bit signed id, kept as text.
-- Times are epoch seconds (float8): cheap to parse for thousands of rows, exact to the microsecond.
-- $2 / $3: include idle sessions / background processes. The pane hides both by default, and
-- on a server with thousands of idle connections most of the cost is sending rows nobody sees.
-- pg_blocking_pids() is called only for backends waiting on a lock; it is not free on busy servers.
SELECT pid,
       extract(epoch FROM backend_start)::float8 AS backend_start,
       datname::text AS database,
       usename::text AS "user",
       application_name AS application,
       host(client_addr) AS client_addr,
       client_hostname,
       client_port,
       backend_type,
       state,
       wait_event_type,
       wait_event,
       extract(epoch FROM xact_start)::float8 AS xact_start,
       extract(epoch FROM query_start)::float8 AS query_start,
       extract(epoch FROM state_change)::float8 AS state_change,
       backend_xid::text AS backend_xid,
       backend_xmin::text AS backend_xmin,
       age(backend_xmin)::bigint AS xmin_age,
       leader_pid,
       query_id::text AS query_id,
       CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) END AS blocked_by,
       query
  FROM pg_stat_activity
 WHERE pid <> ALL($1::int[])
   AND ($2::bool OR state IS DISTINCT FROM 'idle')
   AND ($3::bool OR backend_type IS NULL OR backend_type = 'client backend')
