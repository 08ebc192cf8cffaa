-- Locks held (or awaited) on tables and indexes of the connected database by other sessions,
-- with how long their transaction has been open (13-18): a migration's ALTER TABLE needs an
-- ACCESS EXCLUSIVE lock and queues behind every one of them, and every query on the table then
-- queues behind the ALTER. Without pg_read_all_stats another role's transaction start is hidden
-- (NULL): such rows are kept and counted by the check. $1: our own backends, left out.
SELECT n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind::text AS kind,
       l.mode,
       l.granted,
       l.pid,
       a.usename::text AS "user",
       a.state,
       extract(epoch FROM now() - a.xact_start)::float8 AS xact_secs
FROM pg_catalog.pg_locks l
JOIN pg_catalog.pg_class c ON c.oid = l.relation
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'relation'
  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
  AND NOT (l.pid = ANY ($1::int[]) AND l.pid IS NOT NULL)
ORDER BY a.xact_start NULLS LAST, n.nspname, c.relname
LIMIT 100
