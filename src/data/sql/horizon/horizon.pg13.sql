-- Everything that holds back the xmin horizon, the oldest transaction VACUUM must still treat as
-- running: rows deleted after it cannot be removed anywhere in the cluster (catalog_xmin: in the
-- system catalogs). One row per holder, oldest first. PostgreSQL 13+.
--   backend   a session's snapshot (backend_xmin) or its own transaction (backend_xid); walsenders
--             are left to the `standby` rows, our own sessions ($1) are left out; without
--             pg_read_all_stats another role's session comes with a NULL state and name
--   prepared  a prepared transaction (PREPARE TRANSACTION) not yet committed or rolled back
--   slot      a replication slot's xmin or catalog_xmin (logical slots hold catalog_xmin)
--   standby   a standby's oldest snapshot reported through hot_standby_feedback
-- Ages are in transactions (age()); `since` is when the holder started (transaction start,
-- preparation, connection of the standby) where the server knows it.
-- Cost: one pass over pg_stat_activity (each builds a row for every backend: 4 ms of server CPU or more
-- at 2000 backends), kept to the backends that hold an xmin. The pg_stat_replication view is
-- another such pass joined to pg_stat_get_wal_senders(); its rows are taken from this pass and
-- that function instead (the view's own definition: same columns, same visibility rules).
-- date_part('epoch', t), not extract(epoch FROM t)::float8: since 14 extract computes a numeric, which
-- the cast turns into text and back (15 % of the activity statement's CPU at 2000 backends); date_part
-- divides the microseconds as a float8: the same value, the double nearest the exact quotient.
WITH a AS MATERIALIZED (
  SELECT pid, backend_start, application_name, usename, datname, state, backend_xmin, backend_xid,
         xact_start, backend_type, client_addr
    FROM pg_stat_activity
   WHERE (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)
     AND pid <> ALL($1::int[])
),
-- Its pid is shown to every role (its state and the rest need pg_read_all_stats, as in the view).
w AS MATERIALIZED (
  SELECT pid, state FROM pg_stat_get_wal_senders()
)
SELECT 'backend' AS kind,
       a.pid,
       date_part('epoch', a.backend_start) AS backend_start,
       coalesce(a.application_name, '') AS name,
       a.usename::text AS "user",
       a.datname::text AS database,
       a.state,
       CASE WHEN age(a.backend_xid) >= coalesce(age(a.backend_xmin), 0) THEN a.backend_xid ELSE a.backend_xmin END::text AS xmin,
       greatest(age(a.backend_xid), age(a.backend_xmin))::bigint AS xmin_age,
       date_part('epoch', a.xact_start) AS since,
       a.backend_type AS detail
  FROM a
   -- backend_xmin and backend_xid are shown for every backend, but backend_type (and state, query)
   -- only with pg_read_all_stats: a walsender is known by its pid in pg_stat_get_wal_senders(),
   -- which every role sees, so another role's session is not lost to a NULL backend_type.
 WHERE a.pid NOT IN (SELECT w.pid FROM w)
UNION ALL
SELECT 'prepared', NULL, NULL, p.gid, p.owner::text, p.database::text, NULL,
       p.transaction::text, age(p.transaction)::bigint, date_part('epoch', p.prepared), NULL
  FROM pg_prepared_xacts p
UNION ALL
SELECT 'slot', s.active_pid, NULL, s.slot_name::text, NULL, s.database::text,
       CASE WHEN s.active THEN 'active' ELSE 'inactive' END,
       s.xmin::text, age(s.xmin)::bigint, NULL, s.slot_type || ' xmin'
  FROM pg_replication_slots s
 WHERE s.xmin IS NOT NULL
UNION ALL
SELECT 'slot', s.active_pid, NULL, s.slot_name::text, NULL, s.database::text,
       CASE WHEN s.active THEN 'active' ELSE 'inactive' END,
       s.catalog_xmin::text, age(s.catalog_xmin)::bigint, NULL, s.slot_type || ' catalog_xmin'
  FROM pg_replication_slots s
 WHERE s.catalog_xmin IS NOT NULL
UNION ALL
-- A standby's feedback xmin is its walsender's backend_xmin: the rows pg_stat_replication would give.
SELECT 'standby', a.pid, date_part('epoch', a.backend_start), coalesce(a.application_name, ''), a.usename::text, NULL,
       w.state, a.backend_xmin::text, age(a.backend_xmin)::bigint, date_part('epoch', a.backend_start),
       host(a.client_addr)
  FROM a JOIN w ON w.pid = a.pid
 WHERE a.backend_xmin IS NOT NULL
 ORDER BY xmin_age DESC NULLS LAST
