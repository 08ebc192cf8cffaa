-- One backend's current (or last) statement, to EXPLAIN it in the backend's own database.
-- PostgreSQL 13+. The text is cut at track_activity_query_size - 1 bytes: the caller compares its
-- length and refuses to plan a truncated statement.
SELECT pid,
       extract(epoch FROM backend_start)::float8 AS backend_start,
       datname::text                             AS database,
       usename::text                             AS "user",
       state,
       backend_type,
       query
  FROM pg_stat_activity
 WHERE pid = $1::int
