-- Temporary files open now in the default tablespace's pgsql_tmp (sorts and hashes that spilled),
-- 13-18. pg_ls_tmpdir() is for superusers and members of pg_monitor.
SELECT coalesce(sum(size), 0)::float8 AS bytes, count(*)::int AS files FROM pg_ls_tmpdir()
