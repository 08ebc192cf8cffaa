-- Size and temporary-file spill of every database we may connect to (13-18).
-- pg_database_size() needs CONNECT on the database (or pg_read_all_stats), hence the filter.
SELECT d.datname AS database,
       pg_database_size(d.oid)::float8 AS bytes,
       s.temp_files::float8 AS temp_files,
       s.temp_bytes::float8 AS temp_bytes
FROM pg_database d
LEFT JOIN pg_stat_database s ON s.datid = d.oid
WHERE d.datallowconn
  AND (has_database_privilege(d.oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'USAGE'))
ORDER BY bytes DESC
