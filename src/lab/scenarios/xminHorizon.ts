import { quoteIdent, withAdmin } from '../client';
import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';

/** Options for {@link xminHorizon}. */
export interface XminHorizonOptions extends ScenarioOptions {
  /** Table that bloats (default `lab_churn`, created with `rows` rows and autovacuum off). */
  table?: string;
  /** Rows in the table (default 2000). */
  rows?: number;
  /** Rewrite every row this often while the scenario runs (default: only once, at start). */
  churnEveryMs?: number;
}

/** The long transaction and the table it keeps from being cleaned. */
export interface XminHorizonHandle extends ScenarioHandle {
  /** Idle in a REPEATABLE READ transaction with an xid: its snapshot is the xmin horizon. */
  holder: number;
  /** Quoted name of the bloating table. */
  table: string;
  /** Rewrites every row once more (more dead tuples vacuum cannot remove). */
  churn(): Promise<void>;
}

/**
 * A forgotten transaction holding back the xmin horizon while a table bloats: one session sits
 * idle in a REPEATABLE READ transaction that has a snapshot, then every row of the table is
 * updated (optionally again and again). Each UPDATE leaves a dead version that VACUUM must keep
 * because the old snapshot may still see it, so n_dead_tup stays up after any VACUUM and the
 * table grows. Autovacuum is switched off for the table, so the dead tuples are visible as
 * statistics rather than being raced by a worker that could not remove them anyway.
 */
export async function xminHorizon(endpoint: Endpoint, opts: XminHorizonOptions = {}): Promise<XminHorizonHandle> {
  const rows = opts.rows ?? 2000;
  const t = quoteIdent(opts.table ?? 'lab_churn');
  await withAdmin(
    endpoint,
    async (c) => {
      await c.query(`CREATE TABLE IF NOT EXISTS ${t} (id int PRIMARY KEY, v bigint NOT NULL DEFAULT 0, pad text) WITH (autovacuum_enabled = off)`);
      await c.query(`INSERT INTO ${t} (id, pad) SELECT g, repeat('x', 100) FROM generate_series(1, $1::int) AS g ON CONFLICT (id) DO NOTHING`, [rows]);
    },
    opts.db,
  );
  const group = await SessionGroup.create(endpoint, opts);
  return group.guard(async () => {
    const holder = await group.open();
    await holder.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await holder.client.query('SELECT txid_current()');
    await group.waitFor(holder.pid, 'idle in transaction', (r) => r.state === 'idle in transaction' && r.backend_xid !== null);
    const writer = await group.open();
    let stopped = false;
    let running: Promise<unknown> = Promise.resolve();
    const churn = (): Promise<void> => {
      if (stopped) return Promise.resolve();
      const next = running.then(() => writer.client.query(`UPDATE ${t} SET v = v + 1`));
      running = next.catch(() => {});
      return next.then(() => undefined);
    };
    await churn();
    const timer = opts.churnEveryMs ? setInterval(() => void churn().catch(() => {}), opts.churnEveryMs) : undefined;
    timer?.unref();
    return {
      holder: holder.pid,
      table: t,
      pids: group.pids,
      churn,
      stop: async () => {
        stopped = true;
        if (timer) clearInterval(timer);
        await group.stop();
      },
    };
  });
}
