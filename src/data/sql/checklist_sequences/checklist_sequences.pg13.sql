-- Sequences and the share of their range already used (pg_sequences: 10+; same on 13-18).
-- The range is narrowed by the column a sequence feeds (pg_depend 'a' for serial, 'i' for identity):
-- a bigint sequence behind an integer column fails at 2^31 - 1, not at its own maximum.
-- last_value is NULL when the sequence was never used or our role may not read it (pg_sequences
-- shows it only with SELECT or USAGE on the sequence): `readable` tells the two apart, and
-- `unreadable` / `unreadable_schemas` count every sequence hidden from us, the $1 returned or not.
WITH seqs AS (
SELECT s.schemaname AS schema,
       s.sequencename AS name,
       s.data_type::text AS data_type,
       col.typname AS column_type,
       s.last_value::text AS last_value,
       lim.hi::text AS max_value,
       s.cycle,
       (CASE WHEN s.last_value IS NULL THEN NULL
             WHEN s.increment_by > 0 THEN (s.last_value::numeric - s.min_value) / NULLIF(lim.hi - s.min_value, 0)
             ELSE (s.max_value::numeric - s.last_value) / NULLIF(s.max_value - lim.lo, 0) END)::float8 AS used_share,
       has_sequence_privilege(c.oid, 'SELECT,USAGE') AS readable
FROM pg_sequences s
JOIN pg_namespace n ON n.nspname = s.schemaname
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
LEFT JOIN LATERAL (
  SELECT t.typname
  FROM pg_depend d
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  JOIN pg_type t ON t.oid = a.atttypid
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  LIMIT 1) col ON true
CROSS JOIN LATERAL (
  SELECT LEAST(s.max_value::numeric, CASE col.typname WHEN 'int2' THEN 32767 WHEN 'int4' THEN 2147483647 ELSE s.max_value END) AS hi,
         GREATEST(s.min_value::numeric, CASE col.typname WHEN 'int2' THEN -32768 WHEN 'int4' THEN -2147483648 ELSE s.min_value END) AS lo) lim
)
SELECT seqs.*,
       (SELECT count(*) FROM seqs WHERE NOT readable)::int AS unreadable,
       (SELECT array_agg(DISTINCT schema::text) FROM seqs WHERE NOT readable) AS unreadable_schemas
FROM seqs
-- The hidden ones right after those with a figure: they are what the check must name.
ORDER BY used_share DESC NULLS LAST, readable, schema, name
LIMIT $1
