-- Transaction ID and multixact ID age of every database, against the ages at which autovacuum
-- forces an anti-wraparound vacuum (autovacuum_freeze_max_age, autovacuum_multixact_freeze_max_age).
-- The server stops assigning XIDs about 2^31 - 3,000,000 past datfrozenxid; warnings start 40M earlier.
-- PostgreSQL 13+.
SELECT d.datname::text AS database,
       age(d.datfrozenxid)::bigint AS xid_age,
       mxid_age(d.datminmxid)::bigint AS mxid_age,
       current_setting('autovacuum_freeze_max_age')::bigint AS freeze_max_age,
       current_setting('autovacuum_multixact_freeze_max_age')::bigint AS mxid_freeze_max_age,
       d.datallowconn AS allow_connections
  FROM pg_database d
 ORDER BY age(d.datfrozenxid) DESC
