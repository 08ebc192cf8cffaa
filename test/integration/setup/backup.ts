import type pg from 'pg';

/** A non-exclusive base backup's start and stop on `c` (what pg_basebackup does): the stop writes the backup history file. */
export async function backup(c: pg.Client): Promise<void> {
  const major = Math.floor(Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v) / 10000);
  if (major >= 15) {
    await c.query("SELECT pg_backup_start('pgwarden test', true)");
    await c.query('SELECT * FROM pg_backup_stop(false)');
  } else {
    await c.query("SELECT pg_start_backup('pgwarden test', true, false)");
    await c.query('SELECT * FROM pg_stop_backup(false)');
  }
}
