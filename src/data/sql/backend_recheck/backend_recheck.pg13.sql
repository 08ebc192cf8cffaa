-- What became of signalled backends, read on the refresh after the signal. Same on every
-- supported major. $1 = pids; the caller matches backend_start (the screens' float8 epoch) to
-- tell the same backend from a new one that took the pid, or role and database when its role
-- may not read other roles' backend_start.
SELECT pid,
       extract(epoch FROM backend_start)::float8 AS backend_start,
       usename::text AS "user",
       datname::text AS database,
       state,
       wait_event_type,
       wait_event
  FROM pg_stat_activity
 WHERE pid = ANY($1::int[])
