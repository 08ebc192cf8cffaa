import type pg from 'pg';
import { labClient } from '../client';
import type { Endpoint } from '../types';

/** Options for {@link poolExhaustion}. */
export interface PoolExhaustionOptions {
  /** The PgBouncer database (pool) to exhaust. */
  db: string;
  /** Clients that each hold a server connection in an open transaction (the pool's size). */
  holders: number;
  /** Clients queued behind them. */
  waiters: number;
  appName?: string;
}

/** A pool exhaustion staged through PgBouncer: what is holding, what is queued. */
export interface PoolExhaustionHandle {
  /** Statements of the queued clients, settled once they get a server connection or are dropped. */
  queued: Promise<unknown>[];
  /** Closes every client: the holders' transactions end, the queue drains. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The "pool exhaustion" incident through a PgBouncer (`bouncer`, a lab PgBouncer's endpoint):
 * `holders` clients open a transaction each and sit idle in it, which in transaction pooling
 * keeps their server connections; `waiters` more clients send a query that queues for a server
 * connection (cl_waiting, maxwait growing). Closing a holder makes PgBouncer drop its server
 * connection, and PostgreSQL ends that backend at once (it is idle, reading its socket).
 * Resolves once every holder is in its transaction and the queries are sent.
 */
export async function poolExhaustion(bouncer: Endpoint, opts: PoolExhaustionOptions): Promise<PoolExhaustionHandle> {
  const clients: pg.Client[] = [];
  const appName = opts.appName ?? 'pgwarden-lab';
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= Promise.all(clients.map((c) => c.end().catch(() => {}))).then(() => undefined));
  try {
    for (let i = 0; i < opts.holders; i++) {
      const c = await labClient(bouncer, { tcp: true, db: opts.db, appName });
      clients.push(c);
      await c.query('BEGIN');
      await c.query('SELECT 1');
    }
    const queued: Promise<unknown>[] = [];
    for (let i = 0; i < opts.waiters; i++) {
      const c = await labClient(bouncer, { tcp: true, db: opts.db, appName });
      clients.push(c);
      // Its connection may be dropped by stop() before it runs: that is an expected end.
      queued.push(c.query('SELECT 1').catch(() => undefined));
    }
    return { queued, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
