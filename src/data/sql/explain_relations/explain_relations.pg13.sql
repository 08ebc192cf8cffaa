-- Size and statistics freshness of the relations a plan reads, for the plan's red flags (a seq scan
-- on a large table; estimates off because rows changed since the last ANALYZE). PostgreSQL 13+
-- (n_mod_since_analyze exists since 9.4; reltuples is -1 for a table never analyzed from 14).
-- $1 holds quoted, schema-qualified names; to_regclass gives NULL instead of an error for a name
-- that does not resolve.
SELECT t.name,
       c.reltuples::float8                                                          AS reltuples,
       c.relpages::bigint                                                           AS relpages,
       st.n_live_tup,
       st.n_mod_since_analyze,
       extract(epoch FROM greatest(st.last_analyze, st.last_autoanalyze))::float8   AS last_analyzed
  FROM unnest($1::text[]) AS t(name)
  JOIN pg_class c ON c.oid = to_regclass(t.name)
  LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid
