-- The normalized text of one pg_stat_statements entry and where it ran, to EXPLAIN it as a generic
-- plan. PostgreSQL 13+ (total_exec_time exists from extension 1.8). One queryid can have entries in
-- several databases and for several roles: the busiest comes first.
-- /*@pgss_schema*/ is replaced by the extension's quoted schema.
SELECT s.queryid::text    AS queryid,
       d.datname::text    AS database,
       r.rolname::text    AS "user",
       s.query,
       s.calls,
       s.total_exec_time
  FROM /*@pgss_schema*/pg_stat_statements s
  LEFT JOIN pg_database d ON d.oid = s.dbid
  LEFT JOIN pg_roles r ON r.oid = s.userid
 WHERE s.queryid = $1::bigint
 ORDER BY s.total_exec_time DESC
