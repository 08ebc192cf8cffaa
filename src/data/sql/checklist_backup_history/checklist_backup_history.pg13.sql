-- The latest backup history file in pg_wal (13-18): pg_backup_stop() (pg_stop_backup() before 15)
-- writes `<segment>.<offset>.backup` there when a base backup ends (pg_basebackup, and the tools
-- that call it: pgBackRest, Barman …), and removes the older archived ones: its modification
-- time is when the last base backup of this server ended. pg_ls_waldir() is for superusers and
-- members of pg_monitor. Backups taken from a standby, or as file-system snapshots, leave none.
SELECT name, extract(epoch FROM modification)::float8 AS ended
FROM pg_ls_waldir()
WHERE name LIKE '%.backup'
ORDER BY modification DESC
LIMIT 1
