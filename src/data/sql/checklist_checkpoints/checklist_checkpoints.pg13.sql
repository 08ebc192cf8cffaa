-- Checkpoints started by checkpoint_timeout against those forced (WAL reached max_wal_size, or
-- asked for), from pg_stat_bgwriter (13-16; 17 moved them to pg_stat_checkpointer).
SELECT checkpoints_timed AS timed, checkpoints_req AS requested FROM pg_catalog.pg_stat_bgwriter
