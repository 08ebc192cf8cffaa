import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';
import { ensureRows } from './table';

/** Options for {@link sharedLockQueue}. */
export interface SharedLockQueueOptions extends ScenarioOptions {
  /** Table (default `lab_shared`, created if missing). */
  table?: string;
}

/** Who is who in the queue. */
export interface SharedLockQueueHandle extends ScenarioHandle {
  /** Two sessions idle in transaction, each holding ROW EXCLUSIVE on the table. */
  holders: [number, number];
  /** ALTER TABLE waiting for ACCESS EXCLUSIVE behind both holders. */
  ddl: number;
  /** A SELECT queued behind the ALTER. */
  reader: number;
}

/**
 * A waiter with two blockers: two forgotten transactions each hold ROW EXCLUSIVE on one table,
 * so an `ALTER TABLE` waits for both of them (`pg_blocking_pids(ddl)` = both holders) and a
 * reader queues behind the ALTER (`pg_blocking_pids(reader)` = {ddl}). In the blocking tree the
 * ALTER belongs under each holder. Resolves once the reader is seen waiting.
 */
export async function sharedLockQueue(endpoint: Endpoint, opts: SharedLockQueueOptions = {}): Promise<SharedLockQueueHandle> {
  const t = await ensureRows(endpoint, opts.db, opts.table ?? 'lab_shared', 2);
  const group = await SessionGroup.create(endpoint, opts);
  const onRelation = (r: { wait_event_type: string | null; wait_event: string | null }): boolean =>
    r.wait_event_type === 'Lock' && r.wait_event === 'relation';
  return group.guard(async () => {
    const holders: number[] = [];
    for (const id of [1, 2]) {
      const h = await group.open();
      await h.client.query('BEGIN');
      await h.client.query(`UPDATE ${t} SET v = v + 1 WHERE id = $1`, [id]);
      await group.waitFor(h.pid, 'idle in transaction', (r) => r.state === 'idle in transaction');
      holders.push(h.pid);
    }
    const ddl = await group.open();
    group.fire(ddl.client, `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS note text`);
    await group.waitFor(ddl.pid, 'waiting for ACCESS EXCLUSIVE', onRelation);
    const reader = await group.open();
    group.fire(reader.client, `SELECT count(*) FROM ${t}`);
    await group.waitFor(reader.pid, 'queued behind the ALTER', onRelation);
    return { holders: [holders[0]!, holders[1]!], ddl: ddl.pid, reader: reader.pid, pids: group.pids, stop: () => group.stop() };
  });
}
