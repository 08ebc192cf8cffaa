-- Who owns a backend that our role was not allowed to signal, to name what would allow it.
-- PostgreSQL lets a role signal a backend when it has the privileges of the backend's role or of
-- pg_signal_backend; a superuser's backend, or one with no role (autovacuum and other background
-- workers), only a superuser may signal. Same on every supported major. $1 = pid.
SELECT a.usename::text AS "user",
       current_user::text AS me,
       coalesce(r.rolsuper, true) AS owner_is_superuser,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS we_are_superuser,
       pg_has_role(current_user, 'pg_signal_backend', 'USAGE') AS we_have_signal_backend
  FROM pg_stat_activity a
  LEFT JOIN pg_roles r ON r.oid = a.usesysid
 WHERE a.pid = $1::int
