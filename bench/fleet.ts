/**
 * `npm run bench -- --fleet`: pgwarden watching 50 servers at once. The lab gives 50 targets
 * cheaply: 50 databases of one cluster, each its own connection target (its own statistics,
 * its own sessions). The bundle runs in tmux at 200x50 with a 1 s refresh, once with one
 * target and once with 50; over a window it measures the process' CPU and peak RSS, the
 * server's statements and execution time (pg_stat_statements, by the bench role), and the
 * refreshes held: the shown server's (expected one a second) and the background servers'
 * (expected one per backgroundIntervalMs). Per server = (50 targets - 1 target) / 49.
 */
import { execFileSync } from 'node:child_process';
import { withAdmin } from '../src/lab/client';
import type { Endpoint, LabCluster } from '../src/lab/types';
import { backgroundIntervalMs } from '../src/fleet/session';
import { cpuSeconds, median, peakRssMb } from './proc';

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ROLE = 'bench_fleet';

export interface FleetResult {
  targets: number;
  /** Launch to every row up on the fleet pane. */
  allUpMs: number;
  windowS: number;
  clientCpuMsPerS: number;
  peakRssMb: number;
  serverCallsPerS: number;
  serverExecMsPerS: number;
  /** Refreshes of the shown server in the window, and expected. */
  activeRefreshes: [number, number];
  /** Median refreshes of a background server in the window, and expected. */
  backgroundRefreshes: [number, number] | null;
  connections: number;
}

function conninfo(ep: Endpoint, db: string): string {
  return `host=${ep.host} port=${ep.port} user=${ROLE} dbname=${db}`;
}

/** Per database: calls of the summary read (it reads pg_stat_activity once a refresh), and the role's totals. */
async function stats(ep: Endpoint): Promise<{ byDb: Map<string, number>; calls: number; execMs: number }> {
  return withAdmin(ep, async (c) => {
    const r = await c.query<{ datname: string; refreshes: string; calls: string; ms: number }>(
      `SELECT d.datname, coalesce(max(s.calls) FILTER (WHERE s.query ILIKE '%pg_stat_activity%'), 0)::text AS refreshes,
              sum(s.calls)::text AS calls, sum(s.total_exec_time)::float8 AS ms
         FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid JOIN pg_database d ON d.oid = s.dbid
        WHERE r.rolname = $1 GROUP BY d.datname`,
      [ROLE],
    );
    return {
      byDb: new Map(r.rows.map((x) => [x.datname, Number(x.refreshes)])),
      calls: r.rows.reduce((s, x) => s + Number(x.calls), 0),
      execMs: r.rows.reduce((s, x) => s + x.ms, 0),
    };
  });
}

async function measure(bundle: string, ep: Endpoint, dbs: string[], windowS: number): Promise<FleetResult> {
  const name = `bench-fleet-${process.pid}-${dbs.length}`;
  const args = dbs.length === 1 ? [conninfo(ep, dbs[0]!)] : dbs.flatMap((d) => ['-d', conninfo(ep, d)]);
  const command = [process.execPath, bundle, '-r', '1', ...args.map((a) => `'${a}'`)].join(' ');
  const t0 = performance.now();
  tmux('new-session', '-d', '-s', name, '-x', '200', '-y', '50', '-e', 'LANG=C.UTF-8', '-e', 'TERM=xterm-256color', `exec ${command}`);
  try {
    const pid = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
    // One target opens on the activity pane; 50 on the fleet pane, whose worst rows (connecting, down) come first.
    const ready = (screen: string): boolean =>
      dbs.length === 1
        ? /\bPID\b/.test(screen)
        : new RegExp(`Fleet . ${dbs.length} servers`).test(screen) && screen.split('\n').filter((l) => /^\W*\S+\s+primary\b/.test(l)).length >= 30 && !/\s\.\.\.\s|\bdown\b/.test(screen);
    const deadline = Date.now() + 120_000;
    let screen = '';
    while (!ready(screen)) {
      if (Date.now() > deadline) throw new Error(`the fleet never came up; last screen:\n${screen}`);
      await sleep(50);
      screen = tmux('capture-pane', '-p', '-t', name);
    }
    const allUpMs = performance.now() - t0;
    await sleep(3000);
    await withAdmin(ep, (c) => c.query('SELECT pg_stat_statements_reset((SELECT oid FROM pg_roles WHERE rolname = $1))', [ROLE]));
    const cpu0 = cpuSeconds(pid);
    const w0 = Date.now();
    await sleep(windowS * 1000);
    const cpu1 = cpuSeconds(pid);
    const s = await stats(ep);
    const elapsed = (Date.now() - w0) / 1000;
    const connections = await withAdmin(ep, (c) => c.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_stat_activity WHERE usename = $1', [ROLE]));
    const refreshes = dbs.map((d) => s.byDb.get(d) ?? 0);
    if (process.env.PGWARDEN_BENCH_DEBUG) {
      const top = await withAdmin(ep, (c) => c.query(`SELECT d.datname, s.calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 70) AS q FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid JOIN pg_database d ON d.oid = s.dbid WHERE r.rolname = $1 AND d.datname IN ('fleet_01', 'fleet_02') ORDER BY 1, 2 DESC`, [ROLE]));
      process.stderr.write(`${top.rows.map((x) => `${x.datname} ${x.calls} ${x.q}`).join('\n')}\n${tmux('capture-pane', '-p', '-t', name)}\n`);
    }
    const background = refreshes.slice(1);
    return {
      targets: dbs.length,
      allUpMs: Math.round(allUpMs),
      windowS: Math.round(elapsed * 10) / 10,
      clientCpuMsPerS: ((cpu1 - cpu0) * 1000) / elapsed,
      peakRssMb: peakRssMb(pid),
      serverCallsPerS: s.calls / elapsed,
      serverExecMsPerS: s.execMs / elapsed,
      activeRefreshes: [refreshes[0]!, Math.floor(elapsed)],
      backgroundRefreshes: background.length ? [median(background), Math.floor((elapsed * 1000) / backgroundIntervalMs(1000))] : null,
      connections: Number(connections.rows[0]!.n),
    };
  } finally {
    try {
      tmux('kill-session', '-t', name);
    } catch {
      // already gone
    }
  }
}

/** Creates the databases and the role, measures 1 and `n` targets. */
export async function fleetBench(bundle: string, cluster: LabCluster, n: number, windowS: number, log: (l: string) => void): Promise<FleetResult[]> {
  const dbs = Array.from({ length: n }, (_, i) => `fleet_${String(i + 1).padStart(2, '0')}`);
  await withAdmin(cluster.primary, async (c) => {
    await c.query(`CREATE ROLE ${ROLE} LOGIN`);
    await c.query(`GRANT pg_monitor TO ${ROLE}`);
    for (const d of dbs) await c.query(`CREATE DATABASE ${d}`);
  });
  log(`fleet: 1 target`);
  const one = await measure(bundle, cluster.primary, dbs.slice(0, 1), windowS);
  log(`fleet: ${n} targets`);
  const many = await measure(bundle, cluster.primary, dbs, windowS);
  return [one, many];
}

export function fleetTable(r: FleetResult[]): string {
  const [one, many] = r as [FleetResult, FleetResult];
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const per = (a: number, b: number) => f((b - a) / (many.targets - one.targets), 2);
  return [
    `fleet: ${many.targets} targets (databases of one cluster), refresh 1 s, background every ${backgroundIntervalMs(1000) / 1000} s, tmux 200x50, ${many.windowS} s window`,
    `  targets  all up ms  client CPU ms/s  peak RSS MB  server calls/s  server exec ms/s  shown refreshes  background refreshes  connections`,
    ...r.map(
      (x) =>
        `  ${String(x.targets).padStart(7)}  ${String(x.allUpMs).padStart(9)}  ${f(x.clientCpuMsPerS).padStart(15)}  ${f(x.peakRssMb).padStart(11)}  ${f(x.serverCallsPerS).padStart(14)}  ${f(x.serverExecMsPerS, 2).padStart(16)}  ${`${x.activeRefreshes[0]}/${x.activeRefreshes[1]}`.padStart(15)}  ${(x.backgroundRefreshes ? `${x.backgroundRefreshes[0]}/${x.backgroundRefreshes[1]}` : '-').padStart(20)}  ${String(x.connections).padStart(11)}`,
    ),
    `  per background server: client CPU ${per(one.clientCpuMsPerS, many.clientCpuMsPerS)} ms/s, ${per(one.peakRssMb, many.peakRssMb)} MB, server ${per(one.serverExecMsPerS, many.serverExecMsPerS)} ms/s in ${per(one.serverCallsPerS, many.serverCallsPerS)} statements/s`,
  ].join('\n');
}
