-- WAL senders (pg_stat_replication), one row per connected standby or base backup.
-- PostgreSQL 13+ (reply_time exists since 12; the *_lag intervals since 10).
-- Lag in bytes is measured against this server's own WAL position: pg_current_wal_lsn() on a
-- primary, the last received position on a cascading standby (pg_current_wal_lsn() raises an
-- error during recovery; CASE evaluates only the branch it takes).
-- write_lag / flush_lag / replay_lag are NULL once a standby has caught up and no WAL flows.
-- The view pg_stat_replication is not used: it builds a row for every backend of the server
-- (pg_stat_get_activity(NULL)) to keep the few that are WAL senders, milliseconds of server time
-- each refresh with thousands of connections, on every screen (the header's lag flag). The WAL
-- sender function and a per-pid activity lookup give the same rows; pg_roles names the role
-- (pg_authid, which the view reads, is not readable by pg_monitor).
WITH cur AS (
  SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END AS lsn
)
SELECT r.pid,
       u.rolname::text AS "user",
       a.application_name AS application,
       host(a.client_addr) AS client_addr,
       a.client_hostname,
       a.client_port,
       extract(epoch FROM a.backend_start)::float8 AS backend_start,
       a.backend_xmin::text AS backend_xmin,
       age(a.backend_xmin)::bigint AS backend_xmin_age,
       r.state,
       r.sync_state,
       r.sync_priority,
       cur.lsn::text AS current_lsn,
       r.sent_lsn::text AS sent_lsn,
       r.write_lsn::text AS write_lsn,
       r.flush_lsn::text AS flush_lsn,
       r.replay_lsn::text AS replay_lsn,
       pg_wal_lsn_diff(cur.lsn, r.sent_lsn)::float8 AS sent_lag_bytes,
       pg_wal_lsn_diff(cur.lsn, r.write_lsn)::float8 AS write_lag_bytes,
       pg_wal_lsn_diff(cur.lsn, r.flush_lsn)::float8 AS flush_lag_bytes,
       pg_wal_lsn_diff(cur.lsn, r.replay_lsn)::float8 AS replay_lag_bytes,
       extract(epoch FROM r.write_lag)::float8 AS write_lag_s,
       extract(epoch FROM r.flush_lag)::float8 AS flush_lag_s,
       extract(epoch FROM r.replay_lag)::float8 AS replay_lag_s,
       extract(epoch FROM r.reply_time)::float8 AS reply_time
  FROM pg_stat_get_wal_senders() r
  JOIN LATERAL pg_stat_get_activity(r.pid) a ON true
  LEFT JOIN pg_roles u ON u.oid = a.usesysid
 CROSS JOIN cur
 ORDER BY a.application_name, r.pid
