/**
 * The rewind buffer's memory soak: an hour of refreshes at 1 s with 2000 backends (rows shaped
 * as the activity collector's, 10 % active with a new query each second, 10 % idle in
 * transaction, the rest idle, and a twentieth of those two run a query each second), pushed as
 * fast as the machine allows. A row that did not change is the previous snapshot's object, as
 * the collectors keep it (src/data/collectors/activity.ts); once into a monitor without
 * the rewind (the store keeps the newest snapshot and the one before, for rates) and once with it. Each run is its own
 * Node process, so the resident set sizes compare. `npm run bench -- --rewind-soak`.
 */
import { spawnSync } from 'node:child_process';
// The V8 flags the single executable runs with: the soak measures what it ships.
import { EXEC_ARGV } from '../scripts/exec-argv.mjs';
import type { Snapshot } from '../src/data/collector';
import type { Backend } from '../src/data/collectors/activity';
import { RewindBuffer } from '../src/rewind/buffer';

export interface SoakResult {
  mode: 'without' | 'with';
  refreshes: number;
  /** Resident right after the last push and a full GC. */
  rssMb: number;
  /**
   * Resident 3 s later, without work: V8 gives the pages a GC freed back in the background, as it
   * does between a monitor's refreshes.
   */
  rssIdleMb: number;
  heapMb: number;
  externalMb: number;
  bufferMb: number;
  /** The ring the frames are held in (it doubles up to the budget while they need it). */
  ringMb: number;
  held: number;
  msPerPush: number;
  /** The process's CPU time per push (every thread: V8's GC helpers too), steadier than the wall clock on a loaded machine. */
  cpuMsPerPush: number;
}

const T0 = 1_765_000_000;
/** How long the process is left without work before its resident size is read again. */
const IDLE_MS = 3000;

/** Whether backend `k` changed at refresh `i`: the active ones each time, every other one once in 20. */
const changes = (k: number, i: number): boolean => k % 10 === 0 || (k + i) % 20 === 0;

/** Refresh `i` of `n` backends; rows that did not change since `prev` are its objects. */
export function snapshotAt(i: number, n: number, prev?: Snapshot): Snapshot {
  const before = prev?.results.activity?.state === 'ok' ? (prev.results.activity.data as Backend[]) : undefined;
  const backends: Backend[] = Array.from({ length: n }, (_, k) => (before?.[k] && !changes(k, i) ? before[k] : backendAt(i, k)));
  const at = (T0 + i) * 1000;
  return { seq: i + 1, takenAt: at, tickMs: 40, results: { activity: { state: 'ok', data: backends, at, ms: 30 } } };
}

function backendAt(i: number, k: number): Backend {
  const active = k % 10 === 0;
  const txn = k % 10 === 1;
  return {
    key: `${10_000 + k}:${T0 - 3600}`, pid: 10_000 + k, backendStart: T0 - 3600, database: 'shop', user: 'app', application: 'web', clientAddr: '10.0.0.1',
    clientHostname: null, clientPort: 40_000 + k, backendType: 'client backend', state: active ? 'active' : txn ? 'idle in transaction' : 'idle',
    waitEventType: active ? null : 'Client', waitEvent: active ? null : 'ClientRead', xactStart: active || txn ? T0 + i - (k % 7) : null,
    queryStart: T0 + i - (active ? 0.2 : 30), stateChange: T0 + i - (active ? 0.2 : 30), backendXid: null, backendXmin: txn ? String(1000 + i) : null,
    xminAge: txn ? 5 : null, leaderPid: null, queryId: String(1e15 + (k % 50)), blockedBy: null,
    query: active ? `SELECT * FROM orders WHERE customer_id = ${i * 7 + k} AND status = 'open'` : `SELECT 1 FROM accounts WHERE id = ${k}`, partial: false,
  };
}

/** One run, in this process. */
export async function soakRun(mode: 'without' | 'with', backends: number, refreshes: number): Promise<SoakResult> {
  const buffer = mode === 'with' ? new RewindBuffer() : undefined;
  // What the store holds: the snapshot shown and the one before it (src/state/store.ts).
  let shown: Snapshot | undefined;
  let previous: Snapshot | undefined;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < refreshes; i++) {
    const s = snapshotAt(i, backends, shown);
    buffer?.push(s, []);
    previous = shown;
    shown = s;
  }
  const msPerPush = (performance.now() - t0) / refreshes;
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerPush = (cpu.user + cpu.system) / 1000 / refreshes;
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rssIdleMb = process.memoryUsage().rss / 2 ** 20;
  void [shown, previous];
  return { mode, refreshes, rssMb: mem.rss / 2 ** 20, rssIdleMb, heapMb: mem.heapUsed / 2 ** 20, externalMb: mem.external / 2 ** 20, bufferMb: (buffer?.bytes ?? 0) / 2 ** 20, ringMb: (buffer?.ringBytes ?? 0) / 2 ** 20, held: buffer?.length ?? 0, msPerPush, cpuMsPerPush };
}


/** Both runs, each in a child process of `script` (the bench bundle) started with `--soak-child MODE`. */
export function rewindSoak(script: string, backends = 2000, refreshes = 3600): SoakResult[] {
  return (['without', 'with'] as const).map((mode) => {
    const r = spawnSync(process.execPath, ['--expose-gc', ...EXEC_ARGV, script, '--soak-child', mode, String(backends), String(refreshes)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`soak ${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as SoakResult;
  });
}
