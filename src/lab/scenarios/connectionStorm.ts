import type { Endpoint } from '../types';
import { SessionGroup, type ScenarioHandle, type ScenarioOptions } from './sessions';

/** Options for {@link connectionStorm}. */
export interface ConnectionStormOptions extends ScenarioOptions {
  /** Sessions to open. */
  count: number;
  /** Opened this many at a time (default 20): a storm, but not a fork bomb on a small machine. */
  batch?: number;
}

/**
 * A connection storm: `count` extra sessions that connect and stay idle, as an application
 * whose pool lost its limit would. Use it to bring a server close to max_connections (leave
 * superuser_reserved_connections free, or the monitor itself cannot get in).
 * Resolves once every session is connected.
 */
export async function connectionStorm(endpoint: Endpoint, opts: ConnectionStormOptions): Promise<ScenarioHandle> {
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new Error(`count must be an integer >= 1, got ${opts.count}`);
  const group = await SessionGroup.create(endpoint, opts);
  const batch = opts.batch ?? 20;
  return group.guard(async () => {
    for (let opened = 0; opened < opts.count; opened += batch) {
      const n = Math.min(batch, opts.count - opened);
      await Promise.all(Array.from({ length: n }, () => group.open()));
    }
    return { pids: group.pids, stop: () => group.stop() };
  });
}
