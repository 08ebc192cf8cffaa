/**
 * `pgwarden -h a -h b …`: resolves every server of the session and runs the fleet monitor.
 * Servers are not connected before the screen is taken: one that does not answer is shown down
 * on the fleet pane and retried, rather than keeping the others from being watched.
 */
import { Session } from '../data/db';
import type { Preferences } from '../prefs/parse';
import { fleetNames, type TargetSpec } from '../fleet/targets';
import { resolvePlans, type ConnectFlags, type Connected } from './connect';
import { forServer } from './prefs';
import type { FleetTuiOptions } from './tui';

export async function runFleet(specs: readonly TargetSpec[], flags: ConnectFlags, prefs: Preferences, refreshFlag: number | undefined, ui: Omit<FleetTuiOptions, 'servers'>): Promise<number | { error: string }> {
  const conns: Connected[] = [];
  for (const s of specs) {
    const c = await resolvePlans(s.positional, { ...flags, ...s.flags });
    if ('error' in c) return { error: c.error };
    conns.push(c);
  }
  const names = fleetNames(conns.map((c, i) => ({ name: specs[i]!.name, host: c.target.host, hostIsSocket: c.target.hostIsSocket, port: c.target.port, database: c.target.database })));
  const { runFleetTui } = await import('./tui');
  return runFleetTui({
    ...ui,
    servers: conns.map((c, i) => {
      const server = forServer(prefs, c.target.serverKey, refreshFlag);
      const bouncer = c.plan.kind === 'pgbouncer';
      return {
        name: names[i]!,
        host: c.target.host,
        port: c.target.port,
        poll: new Session(c.plan),
        action: new Session(c.actionPlan),
        target: `${names[i]} ${bouncer ? `PgBouncer ${c.display}` : c.display}`,
        bouncer,
        intervalMs: server.refreshSeconds * 1000,
        thresholds: server.thresholds,
      };
    }),
  });
}
