/**
 * Incident drills of the demo: each one stages a real incident on the demo cluster with the
 * lab's scenario code (the same code the integration tests use) and can be stopped again.
 */
import { withAdmin } from '../lab/client';
import type { LabBouncer } from '../lab/pgbouncer';
import { connectionStorm, lockChain, poolExhaustion, replicaLag, runawayQuery, xminHorizon, type ScenarioHandle } from '../lab/scenarios';
import type { LabCluster } from '../lab/types';

/** What the demo runs besides the cluster. */
export interface DrillEnv {
  /** The demo's PgBouncer in front of the primary, when pgbouncer is installed. */
  bouncer?: LabBouncer;
  /** Why there is none. */
  noBouncer?: string;
}

/** The demo PgBouncer's pool the pool-exhaustion drill fills, and its size. */
export const DEMO_POOL = { name: 'shop', size: 4 } as const;

/** Names accepted by `--drill` and shown in the drills menu. */
export const DRILL_IDS = ['lock-pileup', 'xmin-horizon', 'replica-lag', 'connection-storm', 'runaway-query', 'pool-exhaustion'] as const;
export type DrillId = (typeof DRILL_IDS)[number];

/** One drill: how it is shown and how it is staged. */
export interface DrillDef {
  id: DrillId;
  /** Key that toggles it in the drills menu. */
  key: string;
  title: string;
  /** What to look for once it runs. */
  hint: string;
  start(cluster: LabCluster, env: DrillEnv): Promise<Pick<ScenarioHandle, 'stop'>>;
}

const APP = 'shop-incident';

export const DRILLS: readonly DrillDef[] = [
  {
    id: 'lock-pileup',
    key: 'l',
    title: 'Lock pile-up',
    hint: 'a session idle in transaction holds a row lock; 4 levels of updates wait behind it (screen 2 shows the tree)',
    start: (c) => lockChain(c.primary, { depth: 4, table: 'inventory_locks', appName: APP }),
  },
  {
    id: 'xmin-horizon',
    key: 'x',
    title: 'Long transaction, table bloating',
    hint: 'an old snapshot holds back the xmin horizon while cart_events is rewritten every 2 s; vacuum cannot clean it',
    start: (c) => xminHorizon(c.primary, { table: 'cart_events', rows: 5000, churnEveryMs: 2000, appName: APP }),
  },
  {
    id: 'replica-lag',
    key: 'r',
    title: 'Replica lag and a forgotten slot',
    hint: 'standby replay paused while WAL piles up; an inactive replication slot retains WAL (screen 4)',
    start: async (c) => {
      if (!c.standby) throw new Error('the demo cluster has no standby');
      return replicaLag({ primary: c.primary, standby: c.standby, major: c.major }, { slot: 'forgotten_slot', rows: 5000, writeEveryMs: 3000 });
    },
  },
  {
    id: 'connection-storm',
    key: 's',
    title: 'Connection storm',
    hint: 'idle connections pile up close to max_connections',
    start: async (c) => {
      const free = await withAdmin(c.primary, async (a) => {
        const r = await a.query<{ free: number }>(
          `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                  - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS free`,
        );
        return r.rows[0]!.free;
      });
      // Leaves a few ordinary slots so the shop and the monitor keep working.
      return connectionStorm(c.primary, { count: Math.max(1, free - 5), appName: 'shop-web' });
    },
  },
  {
    id: 'runaway-query',
    key: 'u',
    title: 'Runaway CPU query',
    hint: 'a cross join burns a core, active with no wait event (ends by itself after 10 minutes)',
    start: (c) => runawayQuery(c.primary, { seconds: 600, appName: 'reporting' }),
  },
  {
    id: 'pool-exhaustion',
    key: 'p',
    title: 'Pool exhaustion (PgBouncer)',
    hint: `every server connection of PgBouncer's pool ${DEMO_POOL.name} (pool_size ${DEMO_POOL.size}) sits idle in a transaction; 6 clients queue, their wait grows (pgwarden --demo --pgbouncer, screen 8)`,
    start: async (_c, env) => {
      if (!env.bouncer) throw new Error(env.noBouncer ?? 'the demo has no PgBouncer');
      return poolExhaustion(env.bouncer.endpoint, { db: DEMO_POOL.name, holders: DEMO_POOL.size, waiters: 6, appName: 'shop-checkout' });
    },
  },
];

/** State of one drill for display. */
export type DrillState = 'off' | 'starting' | 'on' | 'stopping' | { failed: string };

/** Starts and stops drills on one cluster; at most one instance of each. */
export class DrillRunner {
  private readonly handles = new Map<DrillId, Pick<ScenarioHandle, 'stop'>>();
  private readonly states = new Map<DrillId, DrillState>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly cluster: LabCluster,
    private readonly env: DrillEnv = {},
  ) {}

  state(id: DrillId): DrillState {
    return this.states.get(id) ?? 'off';
  }

  /** Calls `fn` whenever a drill's state changes; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts the drill if it is off (or failed), stops it if it is on; ignored while it changes. */
  async toggle(id: DrillId): Promise<void> {
    const s = this.state(id);
    if (s === 'on') return this.stop(id);
    if (s === 'off' || typeof s === 'object') return this.start(id);
  }

  async start(id: DrillId): Promise<void> {
    const def = DRILLS.find((d) => d.id === id)!;
    this.set(id, 'starting');
    try {
      this.handles.set(id, await def.start(this.cluster, this.env));
      this.set(id, 'on');
    } catch (err) {
      this.set(id, { failed: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    }
  }

  async stop(id: DrillId): Promise<void> {
    const h = this.handles.get(id);
    if (!h) return;
    this.set(id, 'stopping');
    this.handles.delete(id);
    await h.stop().catch(() => {});
    this.set(id, 'off');
  }

  /** Stops every running drill. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.handles.keys()].map((id) => this.stop(id)));
  }

  private set(id: DrillId, s: DrillState): void {
    this.states.set(id, s);
    for (const fn of this.listeners) fn();
  }
}
