/**
 * `npm run bench` (see run.mjs): pgwarden next to pg_activity (when installed) at 50, 500 and
 * 2000 client connections, plus the floors (a bare pg_stat_activity poll; Node drawing one
 * ink frame) and the activity pane's frame render time with 10,000 rows. Prints a table and
 * writes bench/results/<timestamp>.json. `--quick`: 50 connections only, fewer launches.
 * `--fleet`: one session watching 50 targets (bench/fleet.ts). `--lab N`: a cluster with N
 * connections to try monitors against by hand.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findInstalls } from '../src/lab/binaries';
import { withAdmin } from '../src/lab/client';
import { startCluster } from '../src/lab/cluster';
import { startLoad } from './load';
import { measureRecording, type RecordingResult } from './recorder';
import { collectorCosts } from './collectorCost';
import { recordedCollectors } from '../src/cli/record';
import { planFor } from '../src/screens/registry';
import { initialUi } from '../src/state/ui';
import { rewindSoak, soakRun } from './rewindSoak';
import { measureFloor, measureMonitor, type MonitorResult, type MonitorSpec } from './monitors';
import { median } from './proc';
import { renderBench } from './render';
import { fleetBench, fleetTable } from './fleet';
import { parseDuration, soak, soakTable } from './soak';
import { heapProbe, heapReport } from './memory';
import { figuresTable, problemsCost, startupTable, writeReadme } from './summary';
import { compareStartups, executableSpec } from './startupCompare';
import { EXEC_ARGV } from '../scripts/exec-argv.mjs';
import { NODE_VERSION, seaNodeBinary } from '../scripts/sea-node.mjs';

const quick = process.argv.includes('--quick');
/** `--recorder`: only `pgwarden record` (size and server cost), at 500 and 2000 connections. */
const recorderOnly = process.argv.includes('--recorder');
/** `--readme`: write the four figures, the start-up breakdown and the problems' cost into README.md. */
const writeToReadme = process.argv.includes('--readme');
const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
/** `--soak 30m`: only pgwarden at 2000 connections for that long, RSS sampled (see soak.ts). */
const soakArg = argValue('--soak');
/** `--levels 50,2000`: only these connection counts. */
const levelsArg = argValue('--levels');
/** `--collectors`: what each collector of a recording costs at 2000 connections. */
const collectorsOnly = process.argv.includes('--collectors');
const LEVELS = collectorsOnly ? [2000] : levelsArg ? levelsArg.split(',').map(Number) : soakArg ? [2000] : recorderOnly ? [500, 2000] : quick ? [50] : [50, 500, 2000];
/** Where the problems evaluation's cost is measured (pgwarden run again without it). */
const PROBLEMS_OFF_LEVELS = [2000];
/** Seconds after the last launch when the highest level's second window starts. */
const LATE_AT_S = 60;
/** Levels at which a recording's size is measured, and for how long. */
const RECORD_LEVELS = quick ? [50] : [500, 2000];
const RECORD_S = quick ? 30 : 120;
const WINDOW_S = quick ? 10 : 15;
const LAUNCHES = quick ? 3 : 5;
const BUNDLE = resolve('dist/pgwarden.mjs');
/** The single executable for this machine, when `npm run dist` built it. */
const SEA = resolve(`dist/pgwarden-linux-${process.arch}`);
const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

const ROLES = { pgwarden: 'bench_pgwarden', pgActivity: 'bench_pg_activity', floor: 'bench_floor' } as const;

const PGWARDEN: MonitorSpec = {
  name: `pgwarden (node ${process.versions.node.split('.')[0]})`,
  role: ROLES.pgwarden,
  command: (ep, role) => `${process.execPath} ${BUNDLE} -h ${ep.host} -p ${ep.port} -U ${role} -r 1 postgres`,
  trace: true,
};
const PGWARDEN_SEA: MonitorSpec = {
  name: 'pgwarden (single executable)',
  role: ROLES.pgwarden,
  command: (ep, role) => `${SEA} -h ${ep.host} -p ${ep.port} -U ${role} -r 1 postgres`,
  trace: true,
};
/**
 * The single executable's floor: its own node under its own V8 flags, with node-postgres and no
 * pgwarden code, prints the first rows of `SELECT * FROM pg_stat_activity`, then reads it again
 * every second without drawing (bench/floor-screen.cjs). What no program on this runtime can go
 * under, first screen and memory alike. Launched and measured as the monitors are.
 */
const SEA_NODE = seaNodeBinary(resolve('.'), process.arch);
const FLOOR_SEA_NODE: MonitorSpec = {
  name: `floor: node ${NODE_VERSION.split('.')[0]} with the executable's flags, SELECT * FROM pg_stat_activity`,
  role: ROLES.floor,
  command: (ep, role) => `${SEA_NODE} ${EXEC_ARGV.join(' ')} ${resolve('bench/floor-screen.cjs')} ${ep.host} ${ep.port} ${role}`,
};
/** The same monitor without the problems evaluation (issue 13's before/after). */
const withoutProblems = (spec: MonitorSpec): MonitorSpec => ({ ...spec, name: `${spec.name}, problems off`, env: { PGWARDEN_BENCH_NO_PROBLEMS: '1' }, trace: false });
/** The same monitor refreshing every 0.5 s, its shortest interval: does every refresh arrive at 2000 backends? */
const HALF_SECOND = ', 0.5 s refresh';
const atHalfSecond = (spec: MonitorSpec): MonitorSpec => ({
  ...spec,
  name: `${spec.name}${HALF_SECOND}`,
  command: (ep, role) => spec.command(ep, role).replace(' -r 1 ', ' -r 0.5 '),
  trace: false,
  intervalS: 0.5,
});
const PG_ACTIVITY: MonitorSpec = {
  name: 'pg_activity',
  role: ROLES.pgActivity,
  command: (ep, role) => `pg_activity -h ${ep.host} -p ${ep.port} -U ${role} -d postgres --refresh 1`,
};

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** pg_activity if present; as root, one attempt to install the Debian package. */
function pgActivityAvailable(notes: string[]): boolean {
  if (has('pg_activity')) return true;
  if (process.getuid?.() === 0 && has('apt-get')) {
    log('pg_activity not found; trying apt-get install -y pg-activity');
    const r = spawnSync('apt-get', ['install', '-y', 'pg-activity'], { stdio: 'ignore', timeout: 180_000 });
    if (r.status === 0 && has('pg_activity')) return true;
  }
  notes.push('pg_activity is not installed (Debian: apt-get install pg-activity): its columns are skipped');
  return false;
}

/**
 * Node starting and drawing one ink frame from a bundle, and bare Node, median of 5 each. Node
 * is started directly (through a shell and GNU time, starts from a background job took twice as
 * long here) and reports its own peak RSS as it exits.
 */
function startupFloor(): { nodeMs: number; inkFrameMs: number; inkFrameRssMb: number } {
  const inkFrame = pathToFileURL(resolve(process.env.PGWARDEN_BENCH_DIR ?? '.', 'ink-frame.mjs')).href;
  const report = "process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS))";
  const time = (args: string[]): { ms: number; rssMb: number } => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - t0;
    const kb = Number(/maxrss=(\d+)/.exec(r.stderr ?? '')?.[1]);
    return { ms, rssMb: Number.isFinite(kb) ? kb / 1024 : Number.NaN };
  };
  const node = Array.from({ length: 5 }, () => time(['-e', report]));
  const ink = Array.from({ length: 5 }, () => time(['--input-type=module', '-e', `${report}; await import(${JSON.stringify(inkFrame)});`]));
  return {
    nodeMs: median(node.map((x) => x.ms)),
    inkFrameMs: median(ink.map((x) => x.ms)),
    inkFrameRssMb: median(ink.map((x) => x.rssMb)),
  };
}

const fmt = (x: number | null, digits = 1): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** Whether the shortest refresh interval holds at the highest level, and what a refresh costs there. */
function halfSecondLine(results: Array<MonitorResult & { n: number }>): string {
  const r = results.find((x) => x.monitor.endsWith(HALF_SECOND));
  if (!r) return '';
  return (
    `${r.monitor} at ${r.n} connections: ${r.refreshesObserved}/${r.refreshesExpected} refreshes in ${fmt(r.windowS, 0)} s; client CPU ${fmt(r.cpuMsPerRefresh)} ms/refresh, ` +
    `backend CPU ${fmt(r.serverCpuMsPerRefresh)} ms/refresh, server execution ${fmt(r.serverMsPerRefresh)} ms/refresh, peak RSS ${fmt(r.peakRssMb, 0)} MB`
  );
}

/** The first screen's floors: what Node alone, and Node drawing one bundled ink frame, take from exec. */
const startupFloorLine = (s: { nodeMs: number; inkFrameMs: number; inkFrameRssMb: number }): string =>
  `start-up floor: bare node ${fmt(s.nodeMs, 0)} ms; node + one ink frame (bundled) ${fmt(s.inkFrameMs, 0)} ms, ${fmt(s.inkFrameRssMb)} MB peak RSS`;

function table(rows: Array<MonitorResult & { n: number }>): string {
  const head = ['N', 'monitor', 'launch ms (median)', 'queries/refresh', 'server ms/refresh', 'server CPU ms/refresh', 'client CPU ms/refresh', 'peak RSS MB', 'refreshes seen/expected'];
  const body = rows.map((r) => [
    String(r.n),
    r.monitor,
    fmt(r.launchMsMedian, 0),
    fmt(r.queriesPerRefresh),
    fmt(r.serverMsPerRefresh, 2),
    fmt(r.serverCpuMsPerRefresh),
    fmt(r.cpuMsPerRefresh),
    fmt(r.peakRssMb),
    `${r.refreshesObserved}/${r.refreshesExpected}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** `--rewind-soak`: the rewind buffer's memory over an hour at 2000 backends (no server needed). */
function soakMain(): void {
  log('rewind soak: an hour at 1 s, 2000 backends, without and with the rewind buffer');
  const rows = rewindSoak(fileURLToPath(import.meta.url));
  for (const r of rows) process.stdout.write(`rewind ${r.mode}: ${r.refreshes} refreshes, RSS ${r.rssMb.toFixed(0)} MB after the last push, ${r.rssIdleMb.toFixed(0)} MB 3 s later, heap ${r.heapMb.toFixed(0)} MB, external ${r.externalMb.toFixed(0)} MB, buffer ${r.bufferMb.toFixed(1)} MB holding ${r.held} snapshots in a ring of ${r.ringMb.toFixed(1)} MB, ${r.msPerPush.toFixed(1)} ms per refresh (CPU ${r.cpuMsPerPush.toFixed(1)} ms)\n`);
}

/** `--fleet`: 50 targets in one session (bench/fleet.ts), nothing else. */
async function fleetMain(install: NonNullable<ReturnType<typeof findInstalls>[number]>): Promise<void> {
  log(`starting PostgreSQL ${install.version} for 50 targets`);
  const cluster = await startCluster(install, { name: 'bench-fleet', conf: { max_connections: '300' } });
  try {
    const results = await fleetBench(BUNDLE, cluster, 50, WINDOW_S, log);
    process.stdout.write(`PostgreSQL ${install.version}\n${fleetTable(results)}\n`);
    mkdirSync('bench/results', { recursive: true });
    const file = join('bench/results', `fleet-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), postgres: install.version, windowS: WINDOW_S, results }, null, 2));
    process.stdout.write(`written to ${file}\n`);
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const notes: string[] = [];
  const install = findInstalls().at(-1);
  if (!install) throw new Error('no PostgreSQL binaries found (npm install, or install PostgreSQL)');
  if (process.argv.includes('--fleet')) return fleetMain(install);
  const lab = argValue('--lab');
  if (lab) return labMain(install, Number(lab));
  const compared = argValue('--startup-compare');
  if (compared) return startupCompareMain(install, compared.split(','));
  const withPgActivity = soakArg ? false : pgActivityAvailable(notes);
  const ours = existsSync(SEA) ? [PGWARDEN_SEA, PGWARDEN] : [PGWARDEN];
  if (!existsSync(SEA)) notes.push(`${SEA} is not built (npm run dist): the single executable is not measured`);
  if (soakArg) {
    const envArg = (name: string): Record<string, string> =>
      Object.fromEntries((argValue(name) ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    const withEnv = (spec: MonitorSpec, env: Record<string, string>, label: string | undefined): MonitorSpec =>
      Object.keys(env).length ? { ...spec, name: `${spec.name}, ${label}`, env: { ...spec.env, ...env } } : spec;
    // `--env NAME=VALUE,…`: the monitor's environment for this soak (e.g. MALLOC_ARENA_MAX=2), to compare.
    // `--bundle`: the npm bundle under this Node rather than the single executable.
    const spec = withEnv(process.argv.includes('--bundle') ? PGWARDEN : ours[0]!, envArg('--env'), argValue('--env'));
    // `--beside NAME=VALUE,…`: a second copy with this environment too, soaked at the same time against the
    // same server, so that the two compare under the same load (e.g. PGWARDEN_BENCH_NO_REWIND=1).
    // `--beside-exe FILE`: a second copy that is another build of the executable (e.g. main's, built in a
    // worktree), with the same environment, for a before/after of a change in the code.
    const besideExe = argValue('--beside-exe');
    const specs = besideExe
      ? [spec, { ...executableSpec(`${spec.name}, ${besideExe}`, resolve(besideExe), spec.role), env: spec.env }]
      : argValue('--beside')
        ? [spec, withEnv(spec, envArg('--beside'), argValue('--beside'))]
        : [spec];
    // `--heap`: V8's figures too, written by a script preloaded through NODE_OPTIONS.
    const heapFile = (i: number): string => join(tmpdir(), `pgwarden-heap-${process.pid}-${i}.json`);
    const heap = process.argv.includes('--heap');
    await runSoak(parseDuration(soakArg), heap ? specs.map((s, i) => ({ ...s, env: { ...s.env, NODE_OPTIONS: `--require ${heapProbe(heapFile(i))}` } })) : specs, install);
    if (heap) specs.forEach((s, i) => process.stdout.write(`${s.name}: ${heapReport(heapFile(i))}\n`));
    return;
  }

  // The start-up floor first: after the render benchmark this process is large, and starting
  // children from it (fork) would add its own cost to theirs.
  log('start-up floor: bare Node, Node + one ink frame');
  const startup = recorderOnly || collectorsOnly || levelsArg ? { nodeMs: NaN, inkFrameMs: NaN, inkFrameRssMb: NaN } : startupFloor();
  log('render: activity pane, 10,000 rows, 200x50');
  const render = recorderOnly || collectorsOnly || levelsArg ? { rows: 0, p50: NaN, p99: NaN, frames: 0 } : await renderBench(10_000, quick ? 60 : 150);
  const recordings: Array<RecordingResult & { n: number }> = [];

  log(`starting PostgreSQL ${install.version} with max_connections 2100`);
  const cluster = await startCluster(install, { name: 'bench', conf: { max_connections: '2100', shared_buffers: "'128MB'" } });
  const results: Array<MonitorResult & { n: number; load: Record<string, number> }> = [];
  try {
    await withAdmin(cluster.primary, async (c) => {
      for (const role of Object.values(ROLES)) {
        await c.query(`CREATE ROLE ${role} LOGIN`);
        await c.query(`GRANT pg_monitor TO ${role}`);
      }
    });
    for (const n of LEVELS) {
      log(`N = ${n}: opening connections`);
      const load = await startLoad(cluster.primary, n);
      try {
        if (collectorsOnly) {
          const plans = { 'a recording': recordedCollectors(), 'the monitor on the activity pane': planFor('activity', initialUi()) };
          for (const [what, plan] of Object.entries(plans)) {
            const costs = await collectorCosts(cluster.primary, ROLES.pgwarden, 40, plan);
            for (const c of costs) log(`N = ${n}: ${what}: ${c.id}: ${c.runs}/40 refreshes, ${c.msMedian.toFixed(1)} ms median as the client sees it, server CPU ${c.serverCpuMs.toFixed(2)} ms a run, ${c.serverCpuMsPerRefresh.toFixed(2)} ms a refresh`);
            log(`N = ${n}: ${what}: server CPU ${costs.reduce((t, c) => t + c.serverCpuMsPerRefresh, 0).toFixed(1)} ms per refresh; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
          }
          continue;
        }
        if (RECORD_LEVELS.includes(n)) {
          log(`N = ${n}: pgwarden record, ${RECORD_S} s at 1 s`);
          recordings.push({ n, ...(await measureRecording(BUNDLE, cluster.primary, ROLES.pgwarden, RECORD_S)) });
        }
        if (recorderOnly) continue;
        const specs = [...ours, ...(PROBLEMS_OFF_LEVELS.includes(n) ? [withoutProblems(ours[0]!)] : []), ...(withPgActivity ? [PG_ACTIVITY] : [])];
        // At the highest level a second window a minute in, for the steady state (problems off aside).
        const late = (spec?: MonitorSpec): number | undefined => (n === Math.max(...LEVELS) && !spec?.name.endsWith(', problems off') ? LATE_AT_S : undefined);
        for (const spec of specs) {
          log(`N = ${n}: ${spec.name}`);
          results.push({ n, load: load.counts, ...(await measureMonitor(spec, cluster.primary, { launches: LAUNCHES, windowS: WINDOW_S, lateAtS: late(spec) })) });
        }
        if (n === Math.max(...LEVELS)) {
          const spec = atHalfSecond(ours[0]!);
          log(`N = ${n}: ${spec.name}`);
          results.push({ n, load: load.counts, ...(await measureMonitor(spec, cluster.primary, { launches: 1, windowS: WINDOW_S })) });
        }
        log(`N = ${n}: floor`);
        results.push({ n, load: load.counts, ...(await measureFloor(cluster.primary, ROLES.floor, WINDOW_S, late())) });
        if (existsSync(SEA_NODE)) {
          log(`N = ${n}: ${FLOOR_SEA_NODE.name}`);
          results.push({ n, load: load.counts, ...(await measureMonitor(FLOOR_SEA_NODE, cluster.primary, { launches: LAUNCHES, windowS: WINDOW_S, lateAtS: late() })) });
        }
      } finally {
        await load.stop();
      }
    }
  } finally {
    await cluster.stop();
  }

  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${load} at the end`;
  const generated = [
    `PostgreSQL ${install.version}, refresh 1 s, tmux 200x50, ${WINDOW_S} s windows, ${LAUNCHES} launches; ${machine}; ${new Date().toISOString().slice(0, 16)}Z`,
    '',
    figuresTable(results, LEVELS),
    '',
    startupFloorLine(startup),
    '',
    startupTable(results),
    '',
    problemsCost(results),
    halfSecondLine(results),
  ].join('\n');
  const out = [
    generated,
    '',
    table(results),
    '',
    `activity pane render, ${render.rows} rows, 200x50: p50 ${fmt(render.p50, 2)} ms, p99 ${fmt(render.p99, 2)} ms (${render.frames} frames)`,
    ...recordings.map((r) => `recording at N = ${r.n}, 1 s interval: ${r.snapshots} snapshots in ${fmt(r.seconds, 0)} s, ${r.bytes} bytes, ${fmt(r.bytesPerHour / 1024 ** 2, 1)} MB per hour; open + seek to the middle ${fmt(r.seekMs, 0)} ms; server execution ${fmt(r.serverMsPerRefresh)} ms/refresh, server CPU ${fmt(r.serverCpuMsPerRefresh)} ms/refresh, ${fmt(r.queriesPerRefresh)} queries/refresh`),
    ...notes.map((n) => `note: ${n}`),
  ].join('\n');
  process.stdout.write(`${out}\n`);
  if (writeToReadme) writeReadme(generated);
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), quick, postgres: install.version, windowS: WINDOW_S, results, render, startup, recordings, notes }, null, 2));
  process.stdout.write(`written to ${file}\n`);
}

/**
 * `--startup-compare FILE[,FILE…]`: this tree's single executable, the executables named and
 * pg_activity launched in turn (`--runs N`, 9 by default) at each level (50 and 2000, or `--levels`).
 */
async function startupCompareMain(install: NonNullable<ReturnType<typeof findInstalls>[number]>, others: string[]): Promise<void> {
  const runs = Number(argValue('--runs') ?? 9);
  const specs = [executableSpec('this tree', SEA, ROLES.pgwarden), ...others.map((f) => executableSpec(f, resolve(f), ROLES.pgwarden)), PG_ACTIVITY];
  const cluster = await startCluster(install, { name: 'bench-startup', conf: { max_connections: '2100', shared_buffers: "'128MB'" } });
  try {
    await withAdmin(cluster.primary, async (c) => {
      for (const role of [ROLES.pgwarden, ROLES.pgActivity]) {
        await c.query(`CREATE ROLE ${role} LOGIN`);
        await c.query(`GRANT pg_monitor TO ${role}`);
      }
    });
    for (const n of levelsArg ? LEVELS : [50, 2000]) {
      log(`N = ${n}: opening connections`);
      const load = await startLoad(cluster.primary, n);
      try {
        const table = await compareStartups(specs, cluster.primary, runs, (l) => log(`N = ${n}: ${l}`));
        process.stdout.write(`N = ${n}, PostgreSQL ${install.version}, tmux 200x50; ${table}\n\n`);
      } finally {
        await load.stop();
      }
    }
  } finally {
    await cluster.stop();
  }
}

/**
 * `--lab N`: the benchmark's cluster with its roles and N client connections, held until the
 * process is stopped (Ctrl-C), for profiling a monitor by hand against it; prints how to launch each.
 */
async function labMain(install: NonNullable<ReturnType<typeof findInstalls>[number]>, n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`--lab: "${n}" is not a number of connections`);
  const cluster = await startCluster(install, { name: 'bench-lab', conf: { max_connections: '2100', shared_buffers: "'128MB'" } });
  try {
    await withAdmin(cluster.primary, async (c) => {
      for (const role of Object.values(ROLES)) {
        await c.query(`CREATE ROLE ${role} LOGIN`);
        await c.query(`GRANT pg_monitor TO ${role}`);
      }
    });
    const load = await startLoad(cluster.primary, n);
    try {
      const ep = cluster.primary;
      process.stdout.write(
        [
          `PostgreSQL ${install.version} with ${n} client connections; Ctrl-C stops it`,
          `  ${PGWARDEN_SEA.command(ep, ROLES.pgwarden)}`,
          `  ${PGWARDEN.command(ep, ROLES.pgwarden)}`,
          `  ${PG_ACTIVITY.command(ep, ROLES.pgActivity)}`,
          '',
        ].join('\n'),
      );
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
    } finally {
      await load.stop();
    }
  } finally {
    await cluster.stop();
  }
}

async function runSoak(seconds: number, specs: MonitorSpec[], install: NonNullable<ReturnType<typeof findInstalls>[number]>): Promise<void> {
  log(`soak: ${specs.map((s) => s.name).join(' and ')} at 2000 connections for ${seconds} s`);
  const cluster = await startCluster(install, { name: 'bench-soak', conf: { max_connections: '2100', shared_buffers: "'128MB'" } });
  try {
    await withAdmin(cluster.primary, async (c) => {
      await c.query(`CREATE ROLE ${ROLES.pgwarden} LOGIN`);
      await c.query(`GRANT pg_monitor TO ${ROLES.pgwarden}`);
    });
    const load = await startLoad(cluster.primary, 2000);
    try {
      const all = await Promise.all(specs.map((spec) => soak(spec, cluster.primary, seconds, (l) => log(`${spec.name}: ${l}`))));
      const at = `2000 connections, 1 s refresh, PostgreSQL ${install.version}; ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
      specs.forEach((spec, i) => process.stdout.write(`${spec.name}, ${at}\n${soakTable(all[i]!)}\n`));
      mkdirSync('bench/results', { recursive: true });
      const file = join('bench/results', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      writeFileSync(file, JSON.stringify(specs.map((spec, i) => ({ monitor: spec.name, seconds, samples: all[i] })), null, 2));
      process.stdout.write(`written to ${file}\n`);
    } finally {
      await load.stop();
    }
  } finally {
    await cluster.stop();
  }
}

const soakChild = process.argv.indexOf('--soak-child');
if (soakChild >= 0) {
  const [mode, n, refreshes] = process.argv.slice(soakChild + 1);
  void soakRun(mode as 'without' | 'with', Number(n), Number(refreshes)).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
} else if (process.argv.includes('--rewind-soak')) soakMain();
else main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
