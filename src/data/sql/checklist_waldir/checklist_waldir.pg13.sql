-- Size of pg_wal (13-18). pg_ls_waldir() is for superusers and members of pg_monitor; the check
-- does without this figure when it cannot be read.
SELECT coalesce(sum(size), 0)::float8 AS bytes,
       count(*)::int AS files
FROM pg_ls_waldir()
