-- Whether pgwarden may plan a statement with the rights of its author, and what it would risk if it
-- planned it with its own. PostgreSQL 16+: SET ROLE needs a membership granted WITH SET (pg_has_role … 'SET').
-- $1 is the author's role name (NULL when unknown; no row of pg_roles when it was dropped).
-- untrusted_functions counts the functions not owned by a superuser: the only places code an
-- ordinary user wrote can live (operators, casts, domain checks and policies all call functions).
-- writable_schemas are those a non-superuser can create objects in (owner, or a CREATE grant).
SELECT current_user::text                                                              AS self,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)                    AS self_super,
       has_database_privilege(current_database(), 'TEMPORARY')                         AS self_temp,
       a.rolname::text                                                                 AS author,
       coalesce(a.rolsuper, false)                                                     AS author_super,
       a.oid IS NOT NULL AND pg_has_role(current_user, a.oid, 'SET')                  AS can_set_role,
       a.oid IS NOT NULL AND has_database_privilege(a.oid, current_database(), 'TEMPORARY') AS author_temp,
       pg_is_in_recovery()                                                             AS in_recovery,
       EXISTS (SELECT 1 FROM pg_language WHERE lanname = 'plpgsql')                    AS plpgsql,
       u.n                                                                             AS untrusted_functions,
       u.example,
       ARRAY(SELECT n.nspname::text
               FROM pg_namespace n
              WHERE NOT (SELECT rolsuper FROM pg_roles WHERE oid = n.nspowner)
                 OR EXISTS (SELECT 1
                              FROM aclexplode(n.nspacl) x
                              LEFT JOIN pg_roles g ON g.oid = x.grantee
                             WHERE x.privilege_type = 'CREATE' AND (x.grantee = 0 OR NOT g.rolsuper))
              ORDER BY 1)                                                              AS writable_schemas
  FROM (SELECT 1) AS one
  LEFT JOIN pg_roles a ON a.rolname = $1::text
 CROSS JOIN LATERAL (
       SELECT count(*)::int AS n,
              min(format('%s.%s (owned by %s)', quote_ident(n.nspname), quote_ident(p.proname), quote_ident(r.rolname))) AS example
         FROM pg_proc p
         JOIN pg_namespace n ON n.oid = p.pronamespace
         JOIN pg_roles r ON r.oid = p.proowner
        WHERE NOT r.rolsuper) AS u
