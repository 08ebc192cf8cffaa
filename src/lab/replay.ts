import type pg from 'pg';
import { waitUntil, withAdmin } from './client';
import type { Endpoint } from './types';

/**
 * Pauses WAL replay on a standby and waits until it is paused. Since 14 a pause is only
 * "requested" until the startup process notices it, and pg_get_wal_replay_pause_state()
 * tells the two apart; 13's pg_is_wal_replay_paused() already reports the request.
 */
export async function pauseReplay(standby: Endpoint, major: number): Promise<void> {
  await withAdmin(standby, async (c) => {
    await c.query('SELECT pg_wal_replay_pause()');
    await waitUntil(() => isPaused(c, major), { what: 'WAL replay to pause' });
  });
}

/** Resumes WAL replay on a standby. */
export async function resumeReplay(standby: Endpoint): Promise<void> {
  await withAdmin(standby, async (c) => {
    await c.query('SELECT pg_wal_replay_resume()');
    await waitUntil(async () => !(await c.query('SELECT pg_is_wal_replay_paused() AS p')).rows[0].p, {
      what: 'WAL replay to resume',
    });
  });
}

async function isPaused(c: pg.Client, major: number): Promise<boolean> {
  if (major < 14) return (await c.query('SELECT pg_is_wal_replay_paused() AS p')).rows[0].p === true;
  return (await c.query('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0].s === 'paused';
}
