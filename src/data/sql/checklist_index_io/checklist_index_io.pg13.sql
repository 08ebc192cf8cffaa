-- Index block reads served from shared buffers against those read from the OS, from
-- pg_statio_user_indexes (counters since the statistics reset) in the connected database: the
-- totals, and the indexes with the most blocks read. Same columns on 13-18.
-- $1: how many indexes to list.
WITH io AS (
  SELECT schemaname::text AS schema, relname::text AS table_name, indexrelname::text AS name,
         coalesce(idx_blks_hit, 0) AS hit, coalesce(idx_blks_read, 0) AS read
  FROM pg_catalog.pg_statio_user_indexes
)
SELECT schema, table_name, name, hit, read,
       (SELECT coalesce(sum(hit), 0) FROM io) AS total_hit,
       (SELECT coalesce(sum(read), 0) FROM io) AS total_read
FROM io
ORDER BY read DESC, hit DESC
LIMIT $1
