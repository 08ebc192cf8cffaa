-- Where WAL is now, to measure how much was written between two checklist runs (13-18).
-- The position is a byte offset (pg_lsn minus '0/0'). It never goes back on one cluster, unlike
-- pg_stat_wal.wal_bytes (14+), which a statistics reset zeroes. A standby inserts nothing: its
-- replayed position (else the received one) stands in; pg_current_wal_lsn() would raise an error
-- there, and CASE evaluates only the branch it takes. system_identifier tells another cluster
-- behind the same address (a restore, a new initdb) from this one.
-- max_wal_size and wal_keep_size bound what pg_wal normally holds.
SELECT pg_is_in_recovery() AS in_recovery,
       (CASE WHEN pg_is_in_recovery() THEN coalesce(pg_last_wal_replay_lsn(), pg_last_wal_receive_lsn())
             ELSE pg_current_wal_lsn() END - '0/0'::pg_lsn)::float8 AS lsn_bytes,
       CASE WHEN NOT pg_is_in_recovery() THEN 'insert'
            WHEN pg_last_wal_replay_lsn() IS NOT NULL THEN 'replay'
            WHEN pg_last_wal_receive_lsn() IS NOT NULL THEN 'receive' END AS lsn_source,
       (SELECT system_identifier::text FROM pg_control_system()) AS system_id,
       pg_size_bytes(current_setting('max_wal_size'))::float8 AS max_wal_size,
       pg_size_bytes(current_setting('wal_keep_size'))::float8 AS wal_keep_size
