/**
 * `pgwarden -h a -h b …`: resolves every server of the session and runs the fleet monitor.
 * Servers are not connected before the screen is taken: one that does not answer is shown down
 * on the fleet pane and retried, rather than keeping the others from being watched.
 */
import { homedir } from 'node:os';
import { Session } from '../data/db';
import { probe } from '../data/server';
import type { Preferences } from '../prefs/parse';
import { fleetNames, flagsFor, type TargetSpec } from '../fleet/targets';
import { resolvePlans, type ConnectFlags, type Connected } from './connect';
import { forServer } from './prefs';
import { uiReady } from './ui-ready';
import type { FleetTarget, FleetTuiOptions } from './tui';
import { prometheusBase } from '../data/prometheus/read';

/** Every server of the list resolved on its own, as one target would be. */
export async function resolveTargets(specs: readonly TargetSpec[], flags: ConnectFlags): Promise<Connected[] | { error: string }> {
  const conns: Connected[] = [];
  for (const s of specs) {
    const c = await resolvePlans(s.positional, flagsFor(s, flags));
    if ('error' in c) return { error: c.error };
    conns.push(c);
  }
  return conns;
}

export async function runFleet(specs: readonly TargetSpec[], flags: ConnectFlags, prefs: Preferences, refreshFlag: number | undefined, ui: Omit<FleetTuiOptions, 'servers' | 'prometheus'>, prometheus?: string): Promise<number | { error: string }> {
  let base: string | undefined;
  try {
    base = prometheus === undefined ? undefined : prometheusBase(prometheus);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const targetOf = (c: Connected, name: string, named = false): FleetTarget => {
    // A server of the preferences file's list has its thresholds and refresh under its name.
    const server = forServer(prefs, named ? name : c.target.serverKey, refreshFlag);
    const bouncer = c.plan.kind === 'pgbouncer';
    return {
      name,
      host: c.target.host,
      port: c.target.port,
      poll: new Session(c.plan),
      action: new Session(c.actionPlan),
      target: `${name} ${bouncer ? `PgBouncer ${c.display}` : c.display}`,
      bouncer,
      intervalMs: server.refreshSeconds * 1000,
      thresholds: server.thresholds,
    };
  };
  // A row picked on the Prometheus list: its pgwarden_target label is a conninfo, resolved like an argument (the user from -U, passwords from .pgpass).
  const connect = async (name: string, conninfo: string): Promise<FleetTarget | { error: string }> => {
    const c = await resolvePlans([conninfo], { username: flags.username, neverPrompt: true });
    return 'error' in c ? { error: `${name}: ${c.error}` } : targetOf(c, name);
  };
  const conns = await resolveTargets(specs, flags);
  if ('error' in conns) return conns;
  const names = fleetNames(conns.map((c, i) => ({ name: specs[i]!.name, host: c.target.host, hostIsSocket: c.target.hostIsSocket, port: c.target.port, database: c.target.database })));
  const { runFleetTui } = await import('./tui');
  // yoga's WebAssembly (single executable): the screen is drawn before the servers answer.
  await uiReady();
  const keys = new Map(conns.map((c, i) => [names[i]!, c]));
  // Screen 6 follows the server shown: its checks run on that server's polling session.
  const { operatorName } = await import('../checklists/headless');
  const home = homedir();
  const servers = conns.map((c, i) => targetOf(c, names[i]!, specs[i]!.name !== undefined));
  // The overloaded runbook's pool steps read PgBouncer's console when the session watches exactly one
  // PgBouncer (with several, which pools serve which server is not known: the steps say what to run).
  const bouncers = servers.filter((s) => s.bouncer);
  const console = bouncers.length === 1 ? bouncers[0]! : undefined;
  const checklists: FleetTuiOptions['checklists'] = (t, runtime) => {
    if (t.bouncer) return undefined;
    const caps = async () => runtime.pgPoller.capabilities ?? probe(t.poll);
    return {
      query: (text, params) => t.poll.query(text, params),
      caps,
      ownPids: () => [...t.poll.pids(), ...t.action.pids()],
      oneOff: async (fn) => t.poll.withDatabase((await caps()).database, fn),
      ...(console ? { bouncer: (text: string) => console.action.query(text) } : {}),
      serverKey: keys.get(t.name)?.target.serverKey ?? t.name,
      server: keys.get(t.name)?.display ?? t.name,
      operator: operatorName(process.env),
      env: process.env,
      home,
    };
  };
  return runFleetTui({ ...ui, servers, checklists, ...(base ? { prometheus: { base, connect } } : {}) });
}
