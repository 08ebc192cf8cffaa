-- Exact space accounting of one table with pgstattuple, on request only: it reads every page of
-- the table (and puts them through shared buffers), so the pane asks before running it.
-- /*@pgstattuple_schema*/ is replaced by the extension's quoted schema and a dot. PostgreSQL 13+.
SELECT s.table_len::float8 AS table_len,
       s.tuple_count::float8 AS tuple_count,
       s.tuple_len::float8 AS tuple_len,
       s.dead_tuple_count::float8 AS dead_tuple_count,
       s.dead_tuple_len::float8 AS dead_tuple_len,
       s.free_space::float8 AS free_space,
       coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions) WHERE option_name = 'fillfactor'), 100) AS fillfactor,
       current_setting('block_size')::int AS block_size
  FROM pg_class c,
       LATERAL /*@pgstattuple_schema*/pgstattuple(c.oid::regclass) s
 WHERE c.oid = $1::oid
