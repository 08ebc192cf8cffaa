/**
 * What drawing a refresh of the activity pane costs at 2000 backends, in process: the App drawn by
 * ink (ink-testing-library's stream) with pgwarden's ink patches, bundled by bench/frameCost.mjs.
 * A refresh gives the store a snapshot of 2000 backends (400 shown: 10 % active, 10 % idle in
 * transaction) in which, as in a running monitor, only the few backends that changed are new objects.
 * Prints the process's CPU time per frame over the `frames` frames after the first `WARM` (env, 30):
 * frames 3-18 are those the benchmark's 15 s window sees, their code not optimized yet; after 100 it
 * is. `HEAP=file` samples the allocations of those frames (collected ones included) into `file`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { Snapshot } from '../src/data/collector';
import type { Backend } from '../src/data/collectors/activity';
import type { Capabilities } from '../src/data/server';
import { Store } from '../src/state/store';
import { drawApp } from './render';

const NOW_S = 1_700_000_000;
const N = 2000;
/** Backends with a new object each refresh (bench/load.ts's sessions with steady traffic). */
const TRAFFIC = 4;

const caps = {
  major: 18, versionNum: 180004, version: '18.4', startedAt: NOW_S - 86400, inRecovery: false, currentUser: 'postgres', database: 'postgres',
  isSuperuser: true, readAllStats: true, signalBackend: true, maxConnections: 2100, reservedConnections: 3, trackActivityQuerySize: 1024,
  blockSize: 8192, sharedPreloadLibraries: ['pg_stat_statements'], serverEncoding: 'UTF8', pgssSchema: 'public', pgssVersion: '1.12',
} as Capabilities;

/** Backend `i` as refresh `seq` reads it: idle ones partial, as the pane asks for them by default. */
function backend(i: number, seq: number): Backend {
  const pid = 10_000 + i;
  const kind = i % 10;
  const partial = kind >= 2;
  const since = NOW_S - 900 + i / 100;
  return {
    key: `${pid}:${NOW_S - 1000}`, pid, backendStart: NOW_S - 1000, database: partial ? null : 'postgres', user: partial ? null : 'bench',
    application: partial ? null : `bench-load-${kind}`, clientAddr: null, clientHostname: null, clientPort: partial ? null : -1,
    backendType: partial ? null : 'client backend', state: kind === 0 ? 'active' : kind === 1 ? 'idle in transaction' : 'idle',
    waitEventType: kind === 0 ? 'Timeout' : null, waitEvent: kind === 0 ? 'PgSleep' : null, xactStart: kind <= 1 ? since : null,
    queryStart: i < TRAFFIC ? NOW_S + seq : since, stateChange: NOW_S - 900, backendXid: null, backendXmin: kind <= 1 ? '1234' : null,
    xminAge: kind <= 1 ? 20 : null, leaderPid: null, queryId: null, blockedBy: null,
    query: partial ? null : kind === 0 ? 'SELECT pg_sleep(3600)' : 'SELECT txid_current()', partial,
  };
}

let backends = Array.from({ length: N }, (_, i) => backend(i, 0));
function snapshot(seq: number): Snapshot {
  const at = (NOW_S + seq) * 1000;
  backends = backends.map((b, i) => (i < TRAFFIC ? backend(i, seq) : b));
  const summary = {
    takenAt: NOW_S + seq, inRecovery: false, clientTotal: N, active: N / 10, idle: (N * 8) / 10, idleInXact: N / 10, otherState: 0, background: 5,
    longestXactS: 900 + seq, oldestXminAge: 1234, xacts: 1000 * seq, blksHit: 990 * seq, blksRead: 10 * seq, statsReset: null,
  };
  return { seq, takenAt: at, tickMs: 10, results: { summary: { state: 'ok', at, ms: 1, data: summary }, activity: { state: 'ok', data: backends, at, ms: 5 } } } as Snapshot;
}

const frames = Number(process.argv[2] ?? 300);
const warm = Number(process.env.WARM ?? 30);
const store = new Store();
store.setStatus({ state: 'ready' }, caps);
store.pushSnapshot(snapshot(1));
const app = drawApp(store);

const session = new Session();
session.connect();
const post = <T,>(method: string, params?: object): Promise<T> =>
  new Promise((resolve, reject) => session.post(method, params ?? {}, (e, result) => (e ? reject(e) : resolve(result as T))));

let cpu0 = process.cpuUsage();
let drawn = 0;
for (let i = 0; i < warm + frames; i++) {
  if (i === warm) {
    if (process.env.HEAP) await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    cpu0 = process.cpuUsage();
  }
  const next = snapshot(i + 2);
  await new Promise((resolve) => setImmediate(resolve));
  const done = app.nextWrite();
  store.pushSnapshot(next);
  await done;
  if (i >= warm) drawn++;
}
const cpu = process.cpuUsage(cpu0);
if (process.env.HEAP) writeFileSync(process.env.HEAP, JSON.stringify((await post<{ profile: unknown }>('HeapProfiler.stopSampling')).profile));
process.stdout.write(`frames ${warm}-${warm + drawn}: CPU ${((cpu.user + cpu.system) / 1000 / drawn).toFixed(2)} ms a frame\n`);
app.unmount();
process.exit(0);
