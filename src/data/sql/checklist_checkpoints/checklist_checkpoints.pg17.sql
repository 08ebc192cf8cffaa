-- Checkpoints started by checkpoint_timeout against those forced (WAL reached max_wal_size, or
-- asked for), from pg_stat_checkpointer (17 moved them out of pg_stat_bgwriter).
SELECT num_timed AS timed, num_requested AS requested FROM pg_catalog.pg_stat_checkpointer
