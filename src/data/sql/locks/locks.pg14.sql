-- The blocking tree: every backend waiting for a heavyweight lock, every backend it waits for,
-- what each waiter wants and every lock each of them holds or awaits.
-- PostgreSQL 14 added pg_locks.waitstart (when the wait began: null for a granted lock, and for
-- a moment after a wait starts) and made pg_describe_object() return NULL for an object that no
-- longer exists instead of failing; both are used here.
--
-- Cost (each pass over pg_stat_activity builds a row for every backend, and looks each one up in the
-- process array: 4 ms of server CPU or more at 2000 backends, most of what this statement cost):
-- - the waiters are found in pg_locks (its ungranted entries: a few ms to read the lock table),
--   then confirmed one by one with pg_stat_get_activity(pid), which builds the row of that backend
--   only; a wait for a heavyweight lock is both an ungranted entry and wait_event_type 'Lock', and
--   the latter is what pg_stat_activity shows (NULL for another role's backend without
--   pg_read_all_stats, so such a backend is not listed as a waiter, as in pg_stat_activity).
-- - pg_blocking_pids() briefly takes every lock-manager partition lock: called for waiters only.
-- - pg_locks is read a second time for the locks of the waiting pids and their blockers only,
--   while someone waits (the EXISTS below is a one-time filter evaluated before the scan).
-- - the backends of the tree are read one by one (pg_stat_get_activity(pid), joined to the
--   catalogs as the pg_stat_activity view does), not by a second pass over every backend.
-- $1 = our own backends' pids, never listed as waiters.
--
-- pg_blocking_pids() lists a pid twice when a parallel worker of that leader holds the lock too,
-- and 0 for a prepared transaction (which has no process): both are kept, the client handles them.
-- Relation and object names resolve only for locks in the connected database and on shared
-- catalogs: an OID from another database means nothing in this database's pg_class (regclass
-- would print a wrong name or a bare number), so those are shown as OID + database name.
-- Lock lists are capped at 500 entries per backend; lock_count has the true number.
-- date_part('epoch', t), not extract(epoch FROM t)::float8: since 14 extract computes a numeric, which
-- the cast turns into text and back (15 % of the activity statement's CPU at 2000 backends); date_part
-- divides the microseconds as a float8: the same value, the double nearest the exact quotient.
WITH waiting AS MATERIALIZED (
  SELECT c.pid, pg_blocking_pids(c.pid) AS blocked_by
    FROM (SELECT DISTINCT pid FROM pg_locks WHERE NOT granted AND pid <> ALL($1::int[])) c
   CROSS JOIN LATERAL pg_stat_get_activity(c.pid) s
   WHERE s.wait_event_type = 'Lock'
),
involved AS MATERIALIZED (
  SELECT pid FROM waiting
  UNION
  SELECT unnest(blocked_by) FROM waiting
),
lk AS MATERIALIZED (
  SELECT l.pid, l.locktype, l.mode, l.granted, l.fastpath,
         date_part('epoch', l.waitstart) AS wait_start,
         l.relation::bigint AS relation_oid,
         CASE WHEN l.database IN (0, here.oid) AND c.oid IS NOT NULL
              THEN format('%I.%I', n.nspname, c.relname) END AS relation,
         d.datname::text AS database,
         l.page, l.tuple::int AS tuple, l.virtualxid, l.transactionid::text AS transactionid,
         l.classid::bigint AS classid, l.objid::bigint AS objid, l.objsubid::int AS objsubid,
         CASE WHEN l.locktype = 'object' AND l.database IN (0, here.oid)
              THEN pg_describe_object(l.classid, l.objid, l.objsubid::int) END AS object
    FROM pg_locks l
   CROSS JOIN (SELECT oid FROM pg_database WHERE datname = current_database()) here
    LEFT JOIN pg_class c ON c.oid = l.relation AND l.database IN (0, here.oid)
    LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_database d ON d.oid = l.database
   WHERE l.pid IN (SELECT pid FROM involved)
     AND EXISTS (SELECT 1 FROM waiting)
),
numbered AS (
  SELECT lk.*,
         row_number() OVER (PARTITION BY pid ORDER BY granted, locktype, relation, mode) AS rn,
         count(*) OVER (PARTITION BY pid) AS n
    FROM lk
),
held AS (
  SELECT pid,
         max(n)::int AS lock_count,
         json_agg(json_build_object(
           'locktype', locktype, 'mode', mode, 'granted', granted, 'fastpath', fastpath,
           'wait_start', wait_start, 'relation', relation, 'relation_oid', relation_oid,
           'database', database, 'page', page, 'tuple', tuple, 'virtualxid', virtualxid,
           'transactionid', transactionid, 'classid', classid, 'objid', objid,
           'objsubid', objsubid, 'object', object) ORDER BY rn) FILTER (WHERE rn <= 500) AS locks
    FROM numbered
   GROUP BY pid
),
-- A backend waits for one lock at a time: its only ungranted entry.
wanted AS (
  SELECT DISTINCT ON (pid) * FROM lk WHERE NOT granted ORDER BY pid
),
-- A row-lock waiter waits on the holder's transaction id, which names no table; the tuple lock
-- it holds meanwhile says which table the row is in.
row_of AS (
  SELECT DISTINCT ON (pid) pid, relation, relation_oid, database
    FROM lk WHERE granted AND locktype = 'tuple' ORDER BY pid
)
SELECT i.pid,
       a.pid IS NOT NULL AS listed,
       -- NULL for other roles' backends unless our role has pg_read_all_stats (pg_monitor).
       date_part('epoch', a.backend_start) AS backend_start,
       d.datname::text AS database,
       u.rolname::text AS "user",
       a.application_name AS application,
       host(a.client_addr) AS client_addr,
       a.backend_type,
       a.state,
       a.wait_event_type,
       a.wait_event,
       date_part('epoch', a.xact_start) AS xact_start,
       date_part('epoch', a.query_start) AS query_start,
       date_part('epoch', a.state_change) AS state_change,
       w.blocked_by,
       wl.locktype AS wait_locktype,
       wl.mode AS wait_mode,
       wl.wait_start,
       coalesce(wl.relation, r.relation) AS wait_relation,
       coalesce(wl.relation_oid, r.relation_oid) AS wait_relation_oid,
       coalesce(wl.database, r.database) AS wait_database,
       wl.page AS wait_page,
       wl.tuple AS wait_tuple,
       wl.virtualxid AS wait_virtualxid,
       wl.transactionid AS wait_transactionid,
       wl.classid AS wait_classid,
       wl.objid AS wait_objid,
       wl.objsubid AS wait_objsubid,
       wl.object AS wait_object,
       coalesce(h.lock_count, 0) AS lock_count,
       h.locks,
       a.query
  FROM involved i
  LEFT JOIN LATERAL pg_stat_get_activity(i.pid) a ON true
  LEFT JOIN pg_database d ON d.oid = a.datid
  LEFT JOIN pg_roles u ON u.oid = a.usesysid
  LEFT JOIN waiting w ON w.pid = i.pid
  LEFT JOIN wanted wl ON wl.pid = i.pid
  LEFT JOIN row_of r ON r.pid = i.pid AND wl.locktype = 'transactionid'
  LEFT JOIN held h ON h.pid = i.pid
 ORDER BY i.pid
