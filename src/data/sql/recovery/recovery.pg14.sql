-- Recovery status of this server and its WAL receiver; on a primary only in_recovery is set.
-- PostgreSQL 14+: pg_get_wal_replay_pause_state() tells a requested pause ("pause requested")
-- from one the startup process has reached ("paused").
-- pg_stat_wal_receiver: written_lsn / flushed_lsn replaced received_lsn in 13.
-- Replay delay is "now - last replayed commit": with no writes on the primary it grows too, so the
-- model treats it as lag only while received WAL is still waiting to be replayed.
-- conninfo is shown with the password obfuscated by the server; the model drops it entirely.
SELECT pg_is_in_recovery() AS in_recovery,
       extract(epoch FROM now())::float8 AS now,
       CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()::text END AS receive_lsn,
       CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END AS replay_lsn,
       CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::float8 END AS replay_lag_bytes,
       extract(epoch FROM pg_last_xact_replay_timestamp())::float8 AS last_replay_time,
       CASE WHEN pg_is_in_recovery() THEN
         pg_get_wal_replay_pause_state()
       END AS pause_state,
       w.pid AS receiver_pid,
       w.status AS receiver_status,
       w.sender_host,
       w.sender_port,
       w.slot_name AS receiver_slot,
       w.conninfo,
       w.written_lsn::text AS written_lsn,
       w.flushed_lsn::text AS flushed_lsn,
       w.latest_end_lsn::text AS latest_end_lsn,
       extract(epoch FROM w.latest_end_time)::float8 AS latest_end_time,
       extract(epoch FROM w.last_msg_receipt_time)::float8 AS last_msg_receipt_time
  FROM (SELECT 1) one
  LEFT JOIN pg_stat_wal_receiver w ON true
