-- Indexes of the relations a plan reads, so that an index suggestion checks what exists (an index
-- on the same leading columns, or one the plan already uses). PostgreSQL 13+ (indnkeyatts, INCLUDE
-- columns, exists since 11). pg_get_indexdef(oid, n, true) names the n-th column, or its expression.
-- $1 holds quoted, schema-qualified names; to_regclass gives NULL for a name that does not resolve.
SELECT t.name,
       i.relname                                                                        AS index_name,
       ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
               FROM generate_series(1, x.indnkeyatts::int) AS k ORDER BY k)::text[]     AS columns,
       ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
               FROM generate_series(x.indnkeyatts::int + 1, x.indnatts::int) AS k ORDER BY k)::text[] AS include,
       x.indpred IS NOT NULL                                                            AS partial,
       x.indisvalid                                                                     AS valid
  FROM unnest($1::text[]) AS t(name)
  JOIN pg_index x ON x.indrelid = to_regclass(t.name)
  JOIN pg_class i ON i.oid = x.indexrelid
