-- Table sizes and a statistics-based bloat estimate for the largest tables ($1 of them) of the
-- connected database. PostgreSQL 13+. Not cheap: the collector runs it on a slow schedule.
--
-- The estimate: how many pages would the live rows need if they were packed as tightly as the
-- table's fillfactor allows, compared with the pages the table has?
--   row   = MAXALIGN(23-byte tuple header + null bitmap when some column has NULLs)
--         + Σ (1 - null_frac) × avg_width, with the alignment padding a row pays on average
--           (exact for fixed-width rows; an expected value where variable-width columns shift offsets)
--   page  = block_size - 24-byte page header - the space fillfactor keeps free,
--           each row costing a 4-byte line pointer; at most MaxHeapTuplesPerPage rows
--   need  = ceil(reltuples / rows per page)
--   share = 1 - need / relpages   (reltuples and relpages come from the same VACUUM/ANALYZE)
-- and the share is applied to the current size. avg_width counts a TOASTed value at its stored
-- (compressed or pointer) width, as the heap does. Rows are only estimated when every column has
-- statistics visible to us (pg_stats hides columns we may not SELECT) and the table was analyzed;
-- stats_hidden says which of the two it is, so a check can name the grant instead of passing.
--
-- Size functions lock the relation (AccessShareLock): a table with an ACCESS EXCLUSIVE lock held
-- or requested on it, its TOAST table or an index (ALTER TABLE, VACUUM FULL, REINDEX, DROP) is
-- reported as locked with no figures, so a refresh never queues behind DDL (lock_timeout guards
-- the race between this check and the size calls). lock_pid: a backend holding (lock_granted) or
-- else waiting for that lock, NULL for a prepared transaction.
WITH RECURSIVE locked AS (
  SELECT l.relation, l.pid, l.granted
    FROM pg_locks l
   WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
),
t AS (
  SELECT c.oid, c.relnamespace, c.relname, c.reltoastrelid, c.reltuples, c.relpages, c.relnatts,
         coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions) WHERE option_name = 'fillfactor'), 100) AS fillfactor,
         (c.oid IN (SELECT relation FROM locked)
          OR c.reltoastrelid IN (SELECT relation FROM locked)
          OR EXISTS (SELECT 1 FROM pg_index i JOIN locked ON locked.relation = i.indexrelid WHERE i.indrelid = c.oid)) AS locked
    FROM pg_class c
   WHERE c.relkind IN ('r', 'm')
     AND c.relnamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema') OR nspname LIKE 'pg_toast%')
   -- Only the $1 largest tables (by the catalog's page count, which needs no lock): the cost stays
   -- bounded on catalogs with tens of thousands of tables, where bloat in small ones does not matter.
   ORDER BY c.relpages DESC, c.oid
   LIMIT $1
),
attrs AS (
  SELECT t.oid,
         row_number() OVER (PARTITION BY t.oid ORDER BY a.attnum) AS i,
         a.attlen,
         CASE a.attalign WHEN 'd' THEN 8 WHEN 'i' THEN 4 WHEN 's' THEN 2 ELSE 1 END AS align,
         st.avg_width::float8 AS avg_width,
         coalesce(st.null_frac, 0)::float8 AS null_frac,
         -- pg_stats' own filter: SELECT on the column, and no row security in force for us.
         has_column_privilege(t.oid, a.attnum, 'SELECT')
           AND NOT (c.relrowsecurity AND row_security_active(t.oid)) AS readable
    FROM t
    JOIN pg_class c ON c.oid = t.oid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    -- One indexed lookup per column rather than a join with the whole pg_stats view, which
    -- checks column privileges on every statistics row of the database (OFFSET 0 keeps the
    -- planner from flattening the subquery back into that join).
    LEFT JOIN LATERAL (
      SELECT s.avg_width, s.null_frac
        FROM pg_stats s
       WHERE s.schemaname = (SELECT nspname FROM pg_namespace WHERE oid = t.relnamespace)
         AND s.tablename = t.relname AND s.attname = a.attname AND NOT s.inherited
      OFFSET 0
    ) st ON true
),
-- The first 64 columns of each table as arrays, so the walk below touches one row per table and step.
arr AS (
  SELECT oid, count(*) AS n,
         array_agg(attlen ORDER BY i) AS attlen, array_agg(align ORDER BY i) AS align,
         array_agg(avg_width ORDER BY i) AS avg_width, array_agg(null_frac ORDER BY i) AS null_frac
    FROM attrs WHERE i <= 64
   GROUP BY oid
),
-- Column by column, as heap_form_tuple lays a row out: a fixed-width column starts at the next
-- multiple of its alignment. While every column so far is fixed-width and never NULL the offset
-- is exact; after that it is an expected value and alignment costs (alignment - 1) / 2 bytes.
-- The walk stops after 64 columns (bounded cost); wider rows continue with expected values.
layout AS (
  SELECT oid, 1::bigint AS i, 0::float8 AS off, true AS exact FROM arr
  UNION ALL
  SELECT l.oid, l.i + 1,
         l.off + (1 - a.null_frac[l.i]) * CASE
           WHEN a.attlen[l.i] > 0 AND l.exact THEN ceil(l.off / a.align[l.i]) * a.align[l.i] - l.off + a.attlen[l.i]
           WHEN a.attlen[l.i] > 0 THEN (a.align[l.i] - 1) / 2.0 + a.attlen[l.i]
           ELSE coalesce(a.avg_width[l.i], 0) END,
         l.exact AND a.attlen[l.i] > 0 AND a.null_frac[l.i] = 0
    FROM layout l JOIN arr a ON a.oid = l.oid
   WHERE l.i <= a.n
),
cols AS (
  SELECT a.oid,
         count(*) AS ncols,
         count(a.avg_width) AS ncols_with_stats,
         bool_or(a.null_frac > 0) AS has_nulls,
         bool_and(a.readable) AS readable,
         coalesce(sum((1 - a.null_frac) * CASE WHEN a.attlen > 0 THEN (a.align - 1) / 2.0 + a.attlen ELSE coalesce(a.avg_width, 0) END)
                  FILTER (WHERE a.i > 64), 0) AS tail_width
    FROM attrs a
   GROUP BY a.oid
),
est AS (
  -- A row whose length varies ends at a varying offset: MAXALIGN adds 3.5 bytes on average.
  SELECT t.oid,
         ceil((23 + CASE WHEN cols.has_nulls THEN ceil(t.relnatts / 8.0) ELSE 0 END) / 8.0) * 8
           + CASE WHEN l.exact AND cols.ncols <= 64 THEN ceil(l.off / 8.0) * 8 ELSE l.off + cols.tail_width + 3.5 END AS row_bytes,
         cols.ncols, cols.ncols_with_stats, cols.readable
    FROM t
    JOIN cols ON cols.oid = t.oid
    JOIN layout l ON l.oid = t.oid AND l.i = least(cols.ncols, 64) + 1
),
per_page AS (
  SELECT t.oid, est.row_bytes,
         greatest(1, least(floor((current_setting('block_size')::float8 - 24) / 28),
                           floor((current_setting('block_size')::float8 - 24 - current_setting('block_size')::float8 * (100 - t.fillfactor) / 100)
                                 / (est.row_bytes + 4)))) AS rows_per_page,
         NOT est.readable AS stats_hidden,
         est.ncols = est.ncols_with_stats AND est.ncols > 0 AND t.reltuples >= 0 AND t.relpages > 0 AS estimable
    FROM t JOIN est ON est.oid = t.oid
)
SELECT t.oid::bigint AS relid,
       n.nspname::text AS schema,
       t.relname::text AS name,
       t.locked,
       lk.pid AS lock_pid,
       lk.granted AS lock_granted,
       p.stats_hidden,
       t.fillfactor,
       t.reltuples::float8 AS reltuples,
       t.relpages::bigint AS relpages,
       p.row_bytes::float8 AS est_row_bytes,
       CASE WHEN t.locked THEN NULL ELSE pg_relation_size(t.oid) END AS table_bytes,
       CASE WHEN t.locked THEN NULL ELSE pg_indexes_size(t.oid) END AS index_bytes,
       CASE WHEN t.locked OR t.reltoastrelid = 0 THEN NULL ELSE pg_total_relation_size(t.reltoastrelid) END AS toast_bytes,
       CASE WHEN t.locked THEN NULL ELSE pg_total_relation_size(t.oid) END AS total_bytes,
       CASE WHEN p.estimable THEN greatest(0, 1 - ceil(t.reltuples / p.rows_per_page) / t.relpages)::float8 END AS bloat_share,
       CASE WHEN p.estimable AND NOT t.locked
            THEN (greatest(0, 1 - ceil(t.reltuples / p.rows_per_page) / t.relpages) * pg_relation_size(t.oid))::float8 END AS bloat_bytes,
       p.estimable AS estimated
  FROM t
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN per_page p ON p.oid = t.oid
  LEFT JOIN LATERAL (
    SELECT l.pid, l.granted
      FROM locked l
     WHERE t.locked
       AND (l.relation IN (t.oid, t.reltoastrelid) OR l.relation IN (SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = t.oid))
     ORDER BY l.granted DESC, l.pid
     LIMIT 1
  ) lk ON true
