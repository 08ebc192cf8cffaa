-- Databases whose size our role may not read (13-18): pg_database_size() needs CONNECT on the
-- database or pg_read_all_stats. databases.sql leaves them out; the checks say they did.
SELECT d.datname::text AS database
FROM pg_database d
WHERE d.datallowconn
  AND NOT (has_database_privilege(d.oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'USAGE'))
ORDER BY 1
