-- What some settings are judged against: connected standbys (and how many are synchronous),
-- replication slots, and the login roles without a statement_timeout of their own (for the
-- connected database or all of them) while the server default is 0. Readable by every role:
-- pg_stat_replication's rows are visible without pg_read_all_stats (only their details are not).
SELECT (SELECT count(*) FROM pg_catalog.pg_stat_replication)::int AS senders,
       (SELECT count(*) FROM pg_catalog.pg_stat_replication WHERE sync_state IN ('sync', 'quorum'))::int AS sync_standbys,
       (SELECT count(*) FROM pg_catalog.pg_replication_slots WHERE slot_type = 'physical')::int AS physical_slots,
       pg_catalog.pg_is_in_recovery() AS in_recovery,
       ARRAY(
         SELECT r.rolname::text
         FROM pg_catalog.pg_roles r
         WHERE r.rolcanlogin AND NOT r.rolsuper AND NOT r.rolreplication AND r.rolname !~ '^pg_'
           AND NOT EXISTS (
             SELECT 1 FROM pg_catalog.pg_db_role_setting s
             WHERE s.setrole = r.oid
               AND s.setdatabase IN (0, (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()))
               AND EXISTS (SELECT 1 FROM unnest(s.setconfig) c WHERE c LIKE 'statement\_timeout=%'))
         ORDER BY 1
         LIMIT 50
       ) AS roles_without_timeout
