-- The $1 tables of the connected database with the oldest relfrozenxid (TOAST tables included:
-- they are frozen separately), with the age at which autovacuum will freeze each one
-- (a table's own autovacuum_freeze_max_age can only lower the global setting). PostgreSQL 13+.
SELECT c.oid::bigint AS relid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind::text AS relkind,
       age(c.relfrozenxid)::bigint AS xid_age,
       mxid_age(c.relminmxid)::bigint AS mxid_age,
       least(current_setting('autovacuum_freeze_max_age')::bigint,
             coalesce((SELECT option_value::bigint FROM pg_options_to_table(c.reloptions)
                        WHERE option_name = 'autovacuum_freeze_max_age'),
                      current_setting('autovacuum_freeze_max_age')::bigint)) AS freeze_max_age,
       c.relpages::bigint * current_setting('block_size')::bigint AS table_bytes
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'm', 't')
 ORDER BY age(c.relfrozenxid) DESC
 LIMIT $1
