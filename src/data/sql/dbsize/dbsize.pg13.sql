-- Size of the connected database only, on a slow schedule: summing pg_database_size() over every
-- database stats each one's files and made peers unusable on clusters with thousands of databases.
-- PostgreSQL 13+.
SELECT current_database()::text AS database, pg_database_size(current_database()) AS bytes
