import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';
import { ensureRows } from './table';

/** Options for {@link accessExclusiveQueue}. */
export interface AccessExclusiveQueueOptions extends ScenarioOptions {
  /** Number of plain SELECTs queued behind the ALTER TABLE; at least 1. */
  waiters: number;
  /** Table (default `lab_orders`, created if missing). */
  table?: string;
}

/** Who is who in the queue. */
export interface AccessExclusiveQueueHandle extends ScenarioHandle {
  /** Idle in transaction after updating a row: holds RowExclusiveLock on the table. */
  holder: number;
  /** ALTER TABLE waiting for ACCESS EXCLUSIVE behind the holder. */
  ddl: number;
  /** SELECTs waiting behind the queued ACCESS EXCLUSIVE request, in arrival order. */
  readers: number[];
}

/**
 * The classic migration outage: a forgotten transaction holds a weak table lock, an
 * `ALTER TABLE … ADD COLUMN` queues for ACCESS EXCLUSIVE behind it, and every later reader
 * queues behind the ALTER, because a lock request waits for conflicting requests ahead of it
 * in the queue, not only for granted locks.
 *
 * `pg_blocking_pids(ddl)` is `{holder}`; `pg_blocking_pids(reader)` is `{ddl}` for every reader
 * (their ACCESS SHARE does not conflict with the holder's ROW EXCLUSIVE). Everyone waits on
 * Lock/relation. Resolves once every reader is seen waiting.
 */
export async function accessExclusiveQueue(
  endpoint: Endpoint,
  opts: AccessExclusiveQueueOptions,
): Promise<AccessExclusiveQueueHandle> {
  if (!Number.isInteger(opts.waiters) || opts.waiters < 1) throw new Error(`waiters must be an integer >= 1, got ${opts.waiters}`);
  const t = await ensureRows(endpoint, opts.db, opts.table ?? 'lab_orders', 1);
  const group = await SessionGroup.create(endpoint, opts);
  const waitingOnRelation = (r: { wait_event_type: string | null; wait_event: string | null }): boolean =>
    r.wait_event_type === 'Lock' && r.wait_event === 'relation';
  return group.guard(async () => {
    const holder = await group.open();
    await holder.client.query('BEGIN');
    await holder.client.query(`UPDATE ${t} SET v = v + 1 WHERE id = $1`, [1]);
    await group.waitFor(holder.pid, 'idle in transaction', (r) => r.state === 'idle in transaction');

    const ddl = await group.open();
    group.fire(ddl.client, `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS note text`);
    await group.waitFor(ddl.pid, 'waiting for ACCESS EXCLUSIVE', waitingOnRelation);

    const readers: number[] = [];
    for (let i = 0; i < opts.waiters; i++) {
      const reader = await group.open();
      group.fire(reader.client, `SELECT count(*) FROM ${t}`);
      await group.waitFor(reader.pid, 'queued behind the ALTER', waitingOnRelation);
      readers.push(reader.pid);
    }
    return { holder: holder.pid, ddl: ddl.pid, readers, pids: group.pids, stop: () => group.stop() };
  });
}
