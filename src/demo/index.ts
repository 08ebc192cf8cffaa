/**
 * `pgwarden --demo`: a throwaway PostgreSQL (primary + streaming standby) with the shop schema,
 * a steady workload and incident drills, so the monitor has something real to watch.
 */
import { createElement, type ReactElement } from 'react';
import { findInstalls } from '../lab/binaries';
import { startCluster } from '../lab/cluster';
import { labClient, withAdmin } from '../lab/client';
import { newestRunnableInstall } from '../lab/placement';
import type { Endpoint, LabCluster } from '../lab/types';
import type { Store } from '../state/store';
import { DemoControls } from './DemoControls';
import { DEMO_POOL, DRILL_IDS, DrillRunner, type DrillEnv, type DrillId } from './drills';
import { findPgBouncer, startPgBouncer, type LabBouncer } from '../lab/pgbouncer';
import { createSchema, DEMO_SIZES, loadOrders } from './schema';
import { startWorkload, type Workload } from './workload';

export { DRILL_IDS, DRILLS, DrillRunner, type DrillDef, type DrillId, type DrillState } from './drills';
export { DemoControls, DRILLS_MENU_KEYS, DRILLS_MENU_TITLE, drillsMenuText } from './DemoControls';

/** Options for {@link startDemo}. */
export interface DemoOptions {
  /** Progress lines while starting (before the screen is taken). */
  log?: (line: string) => void;
  /** Extra postgresql.conf settings (the benchmark raises max_connections). */
  conf?: Record<string, string>;
  /** Skip the standby (faster; the replica-lag drill then fails with a message). */
  noStandby?: boolean;
  /** Skip the workload and the orders table (the benchmark brings its own sessions). */
  bare?: boolean;
  /** Skip PgBouncer even when it is installed. */
  noBouncer?: boolean;
}

/** A running demo. */
export interface Demo {
  cluster: LabCluster;
  primary: Endpoint;
  drills: DrillRunner;
  /** PgBouncer in front of the primary (pool `shop`), when pgbouncer is installed. */
  bouncer?: LabBouncer;
  /** One line on what is still going on in the background (loading orders), or '' when nothing. */
  status(): string;
  /** Calls `fn` when status() changes. */
  onStatus(fn: () => void): () => void;
  /** The drills menu and status messages, to mount in the monitor's ink tree. */
  addon(store: Store): ReactElement;
  /** Stops drills, workload and servers and removes every temporary file. Idempotent. */
  stop(): Promise<void>;
}

/** Settings that keep the demo's disk use to a few hundred MB. */
const DEMO_CONF: Record<string, string> = {
  max_wal_size: "'96MB'",
  min_wal_size: "'32MB'",
  // A forgotten slot may not fill the disk: past this it is invalidated (13+), as in production.
  max_slot_wal_keep_size: "'256MB'",
  autovacuum_naptime: "'10s'",
};

/** Returns whether `name` is a drill id. */
export function isDrillId(name: string): name is DrillId {
  return (DRILL_IDS as readonly string[]).includes(name);
}

/** Starts the demo cluster, schema and workload, and returns once the monitor can connect. */
export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const log = opts.log ?? (() => {});
  const install = newestRunnableInstall(findInstalls());
  log(`starting PostgreSQL ${install.version} (primary${opts.noStandby ? '' : ' + streaming standby'}) in a temporary directory…`);
  const cluster = await startCluster(install, { name: 'demo', standby: !opts.noStandby, conf: { ...DEMO_CONF, ...opts.conf } });
  const env: DrillEnv = {};
  if (!opts.noBouncer && !opts.bare) {
    if (!findPgBouncer()) env.noBouncer = 'PgBouncer is not installed (Debian: apt-get install pgbouncer): no pool-exhaustion drill';
    else {
      try {
        env.bouncer = await startPgBouncer(cluster.primary, { databases: { postgres: {}, [DEMO_POOL.name]: { dbname: 'postgres', poolSize: DEMO_POOL.size } } });
      } catch (err) {
        env.noBouncer = `PgBouncer did not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      }
    }
    log(env.bouncer ? `PgBouncer ${env.bouncer.version} on 127.0.0.1:${env.bouncer.endpoint.port} (pool ${DEMO_POOL.name}, pool_size ${DEMO_POOL.size}); pgwarden --demo --pgbouncer watches it` : env.noBouncer!);
  }
  const drills = new DrillRunner(cluster, env);
  let workload: Workload | undefined;
  let statusLine = '';
  let cancelled = false;
  let ordersLoaded = false;
  const listeners = new Set<() => void>();
  const setStatus = (s: string): void => {
    statusLine = s;
    for (const fn of listeners) fn();
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      cancelled = true;
      await drills.stopAll();
      await workload?.stop();
      await env.bouncer?.stop();
      await cluster.stop();
    })());

  try {
    if (!opts.bare) {
      await withAdmin(cluster.primary, createSchema);
      log(`shop schema ready (${DEMO_SIZES.users} users); orders load in the background`);
      workload = await startWorkload(cluster.primary, { reportReady: () => ordersLoaded });
      void (async () => {
        const c = await labClient(cluster.primary, { appName: 'shop-loader' });
        try {
          await loadOrders(
            c,
            (rows) => setStatus(rows < DEMO_SIZES.orders ? `demo: loading orders ${Math.round((rows / DEMO_SIZES.orders) * 100)}%` : ''),
            () => cancelled,
          );
          ordersLoaded = !cancelled;
          setStatus('');
        } catch (err) {
          if (!cancelled) setStatus(`demo: loading orders failed: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          await c.end().catch(() => {});
        }
      })();
      setStatus('demo: loading orders 0%');
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const demo: Demo = {
    cluster,
    primary: cluster.primary,
    drills,
    ...(env.bouncer ? { bouncer: env.bouncer } : {}),
    status: () => statusLine,
    onStatus: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    stop,
    addon: (store) => createElement(DemoControls, { store, drills, status: demo.status, onStatus: demo.onStatus }),
  };
  return demo;
}
