import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';
import { ensureRows } from './table';

/** Options for {@link lockChain}. */
export interface LockChainOptions extends ScenarioOptions {
  /** Number of waiters below the root; at least 3. */
  depth: number;
  /** Table whose rows are locked (default `lab_accounts`, created with rows 0..depth). */
  table?: string;
}

/** A lock chain: who holds what and who waits for whom. */
export interface LockChainHandle extends ScenarioHandle {
  /** The session at the top: idle in transaction, blocked by nobody. */
  root: number;
  /** Waiters in chain order: waiters[0] waits for root, waiters[k] waits for waiters[k-1]. */
  waiters: number[];
}

/**
 * A chain of row-lock waits `depth` levels deep, each level blocked by exactly the one above:
 *
 * ```
 * root       BEGIN; UPDATE t SET v = v + 1 WHERE id = 0;            -- then idle in transaction
 * waiter 1   BEGIN; UPDATE … WHERE id = 1; UPDATE … WHERE id = 0;  -- waits for root
 * waiter k   BEGIN; UPDATE … WHERE id = k; UPDATE … WHERE id = k-1; -- waits for waiter k-1
 * ```
 *
 * Every waiter first locks its own row, then waits on the row of the previous level; a row
 * lock wait is a wait for the holder's transaction id (wait event Lock/transactionid), so
 * `pg_blocking_pids(waiters[k])` is exactly `{waiters[k-1]}` and `pg_blocking_pids(waiters[0])`
 * is `{root}`. Only one chain per table can exist at a time. Resolves once every waiter is
 * seen waiting in pg_stat_activity.
 */
export async function lockChain(endpoint: Endpoint, opts: LockChainOptions): Promise<LockChainHandle> {
  if (!Number.isInteger(opts.depth) || opts.depth < 3) throw new Error(`lock chain depth must be an integer >= 3, got ${opts.depth}`);
  const t = await ensureRows(endpoint, opts.db, opts.table ?? 'lab_accounts', opts.depth);
  const update = `UPDATE ${t} SET v = v + 1 WHERE id = $1`;
  const group = await SessionGroup.create(endpoint, opts);
  return group.guard(async () => {
    const root = await group.open();
    await root.client.query('BEGIN');
    await root.client.query(update, [0]);
    await group.waitFor(root.pid, 'idle in transaction', (r) => r.state === 'idle in transaction');
    const waiters: number[] = [];
    for (let level = 1; level <= opts.depth; level++) {
      const w = await group.open();
      await w.client.query('BEGIN');
      await w.client.query(update, [level]);
      group.fire(w.client, update, [level - 1]);
      // Created one at a time, so each waiter is queued before the next level exists.
      await group.waitFor(w.pid, 'waiting for a row lock', (r) => r.wait_event_type === 'Lock' && r.wait_event === 'transactionid');
      waiters.push(w.pid);
    }
    return { root: root.pid, waiters, pids: group.pids, stop: () => group.stop() };
  });
}
