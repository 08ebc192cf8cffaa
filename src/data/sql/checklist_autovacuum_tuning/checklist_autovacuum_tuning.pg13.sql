-- Large tables by rows updated and deleted since the statistics reset, with the autovacuum
-- options already set on them (pg_class.reloptions), 13-18. Statistics views show every table
-- whatever our role's privileges. $1: the fewest live rows for a table to be read; $2: how many.
SELECT s.schemaname::text AS schema,
       s.relname::text AS name,
       s.n_live_tup AS live_tuples,
       s.n_tup_upd + s.n_tup_del AS changed,
       s.n_dead_tup AS dead_tuples,
       ARRAY(SELECT o FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum\_%' ORDER BY o) AS options
FROM pg_catalog.pg_stat_user_tables s
JOIN pg_catalog.pg_class c ON c.oid = s.relid
WHERE s.n_live_tup >= $1
ORDER BY s.n_tup_upd + s.n_tup_del DESC
LIMIT $2
