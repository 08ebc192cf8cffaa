-- Lock counts across the server by kind, mode and object, granted and waiting: what the lock
-- table holds right now. Same on every supported major (pg_locks.fastpath exists since 9.2).
-- One pass over pg_locks, aggregated in the server: a few rows travel even when thousands of
-- locks are held. $1 = our own backends' pids (the catalogue locks this very query takes are not
-- the server's business). Names resolve for the connected database and shared catalogs only.
SELECT l.locktype,
       l.mode,
       d.datname::text AS database,
       l.relation::bigint AS relation_oid,
       CASE WHEN c.oid IS NOT NULL THEN format('%I.%I', n.nspname, c.relname) END AS relation,
       count(*) FILTER (WHERE l.granted)::int AS granted,
       count(*) FILTER (WHERE NOT l.granted)::int AS waiting,
       count(*) FILTER (WHERE l.fastpath)::int AS fastpath
  FROM pg_locks l
 CROSS JOIN (SELECT oid FROM pg_database WHERE datname = current_database()) here
  LEFT JOIN pg_class c ON c.oid = l.relation AND l.database IN (0, here.oid)
  LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_database d ON d.oid = l.database
 WHERE l.pid IS NULL OR l.pid <> ALL($1::int[])
 GROUP BY l.locktype, l.mode, d.datname, l.relation, c.oid, n.nspname, c.relname
 ORDER BY count(*) FILTER (WHERE NOT l.granted) DESC, count(*) DESC, 5, 1, 2
 LIMIT 500
