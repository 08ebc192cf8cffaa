-- The search_path a role gets in this database from ALTER ROLE / ALTER DATABASE ... SET, so an
-- application's unqualified table names resolve in EXPLAIN as they do for the application.
-- PostgreSQL 13+. Precedence as at login: role in database, then role, then database.
SELECT substr(cfg, length('search_path=') + 1) AS search_path
  FROM pg_db_role_setting s
 CROSS JOIN LATERAL unnest(s.setconfig) AS cfg
 WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
   AND s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = $1::text))
   AND cfg LIKE 'search\_path=%'
 ORDER BY (s.setdatabase <> 0 AND s.setrole <> 0) DESC, (s.setrole <> 0) DESC
 LIMIT 1
