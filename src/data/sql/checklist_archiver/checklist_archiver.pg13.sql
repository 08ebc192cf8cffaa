-- WAL archiving health from pg_stat_archiver (same columns on 13-18). Times as epoch seconds.
-- archive_library (15+) is read with missing_ok so the query runs unchanged on 13 and 14.
SELECT current_setting('archive_mode') AS archive_mode,
       coalesce(current_setting('archive_library', true), '') <> ''
         OR coalesce(current_setting('archive_command', true), '') NOT IN ('', '(disabled)') AS archiver_configured,
       archived_count,
       last_archived_wal,
       extract(epoch FROM last_archived_time)::float8 AS last_archived_time,
       failed_count,
       last_failed_wal,
       extract(epoch FROM last_failed_time)::float8 AS last_failed_time,
       extract(epoch FROM stats_reset)::float8 AS stats_reset
FROM pg_stat_archiver
