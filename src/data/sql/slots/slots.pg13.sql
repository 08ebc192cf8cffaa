-- Replication slots and the WAL and xmin each one holds back.
-- PostgreSQL 13+: wal_status and safe_wal_size exist since 13; inactive_since and
-- invalidation_reason arrived in 17 (NULL here).
-- Retained WAL is measured from restart_lsn to this server's WAL position (the last replayed
-- position on a standby, where pg_current_wal_lsn() is not available). A slot that never
-- reserved WAL (restart_lsn NULL) retains none.
WITH cur AS (
  SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END AS lsn
)
SELECT s.slot_name::text AS slot_name,
       s.slot_type,
       s.plugin::text AS plugin,
       s.database::text AS database,
       s.temporary,
       s.active,
       s.active_pid,
       s.xmin::text AS xmin,
       age(s.xmin)::bigint AS xmin_age,
       s.catalog_xmin::text AS catalog_xmin,
       age(s.catalog_xmin)::bigint AS catalog_xmin_age,
       s.restart_lsn::text AS restart_lsn,
       s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
       pg_wal_lsn_diff(cur.lsn, s.restart_lsn)::float8 AS retained_bytes,
       s.wal_status,
       s.safe_wal_size::float8 AS safe_wal_size,
       NULL::float8 AS inactive_since,
       NULL::text AS invalidation_reason
  FROM pg_replication_slots s, cur
 ORDER BY s.slot_name
