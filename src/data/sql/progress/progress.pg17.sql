-- Running maintenance: VACUUM (incl. autovacuum), ANALYZE, CREATE INDEX / REINDEX, CLUSTER /
-- VACUUM FULL, from the pg_stat_progress_* views. `done` / `total` measure the current phase only,
-- in `unit`; a phase with no measure (truncating, cleaning up) has none. Rows of other roles'
-- backends show NULL figures unless we have pg_read_all_stats.
-- PostgreSQL 17+: VACUUM counts dead item identifiers (num_dead_item_ids replaced num_dead_tuples)
-- and reports index progress (indexes_total / indexes_processed) while vacuuming indexes.
WITH p AS (
  SELECT pid, datname, relid, 'VACUUM' AS command, phase,
         CASE phase WHEN 'scanning heap' THEN heap_blks_scanned WHEN 'vacuuming heap' THEN heap_blks_vacuumed
                    WHEN 'vacuuming indexes' THEN indexes_processed WHEN 'cleaning up indexes' THEN indexes_processed END::float8 AS done,
         CASE WHEN phase IN ('scanning heap', 'vacuuming heap') THEN heap_blks_total
              WHEN phase IN ('vacuuming indexes', 'cleaning up indexes') THEN indexes_total END::float8 AS total,
         CASE WHEN phase IN ('vacuuming indexes', 'cleaning up indexes') THEN 'indexes' ELSE 'blocks' END AS unit,
         index_vacuum_count::bigint AS index_vacuum_count,
         num_dead_item_ids::bigint AS dead_items,
         indexes_total::bigint AS indexes_total,
         indexes_processed::bigint AS indexes_done
    FROM pg_stat_progress_vacuum
  UNION ALL
  SELECT pid, datname, relid, 'ANALYZE', phase,
         CASE WHEN phase LIKE 'acquiring%sample rows' THEN sample_blks_scanned
              WHEN phase = 'computing extended statistics' THEN ext_stats_computed END::float8,
         CASE WHEN phase LIKE 'acquiring%sample rows' THEN sample_blks_total
              WHEN phase = 'computing extended statistics' THEN ext_stats_total END::float8,
         CASE WHEN phase = 'computing extended statistics' THEN 'statistics' ELSE 'blocks' END,
         NULL, NULL, NULL, NULL
    FROM pg_stat_progress_analyze
  UNION ALL
  SELECT pid, datname, relid, command, phase,
         CASE WHEN blocks_total > 0 THEN blocks_done WHEN tuples_total > 0 THEN tuples_done
              WHEN lockers_total > 0 THEN lockers_done WHEN partitions_total > 0 THEN partitions_done END::float8,
         CASE WHEN blocks_total > 0 THEN blocks_total WHEN tuples_total > 0 THEN tuples_total
              WHEN lockers_total > 0 THEN lockers_total WHEN partitions_total > 0 THEN partitions_total END::float8,
         CASE WHEN blocks_total > 0 THEN 'blocks' WHEN tuples_total > 0 THEN 'tuples'
              WHEN lockers_total > 0 THEN 'lockers' WHEN partitions_total > 0 THEN 'partitions' END,
         NULL, NULL, NULL, NULL
    FROM pg_stat_progress_create_index
  UNION ALL
  SELECT pid, datname, relid, command, phase,
         CASE WHEN phase = 'seq scanning heap' THEN heap_blks_scanned END::float8,
         CASE WHEN phase = 'seq scanning heap' THEN heap_blks_total END::float8,
         'blocks', NULL, NULL, NULL, NULL
    FROM pg_stat_progress_cluster
)
SELECT p.pid,
       p.datname::text AS database,
       p.relid::bigint AS relid,
       -- regclass output reads the catalog of the connected database only.
       CASE WHEN p.datname = current_database() AND p.relid <> 0 THEN p.relid::regclass::text END AS relation,
       p.command,
       p.phase,
       p.done,
       p.total,
       p.unit,
       p.index_vacuum_count,
       p.dead_items,
       p.indexes_total,
       p.indexes_done,
       a.backend_type = 'autovacuum worker' AS autovacuum,
       extract(epoch FROM coalesce(a.xact_start, a.query_start, a.backend_start))::float8 AS started,
       extract(epoch FROM now())::float8 AS now
  FROM p
  LEFT JOIN pg_stat_activity a ON a.pid = p.pid
 ORDER BY started
