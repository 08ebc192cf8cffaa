-- Foreign keys with no index on the referencing side. PostgreSQL 13+.
-- A DELETE or key UPDATE on the referenced table must find the referencing rows: without an index
-- whose leading columns are the foreign key's columns (in any order), that is a scan of the
-- whole referencing table per row, under a lock. Partial and invalid indexes do not count.
-- The size is the catalog's page count (no lock taken).
SELECT c.oid::bigint AS constraint_oid,
       n.nspname::text AS schema,
       t.relname::text AS table_name,
       c.conname::text AS constraint_name,
       (SELECT string_agg(a.attname::text, ', ' ORDER BY k.n)
          FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
       c.confrelid::regclass::text AS referenced_table,
       t.relpages::bigint * current_setting('block_size')::bigint AS table_bytes,
       t.reltuples::float8 AS reltuples
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE c.contype = 'f'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND NOT EXISTS (
     SELECT 1
       FROM pg_index i
      WHERE i.indrelid = c.conrelid
        AND i.indisvalid
        AND i.indpred IS NULL
        -- indkey is an int2vector, subscripted from 0: its first n columns hold exactly the key's columns.
        AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
        AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
   )
