-- Cancels the running query of one backend, and only if it is still the backend the operator
-- was shown: same pid AND same backend_start. Check and signal are one statement on the action
-- connection, so the answer cannot change between them. Same on every supported major.
-- backend_start is compared as the float8 epoch the screens read (the same expression, so the
-- same value) with a microsecond of tolerance for the text round trip; a pid is reused only by
-- a backend started after the old one ended, far more than a microsecond later.
-- A role without pg_read_all_stats (pg_monitor) does not see other roles' backend_start: it sends
-- $2 = NULL, and the check falls back to pid + role + database, the identity it can see.
-- $1 = pid, $2 = backend_start (epoch seconds) or NULL, $3 = role name, $4 = database name.
-- No row: the backend is gone. same = false: another backend has this pid now, nothing was sent.
-- signalled = false: PostgreSQL did not send it (it warns that the pid is not a backend process).
-- A role that may not signal this backend gets SQLSTATE 42501 (insufficient_privilege).
SELECT pid,
       same,
       CASE WHEN same THEN pg_cancel_backend(pid) END AS signalled
  FROM (SELECT a.pid,
               CASE WHEN $2::float8 IS NULL
                    THEN a.usename::text IS NOT DISTINCT FROM $3::text AND a.datname::text IS NOT DISTINCT FROM $4::text
                    ELSE coalesce(abs(extract(epoch FROM a.backend_start)::float8 - $2::float8) < 0.000001, false)
               END AS same
          FROM pg_stat_activity a
         WHERE a.pid = $1::int) AS seen
