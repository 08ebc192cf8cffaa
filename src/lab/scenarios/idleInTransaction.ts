import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';

/**
 * One session idle in a REPEATABLE READ transaction that has an xid (txid_current() assigns
 * one) and a snapshot: both backend_xid and backend_xmin are set, so it holds back the xmin
 * horizon that vacuum may clean up to. Resolves once pg_stat_activity shows it idle in
 * transaction.
 */
export async function idleInTransaction(
  endpoint: Endpoint,
  opts: ScenarioOptions = {},
): Promise<ScenarioHandle & { pid: number; xid: string }> {
  const group = await SessionGroup.create(endpoint, opts);
  return group.guard(async () => {
    const { client, pid } = await group.open();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const xid = (await client.query<{ xid: string }>('SELECT txid_current()::text AS xid')).rows[0]!.xid;
    await group.waitFor(pid, 'idle in transaction', (r) => r.state === 'idle in transaction' && r.backend_xid !== null);
    return { pid, xid, pids: group.pids, stop: () => group.stop() };
  });
}
