-- Vacuum health per table of the connected database: live/dead tuples, last (auto)vacuum and
-- (auto)analyze, and how close each table is to its next autovacuum, computed as autovacuum does.
-- PostgreSQL 18+: the dead-tuple threshold is capped by autovacuum_vacuum_max_threshold (-1 turns
-- the cap off), and the insert threshold scales with the share of pages not yet all-frozen
-- (pg_class.relallfrozen, new in 18).
-- No size functions here: they take a lock on every relation; sizes come from the slower tablebloat.
-- reltuples is -1 for a table never vacuumed or analyzed; autovacuum counts it as 0.
-- date_part('epoch', t), not extract(epoch FROM t)::float8: since 14 extract computes a numeric, which
-- the cast turns into text and back (15 % of the activity statement's CPU at 2000 backends); date_part
-- divides the microseconds as a float8: the same value, the double nearest the exact quotient.
WITH g AS (
  SELECT current_setting('autovacuum_vacuum_threshold')::float8 AS vac_base,
         current_setting('autovacuum_vacuum_scale_factor')::float8 AS vac_scale,
         current_setting('autovacuum_vacuum_insert_threshold')::float8 AS ins_base,
         current_setting('autovacuum_vacuum_insert_scale_factor')::float8 AS ins_scale,
         current_setting('autovacuum_analyze_threshold')::float8 AS anl_base,
         current_setting('autovacuum_analyze_scale_factor')::float8 AS anl_scale,
         current_setting('autovacuum_freeze_max_age')::float8 AS freeze_max_age,
         current_setting('autovacuum_vacuum_max_threshold')::float8 AS vac_max
)
SELECT c.oid::bigint AS relid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind::text AS relkind,
       s.n_live_tup,
       s.n_dead_tup,
       s.n_mod_since_analyze,
       s.n_ins_since_vacuum,
       date_part('epoch', s.last_vacuum) AS last_vacuum,
       date_part('epoch', s.last_autovacuum) AS last_autovacuum,
       date_part('epoch', s.last_analyze) AS last_analyze,
       date_part('epoch', s.last_autoanalyze) AS last_autoanalyze,
       s.vacuum_count, s.autovacuum_count, s.analyze_count, s.autoanalyze_count,
       c.reltuples::float8 AS reltuples,
       c.relpages::bigint AS relpages,
       array_to_string(c.reloptions, ', ') AS reloptions,
       coalesce(o.enabled, 'on') NOT IN ('off', 'false', 'no', '0') AS autovacuum_enabled,
       coalesce(o.vac_base, g.vac_base) AS vac_base,
       coalesce(o.vac_scale, g.vac_scale) AS vac_scale,
       CASE WHEN coalesce(o.vac_max, g.vac_max) >= 0 THEN
         least(coalesce(o.vac_base, g.vac_base) + coalesce(o.vac_scale, g.vac_scale) * greatest(c.reltuples, 0), coalesce(o.vac_max, g.vac_max))
       ELSE coalesce(o.vac_base, g.vac_base) + coalesce(o.vac_scale, g.vac_scale) * greatest(c.reltuples, 0)
       END AS vac_threshold,
       -- An insert threshold of -1 switches insert-triggered vacuums off.
       CASE WHEN coalesce(o.ins_base, g.ins_base) >= 0 THEN
         coalesce(o.ins_base, g.ins_base) + coalesce(o.ins_scale, g.ins_scale) * greatest(c.reltuples, 0)
           * CASE WHEN c.relpages > 0 AND c.relallfrozen > 0 THEN 1 - least(c.relallfrozen, c.relpages)::float8 / c.relpages ELSE 1 END
       END AS ins_threshold,
       coalesce(o.anl_base, g.anl_base) + coalesce(o.anl_scale, g.anl_scale) * greatest(c.reltuples, 0) AS anl_threshold,
       age(c.relfrozenxid)::bigint AS xid_age,
       mxid_age(c.relminmxid)::bigint AS mxid_age,
       -- A table's own freeze_max_age can only lower the global one (autovacuum takes the minimum).
       least(coalesce(o.freeze_max_age, g.freeze_max_age), g.freeze_max_age) AS freeze_max_age
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_stat_user_tables s ON s.relid = c.oid
  CROSS JOIN g
  LEFT JOIN LATERAL (
    SELECT max(option_value) FILTER (WHERE option_name = 'autovacuum_enabled') AS enabled,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_vacuum_threshold') AS vac_base,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_vacuum_scale_factor') AS vac_scale,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_vacuum_max_threshold') AS vac_max,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_vacuum_insert_threshold') AS ins_base,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_vacuum_insert_scale_factor') AS ins_scale,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_analyze_threshold') AS anl_base,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_analyze_scale_factor') AS anl_scale,
           max(option_value::float8) FILTER (WHERE option_name = 'autovacuum_freeze_max_age') AS freeze_max_age
      FROM pg_options_to_table(c.reloptions)
  ) o ON true
 WHERE c.relkind IN ('r', 'm')
