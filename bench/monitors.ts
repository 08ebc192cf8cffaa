/**
 * Runs a monitor in tmux (200x50) against the bench cluster and measures it: launch to a
 * populated first screen, and over a window of refreshes the queries and server time it
 * costs (pg_stat_statements, filtered by the monitor's own role), its CPU time and peak RSS.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withAdmin } from '../src/lab/client';
import type { Endpoint } from '../src/lab/types';
import { cpuSeconds, median, peakRssMb } from './proc';

/** How to start one monitor. */
export interface MonitorSpec {
  name: string;
  /** Role the monitor connects as (pg_monitor): its statements are told apart by it. */
  role: string;
  /** Shell command line (run with exec, so the pane's pid is the monitor's). */
  command(endpoint: Endpoint, role: string): string;
  /** Extra environment of the monitor's process. */
  env?: Record<string, string>;
  /** pgwarden: write its start-up phases (PGWARDEN_STARTUP_TRACE) and report their medians. */
  trace?: boolean;
  /** The refresh interval its command line sets, seconds (1 when absent): how many refreshes a window expects. */
  intervalS?: number;
}

/** What was measured for one monitor at one load. */
export interface MonitorResult {
  monitor: string;
  launchMsMedian: number | null;
  launchMs: number[];
  windowS: number;
  refreshesObserved: number;
  refreshesExpected: number;
  queriesPerRefresh: number;
  serverMsPerRefresh: number;
  /** CPU time of the monitor's own backends (their /proc times), per refresh. */
  serverCpuMsPerRefresh: number;
  cpuMsPerRefresh: number;
  /**
   * Client CPU per refresh over a second window a minute after start (the highest level only):
   * the first window sees code V8 has not optimized yet, this one the steady state.
   */
  lateCpuMsPerRefresh?: number;
  peakRssMb: number;
  /** Median end of each start-up phase, ms since exec (traced monitors only). */
  startup?: Record<string, number>;
}

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A screen shows the header row and at least one backend row (a line starting with a pid, right
 * aligned: a 3-digit pid of a fresh cluster comes after the cursor's mark and five spaces).
 */
export function populated(screen: string): boolean {
  return /\bPID\b/.test(screen) && /^\W{0,8}\d{3,7}\s+\S+/m.test(screen);
}

export async function launch(spec: MonitorSpec, endpoint: Endpoint): Promise<{ name: string; pid: number; ms: number; trace?: Record<string, number>; cpuMs?: number }> {
  const name = `bench-${spec.name.replace(/\W+/g, '-')}-${process.pid}-${Date.now()}`;
  const traceFile = spec.trace ? join(tmpdir(), `${name}.trace.json`) : undefined;
  const env = { ...spec.env, ...(traceFile ? { PGWARDEN_STARTUP_TRACE: traceFile } : {}) };
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const t0 = performance.now();
  tmux('new-session', '-d', '-s', name, '-x', '200', '-y', '50', '-e', 'LANG=C.UTF-8', '-e', 'TERM=xterm-256color', ...envArgs, `exec ${spec.command(endpoint, spec.role)}`);
  tmux('set-option', '-t', name, 'status', 'off');
  const pid = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
  const deadline = Date.now() + 60_000;
  let screen = '';
  while (Date.now() < deadline) {
    screen = tmux('capture-pane', '-p', '-t', name);
    if (populated(screen)) return { name, pid, ms: performance.now() - t0, ...(traceFile ? readTrace(traceFile) : {}) };
    await sleep(20);
  }
  kill(name);
  throw new Error(`${spec.name} showed no populated screen within 60 s; last screen:\n${screen}`);
}

/**
 * The phases pgwarden traced (src/render/startup-trace.ts), as ms since exec: Node's own
 * bootstrap, then each mark; and the process's CPU time by then. The file is written before the
 * frame that made the screen populated.
 */
function readTrace(file: string): { trace: Record<string, number>; cpuMs?: number } {
  try {
    const t = JSON.parse(readFileSync(file, 'utf8')) as { bootstrapMs: number; cpuMs: number; marks: Array<[string, number]> };
    return { trace: { 'node bootstrap': t.bootstrapMs, ...Object.fromEntries(t.marks) }, cpuMs: t.cpuMs };
  } catch {
    return { trace: {} };
  } finally {
    rmSync(file, { force: true });
  }
}

export function kill(name: string): void {
  try {
    tmux('kill-session', '-t', name);
  } catch {
    // already gone
  }
}

/** Resets the role's pg_stat_statements entries (13+: the userid argument). */
async function resetStats(endpoint: Endpoint, role: string): Promise<void> {
  await withAdmin(endpoint, (c) => c.query('SELECT pg_stat_statements_reset((SELECT oid FROM pg_roles WHERE rolname = $1))', [role]));
}

/**
 * The role's statements since the reset. A refresh is counted as one call of the most-called
 * statement that reads pg_stat_activity (every monitor reads it once per refresh).
 */
async function readStats(endpoint: Endpoint, role: string): Promise<{ calls: number; execMs: number; refreshes: number }> {
  return withAdmin(endpoint, async (c) => {
    const r = await c.query<{ calls: string; ms: number; refreshes: string }>(
      `SELECT coalesce(sum(calls), 0)::text AS calls, coalesce(sum(total_exec_time), 0)::float8 AS ms,
              coalesce(max(calls) FILTER (WHERE query ILIKE '%pg_stat_activity%'), 0)::text AS refreshes
         FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = $1`,
      [role],
    );
    const row = r.rows[0]!;
    return { calls: Number(row.calls), execMs: row.ms, refreshes: Number(row.refreshes) };
  });
}

/** CPU seconds so far of each backend of `role` (the cluster runs on this machine). */
async function backendCpu(endpoint: Endpoint, role: string): Promise<Map<number, number>> {
  const pids = await withAdmin(endpoint, (c) => c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE usename = $1', [role]));
  const out = new Map<number, number>();
  for (const { pid } of pids.rows) {
    try {
      out.set(pid, cpuSeconds(pid));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** Measures a process that is already running (pid) over `windowS` seconds. */
export async function measureWindow(endpoint: Endpoint, role: string, pid: number, windowS: number, intervalS = 1) {
  await resetStats(endpoint, role);
  const server0 = await backendCpu(endpoint, role);
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  await sleep(windowS * 1000);
  const cpu1 = cpuSeconds(pid);
  const server1 = await backendCpu(endpoint, role);
  // A backend that started during the window counts from zero; one that ended is missed.
  let serverCpuS = 0;
  for (const [p, s] of server1) serverCpuS += s - (server0.get(p) ?? 0);
  const stats = await readStats(endpoint, role);
  const elapsed = (Date.now() - t0) / 1000;
  const per = (x: number): number => (stats.refreshes > 0 ? x / stats.refreshes : Number.NaN);
  return {
    windowS: Math.round(elapsed * 10) / 10,
    refreshesObserved: stats.refreshes,
    refreshesExpected: Math.floor(elapsed / intervalS),
    queriesPerRefresh: per(stats.calls),
    serverMsPerRefresh: per(stats.execMs),
    serverCpuMsPerRefresh: per(serverCpuS * 1000),
    cpuMsPerRefresh: per((cpu1 - cpu0) * 1000),
    peakRssMb: peakRssMb(pid),
  };
}

/** Launches the monitor `launches` times (median launch time), measures the last one over a window. */
export async function measureMonitor(spec: MonitorSpec, endpoint: Endpoint, opts: { launches: number; windowS: number; lateAtS?: number }): Promise<MonitorResult> {
  const launchMs: number[] = [];
  const traces: Array<Record<string, number>> = [];
  let last: { name: string; pid: number } | undefined;
  let lastAt = 0;
  for (let i = 0; i < opts.launches; i++) {
    lastAt = Date.now();
    const l = await launch(spec, endpoint);
    launchMs.push(Math.round(l.ms));
    if (l.trace) traces.push(l.trace);
    if (i < opts.launches - 1) kill(l.name);
    else last = l;
    await sleep(300);
  }
  try {
    // Past the first refreshes, so the window sees the steady state.
    await sleep(2000);
    const m = { ...(await measureWindow(endpoint, spec.role, last!.pid, opts.windowS, spec.intervalS)), ...(await lateWindow(endpoint, spec.role, last!.pid, lastAt, opts, spec.intervalS)) };
    const phases = [...new Set(traces.flatMap((t) => Object.keys(t)))];
    const startup = traces.length ? Object.fromEntries(phases.map((p) => [p, median(traces.flatMap((t) => (p in t ? [t[p]!] : [])))])) : undefined;
    return { monitor: spec.name, launchMsMedian: median(launchMs), launchMs, ...m, ...(startup ? { startup } : {}) };
  } finally {
    kill(last!.name);
  }
}

/** With `lateAtS`: client CPU per refresh over a second window from `lateAtS` seconds after `startedAt`, and the peak RSS by then. */
async function lateWindow(endpoint: Endpoint, role: string, pid: number, startedAt: number, opts: { windowS: number; lateAtS?: number }, intervalS?: number) {
  if (opts.lateAtS === undefined) return {};
  await sleep(Math.max(0, startedAt + opts.lateAtS * 1000 - Date.now()));
  const late = await measureWindow(endpoint, role, pid, opts.windowS, intervalS);
  return { lateCpuMsPerRefresh: late.cpuMsPerRefresh, peakRssMb: late.peakRssMb };
}

/** The floor: one persistent connection running `SELECT * FROM pg_stat_activity` once a second. */
export async function measureFloor(endpoint: Endpoint, role: string, windowS: number, lateAtS?: number): Promise<MonitorResult> {
  const script = `
    const pg = require('pg');
    const c = new pg.Client({ host: ${JSON.stringify(endpoint.host)}, port: ${endpoint.port}, user: ${JSON.stringify(role)}, database: 'postgres', application_name: 'bench-floor' });
    c.connect().then(() => setInterval(() => c.query('SELECT * FROM pg_stat_activity').catch(() => {}), 1000));`;
  const startedAt = Date.now();
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', cwd: process.cwd() });
  try {
    await sleep(2500);
    const m = { ...(await measureWindow(endpoint, role, child.pid!, windowS)), ...(await lateWindow(endpoint, role, child.pid!, startedAt, { windowS, lateAtS })) };
    return { monitor: `floor: node ${process.versions.node.split('.')[0]}, SELECT * FROM pg_stat_activity`, launchMsMedian: null, launchMs: [], ...m };
  } finally {
    child.kill('SIGTERM');
  }
}
