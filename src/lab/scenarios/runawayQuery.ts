import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';

/** Options for {@link runawayQuery}. */
export interface RunawayQueryOptions extends ScenarioOptions {
  /** statement_timeout of the query: it ends by itself after this long. */
  seconds: number;
}

/**
 * A query that burns one CPU and waits on nothing: a four-way cross join of pg_class counted
 * (hundreds of rows each, so billions of combinations). Unlike pg_sleep it shows `active` with
 * no wait event, like a real runaway report. No parallel workers, so it takes one core only;
 * a nested loop over catalog rows keeps memory and disk flat (a generate_series in FROM would
 * materialize its rows into a tuplestore and spill). statement_timeout bounds it.
 * Resolves once pg_stat_activity shows it running.
 */
export async function runawayQuery(endpoint: Endpoint, opts: RunawayQueryOptions): Promise<ScenarioHandle & { pid: number }> {
  const group = await SessionGroup.create(endpoint, opts);
  return group.guard(async () => {
    const { client, pid } = await group.open();
    await client.query('SET max_parallel_workers_per_gather = 0');
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(opts.seconds * 1000))}`);
    group.fire(client, 'SELECT count(*) FROM pg_class a, pg_class b, pg_class c, pg_class d WHERE a.relpages >= 0');
    await group.waitFor(pid, 'running the cross join', (r) => r.state === 'active' && r.query.includes('pg_class a'));
    return { pid, pids: group.pids, stop: () => group.stop() };
  });
}
