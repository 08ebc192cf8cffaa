/**
 * The client load of one benchmark step: N connections split into idle, active (pg_sleep),
 * idle in transaction, a lock chain and a few sessions with steady traffic.
 */
import type pg from 'pg';
import { labClient, withAdmin } from '../src/lab/client';
import { lockChain } from '../src/lab/scenarios';
import type { Endpoint } from '../src/lab/types';

export const LOAD_APP = 'bench-load';

/** A running load; stop() ends every session. */
export interface Load {
  counts: Record<'idle' | 'active' | 'idleInTransaction' | 'lockChain' | 'traffic', number>;
  stop(): Promise<void>;
}

const TRAFFIC_SESSIONS = 4;
const CHAIN_DEPTH = 5;

/** Opens `n` client connections (n >= 20). */
export async function startLoad(endpoint: Endpoint, n: number): Promise<Load> {
  const clients: pg.Client[] = [];
  const open = async (count: number, appName: string): Promise<pg.Client[]> => {
    const out: pg.Client[] = [];
    for (let i = 0; i < count; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => labClient(endpoint, { appName })));
      out.push(...batch);
    }
    clients.push(...out);
    return out;
  };
  const chain = await lockChain(endpoint, { depth: CHAIN_DEPTH, table: 'bench_chain', appName: `${LOAD_APP}-chain` });
  const chainSessions = CHAIN_DEPTH + 1;
  const active = Math.floor(n * 0.1);
  const iit = Math.floor(n * 0.1);
  const idle = n - active - iit - chainSessions - TRAFFIC_SESSIONS;

  for (const c of await open(active, `${LOAD_APP}-active`)) c.query('SELECT pg_sleep(3600)').catch(() => {});
  for (const c of await open(iit, `${LOAD_APP}-iit`)) {
    await c.query('BEGIN');
    await c.query('SELECT txid_current()');
  }
  const idleClients = await open(idle, `${LOAD_APP}-idle`);
  await Promise.all(idleClients.map((c) => c.query('SELECT 1')));

  // Steady traffic: each session runs a small query every 50 ms.
  let running = true;
  for (const c of await open(TRAFFIC_SESSIONS, `${LOAD_APP}-traffic`)) {
    void (async () => {
      while (running) {
        await c.query('SELECT count(*) FROM pg_class WHERE relkind = $1', ['r']).catch(() => {});
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
  }

  return {
    counts: { idle, active, idleInTransaction: iit, lockChain: chainSessions, traffic: TRAFFIC_SESSIONS },
    stop: async () => {
      running = false;
      await chain.stop();
      await withAdmin(endpoint, (c) =>
        c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1 || '%' AND pid <> pg_backend_pid()", [LOAD_APP]),
      );
      await Promise.allSettled(clients.map((c) => c.end()));
    },
  };
}
