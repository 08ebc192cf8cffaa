-- Scans and writes of each table of the connected database, from pg_stat_user_tables (counters
-- since the statistics reset; the checks take differences between weekly sessions), with the
-- number of indexes each has. Same columns on 13-18. Statistics views show every table whatever
-- our role's privileges on it, so nothing is hidden here.
-- $1: how many tables to keep by rows read in sequential scans; a table with more than $2
-- indexes is kept whatever it read (the write-heavy check looks at those).
SELECT schema, name, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, writes, live_tuples, indexes
FROM (
  SELECT s.schemaname::text AS schema,
         s.relname::text AS name,
         s.seq_scan,
         s.seq_tup_read,
         coalesce(s.idx_scan, 0) AS idx_scan,
         coalesce(s.idx_tup_fetch, 0) AS idx_tup_fetch,
         s.n_tup_ins + s.n_tup_upd + s.n_tup_del AS writes,
         s.n_live_tup AS live_tuples,
         (SELECT count(*) FROM pg_catalog.pg_index i WHERE i.indrelid = s.relid)::int AS indexes,
         row_number() OVER (ORDER BY s.seq_tup_read DESC NULLS LAST, s.relid) AS rank
  FROM pg_catalog.pg_stat_user_tables s
) t
WHERE rank <= $1 OR indexes > $2
ORDER BY rank
