-- Index health for the connected database: size, scans, a bloat estimate for B-tree indexes,
-- and the facts behind "unused", "duplicate" and "invalid". PostgreSQL 13+.
-- Not cheap on big catalogs: the collector runs it on a slow schedule.
--
-- Unused: idx_scan = 0 since the statistics were reset, and the index backs no constraint
-- (primary key, unique, exclusion) and is not unique (dropping it would change behaviour).
-- Scans on a standby are counted on the standby only.
-- Duplicate: another index on the same table with the same access method, key columns or
-- expressions, operator classes, collations and predicate.
-- Invalid: indisvalid = false (a failed CREATE INDEX CONCURRENTLY); it costs writes, serves no reads.
--
-- B-tree estimate, for the $1 largest B-tree indexes: leaf tuples of MAXALIGN(8-byte header
-- [+ 4-byte null bitmap] + Σ (1 - null_frac) × avg_width) plus a 4-byte line pointer, on pages of
-- block_size - 24 (header) - 16 (B-tree special space), filled to the fillfactor (90 by default),
-- plus the metapage; share = 1 - needed / relpages. Internal pages are ignored and deduplication
-- (13+) packs repeated keys tighter than this, so the estimate errs towards less bloat; an estimate
-- below zero is shown as none. Expression columns use the statistics ANALYZE keeps under the
-- index's own name.
--
-- Size functions and pg_get_indexdef() lock the relation: an index or table with an ACCESS
-- EXCLUSIVE lock held or requested is reported as locked without a size or definition, so a
-- refresh never queues behind DDL.
WITH locked AS (
  SELECT l.relation
    FROM pg_locks l
   WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
),
ix AS (
  SELECT i.indexrelid, i.indrelid, ci.relname AS index_name, ct.relname AS table_name, n.nspname AS schema,
         am.amname, i.indisunique, i.indisprimary, i.indisvalid, i.indisready, i.indnatts, i.indnkeyatts,
         ci.relpages, ci.reltuples,
         (i.indexrelid IN (SELECT relation FROM locked) OR i.indrelid IN (SELECT relation FROM locked)) AS locked,
         coalesce((SELECT option_value::float8 FROM pg_options_to_table(ci.reloptions) WHERE option_name = 'fillfactor'), 90) AS fillfactor,
         -- Expressions and predicates compared as stored node trees (deparsing would look the
         -- relation up), without the :location fields that only say where they stood in the DDL.
         concat_ws(' ', am.amname, i.indkey::text, i.indclass::text, i.indcollation::text,
                   regexp_replace(i.indexprs::text, ' :location -?[0-9]+', '', 'g'), 'WHERE',
                   regexp_replace(i.indpred::text, ' :location -?[0-9]+', '', 'g')) AS signature
    FROM pg_index i
    JOIN pg_class ci ON ci.oid = i.indexrelid
    JOIN pg_class ct ON ct.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = ct.relnamespace
    JOIN pg_am am ON am.oid = ci.relam
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
),
big AS (
  SELECT * FROM ix WHERE amname = 'btree' AND relpages > 1 ORDER BY relpages DESC, indexrelid LIMIT $1
),
keycols AS (
  -- Each index column: a table column (indkey > 0) or an expression (indkey = 0).
  SELECT b.indexrelid, k.n, ia.attname AS index_attname, ta.attname AS table_attname
    FROM big b
    JOIN pg_index i ON i.indexrelid = b.indexrelid
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute ia ON ia.attrelid = b.indexrelid AND ia.attnum = k.n
    LEFT JOIN pg_attribute ta ON ta.attrelid = b.indrelid AND ta.attnum = k.attnum AND k.attnum > 0
),
keystats AS (
  SELECT kc.indexrelid,
         count(*) AS ncols,
         count(st.avg_width) AS ncols_with_stats,
         bool_or(coalesce(st.null_frac, 0) > 0) AS has_nulls,
         sum((1 - coalesce(st.null_frac, 0)) * st.avg_width) AS data_width
    FROM keycols kc
    JOIN big b ON b.indexrelid = kc.indexrelid
    -- One indexed lookup per column (OFFSET 0: not a join with the whole pg_stats view).
    LEFT JOIN LATERAL (
      SELECT s.avg_width, s.null_frac
        FROM pg_stats s
       WHERE s.schemaname = b.schema
         AND ((kc.table_attname IS NOT NULL AND s.tablename = b.table_name AND s.attname = kc.table_attname)
           OR (kc.table_attname IS NULL AND s.tablename = b.index_name AND s.attname = kc.index_attname))
         AND NOT s.inherited
      OFFSET 0
    ) st ON true
   GROUP BY kc.indexrelid
),
est AS (
  SELECT b.indexrelid,
         ceil((8 + CASE WHEN k.has_nulls THEN 4 ELSE 0 END + k.data_width) / 8.0) * 8 AS tuple_bytes,
         k.ncols = k.ncols_with_stats AND b.reltuples >= 0 AS estimable
    FROM big b JOIN keystats k ON k.indexrelid = b.indexrelid
)
SELECT ix.indexrelid::bigint AS indexrelid,
       ix.indrelid::bigint AS relid,
       ix.schema::text AS schema,
       ix.table_name::text AS table_name,
       ix.index_name::text AS index_name,
       ix.amname::text AS access_method,
       ix.indisunique AS is_unique,
       ix.indisprimary AS is_primary,
       ix.indisvalid AS is_valid,
       ix.indisready AS is_ready,
       (SELECT c.contype::text FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint_type,
       ix.locked,
       s.idx_scan,
       s.idx_tup_read,
       s.idx_tup_fetch,
       ix.relpages::bigint AS relpages,
       ix.reltuples::float8 AS reltuples,
       CASE WHEN ix.locked THEN NULL ELSE pg_relation_size(ix.indexrelid) END AS index_bytes,
       -- pg_get_indexdef() opens the index, so it waits for DDL like the size functions do.
       CASE WHEN ix.locked THEN NULL ELSE pg_get_indexdef(ix.indexrelid) END AS definition,
       array_remove(array_agg(ix.index_name::text) OVER (PARTITION BY ix.indrelid, ix.signature), ix.index_name::text) AS duplicates,
       CASE WHEN e.estimable THEN
         greatest(0, 1 - (ceil(ix.reltuples / greatest(1, floor((current_setting('block_size')::float8 - 40) * ix.fillfactor / 100 / (e.tuple_bytes + 4)))) + 1)
                         / ix.relpages)::float8
       END AS bloat_share,
       CASE WHEN e.estimable AND NOT ix.locked THEN
         (greatest(0, 1 - (ceil(ix.reltuples / greatest(1, floor((current_setting('block_size')::float8 - 40) * ix.fillfactor / 100 / (e.tuple_bytes + 4)))) + 1)
                          / ix.relpages) * pg_relation_size(ix.indexrelid))::float8
       END AS bloat_bytes
  FROM ix
  LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = ix.indexrelid
  LEFT JOIN est e ON e.indexrelid = ix.indexrelid
