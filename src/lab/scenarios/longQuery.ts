import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';

/** Options for {@link longQuery}. */
export interface LongQueryOptions extends ScenarioOptions {
  /** How long the query sleeps. */
  seconds: number;
}

/**
 * One session running `SELECT pg_sleep($1)`: state `active`, wait event Timeout/PgSleep.
 * Resolves once pg_stat_activity shows it running.
 */
export async function longQuery(endpoint: Endpoint, opts: LongQueryOptions): Promise<ScenarioHandle & { pid: number }> {
  const group = await SessionGroup.create(endpoint, opts);
  return group.guard(async () => {
    const { client, pid } = await group.open();
    group.fire(client, 'SELECT pg_sleep($1)', [opts.seconds]);
    await group.waitFor(pid, 'running pg_sleep', (r) => r.state === 'active' && r.query.includes('pg_sleep'));
    return { pid, pids: group.pids, stop: () => group.stop() };
  });
}
