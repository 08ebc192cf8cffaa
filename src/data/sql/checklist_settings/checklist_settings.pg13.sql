-- The settings the weekly review judges, from pg_settings (readable by every role), with their
-- unit so that sizes and times can be compared. Names absent on a major (wal_keep_size is 13+,
-- all of them exist from 13 on) are simply not returned.
SELECT name, setting, unit
FROM pg_catalog.pg_settings
WHERE name = ANY ($1::text[])
