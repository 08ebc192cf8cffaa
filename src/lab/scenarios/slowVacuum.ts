import { quoteIdent } from '../client';
import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';

/** Options for {@link slowVacuum}. */
export interface SlowVacuumOptions extends ScenarioOptions {
  /** An existing table with some dead tuples, in `db`. */
  table: string;
}

/**
 * One session running a VACUUM throttled to a crawl by cost-based delay (vacuum_cost_limit 1:
 * it sleeps vacuum_cost_delay after nearly every page), so pg_stat_progress_vacuum has a row to
 * show for as long as the scenario runs. Resolves once pg_stat_activity shows it running;
 * stop() terminates it.
 */
export async function slowVacuum(endpoint: Endpoint, opts: SlowVacuumOptions): Promise<ScenarioHandle & { pid: number }> {
  const group = await SessionGroup.create(endpoint, opts);
  return group.guard(async () => {
    const { client, pid } = await group.open();
    await client.query("SET vacuum_cost_delay = '50ms'");
    await client.query('SET vacuum_cost_limit = 1');
    group.fire(client, `VACUUM ${quoteIdent(opts.table)}`);
    await group.waitFor(pid, 'running VACUUM', (r) => r.state === 'active' && r.query.startsWith('VACUUM'));
    return { pid, pids: group.pids, stop: () => group.stop() };
  });
}
