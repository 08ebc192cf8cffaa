/**
 * The demo's steady background traffic, bounded in rate: a few application sessions running
 * reads and short write transactions, a reporting session that runs the slow report now and
 * then, some sessions that stay idle, and one that pauses inside its transactions (idle in
 * transaction for a few seconds at a time). Everything goes over the lab's Unix socket.
 */
import type pg from 'pg';
import { labClient } from '../lab/client';
import type { Endpoint } from '../lab/types';
import { readStatements, SLOW_REPORT, writeStatements, type WorkStatement } from './statements';

/** Options for {@link startWorkload}. */
export interface WorkloadOptions {
  /** Sessions running the read/write mix (default 4). */
  workers?: number;
  /** Pause between two statements of one worker (default 100 ms): about 40 statements/s in all. */
  pauseMs?: number;
  /** Whether the slow report may run yet (the orders table is still loading at first). */
  reportReady?: () => boolean;
}

/** A running workload. */
export interface Workload {
  /** Stops every loop and closes every session. */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** Starts the workload; resolves once its sessions are connected. */
export async function startWorkload(endpoint: Endpoint, opts: WorkloadOptions = {}): Promise<Workload> {
  const reads = readStatements();
  const writes = writeStatements();
  const pauseMs = opts.pauseMs ?? 100;
  let running = true;
  const clients: pg.Client[] = [];
  const connect = async (appName: string): Promise<pg.Client> => {
    const c = await labClient(endpoint, { appName });
    clients.push(c);
    return c;
  };
  const run = (c: pg.Client, s: WorkStatement): Promise<unknown> => c.query(s.sql, s.params());

  // A loop ends at the first error after stop() (its session is closed under it); errors while
  // running (a drill terminating it, a lock timeout) only cost one iteration.
  const loop = (c: pg.Client, body: () => Promise<void>): void => {
    void (async () => {
      while (running) {
        try {
          await body();
        } catch {
          if (running) await c.query('ROLLBACK').catch(() => {});
          await sleep(500);
        }
      }
    })();
  };

  for (let i = 0; i < (opts.workers ?? 4); i++) {
    const c = await connect(i % 2 === 0 ? 'shop-web' : 'shop-api');
    // A drill's locks must make the shop wait visibly, not forever.
    await c.query("SET lock_timeout = '20s'");
    loop(c, async () => {
      if (Math.random() < 0.25) {
        await c.query('BEGIN');
        for (const s of pick(writes)) await run(c, s);
        await c.query('COMMIT');
      } else {
        await run(c, pick(reads));
      }
      await sleep(pauseMs);
    });
  }

  const report = await connect('reporting');
  loop(report, async () => {
    if (opts.reportReady?.() ?? true) await run(report, SLOW_REPORT);
    await sleep(8000 + Math.random() * 4000);
  });

  const batch = await connect('shop-batch');
  loop(batch, async () => {
    // Reads inside a transaction, then "thinks" with the transaction open.
    await batch.query('BEGIN');
    await run(batch, pick(reads));
    await sleep(2000 + Math.random() * 3000);
    await batch.query('COMMIT');
    await sleep(3000);
  });

  // Connected and idle, as pooled connections usually are.
  for (let i = 0; i < 3; i++) {
    const c = await connect('shop-pool');
    await c.query('SELECT 1');
  }

  return {
    stop: async () => {
      running = false;
      // The loops notice `running` at their next turn; their sleeps do not keep the process up.
      await Promise.allSettled(clients.map((c) => c.end()));
    },
  };
}
