/**
 * The data side of a refresh alone, at 2000 connections: the poller reading the activity pane's
 * collectors and the store taking the snapshot (problems included), no terminal. Prints this
 * process's CPU time (user + system) per refresh for each part and V8's GC time, median of the
 * refreshes after a warm-up; the store with the screens' derivations and the live rewind, as
 * src/fleet/server.ts builds them. Run: `node bench/data-side.mjs [connections] [refreshes]`.
 * Compare builds under the same load by running them alternately; CPU time, not wall time.
 */
import { spawn } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { findInstalls } from '../src/lab/binaries';
import { startCluster } from '../src/lab/cluster';
import { withAdmin } from '../src/lab/client';
import type { Endpoint } from '../src/lab/types';
import { Session } from '../src/data/db';
import { Poller } from '../src/data/poller';
import { planFor } from '../src/screens/registry';
import { initialUi } from '../src/state/ui';
import { Store } from '../src/state/store';
import { derivations } from '../src/screens/registry';
import { liveRewind } from '../src/rewind/live';
import { startLoad } from './load';
import { median } from './proc';

// The load runs in a child process: its 2000 clients and steady traffic must not count as ours.
if (process.argv[2] === '--load') {
  const load = await startLoad({ host: process.argv[3]!, port: Number(process.argv[4]) } as Endpoint, Number(process.argv[5]));
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((r) => process.stdin.on('end', r));
  await load.stop();
  process.exit(0);
}
const n = Number(process.argv[2] ?? 2000);
const refreshes = Number(process.argv[3] ?? 40);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let gcMs = 0;
new PerformanceObserver((l) => {
  for (const e of l.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

const install = findInstalls().sort((a, b) => b.major - a.major)[0]!;
const cluster = await startCluster(install, { name: 'dataside', conf: { max_connections: String(n + 100) } });
try {
  await withAdmin(cluster.primary, (c) => c.query('CREATE ROLE bench_data LOGIN; GRANT pg_monitor TO bench_data'));
  const child = spawn(process.execPath, [process.argv[1]!, '--load', cluster.primary.host, String(cluster.primary.port), String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`load exited ${code}`)));
  });
  try {
    const session = new Session({ attempts: [{ host: cluster.primary.host, port: cluster.primary.port, user: 'bench_data', database: 'postgres', application_name: 'pgwarden' }] });
    const store = new Store();
    // As the monitor builds it (src/fleet/server.ts): the screens' derivations, the live rewind.
    store.setDerive(derivations(Date.now));
    const rewind = liveRewind(store);
    const poller = new Poller(session, { snapshot: () => undefined, status: (s, caps) => store.setStatus(s, caps) });
    const plan = planFor('activity', initialUi());
    poller.setPlan(plan);
    // CPU by part: the statements read as arrays (socket to rows), the others, the parsers.
    const parts: Record<string, number> = {};
    const timed = <A extends unknown[], R>(name: string, fn: (...a: A) => R): ((...a: A) => R) => (...a: A) => {
      const t0 = cpu();
      const out = fn(...a);
      if (out instanceof Promise) return out.finally(() => (parts[name] = (parts[name] ?? 0) + cpu() - t0)) as R;
      parts[name] = (parts[name] ?? 0) + cpu() - t0;
      return out;
    };
    session.queryArrays = timed('read as arrays', session.queryArrays.bind(session));
    session.query = timed('other statements', session.query.bind(session));
    for (const c of plan) {
      if (c.parseArrays) c.parseArrays = timed(`${c.id} parse`, c.parseArrays);
      for (const p of c.provides ?? []) if (p.parseArrays) p.parseArrays = timed(`${p.collector.id} from ${c.id}`, p.parseArrays);
    }
    const poll: number[] = [];
    const push: number[] = [];
    const encode: number[] = [];
    const gc: number[] = [];
    for (let i = 0; i < refreshes; i++) {
      const g0 = gcMs;
      const t0 = cpu();
      const snap = await poller.once();
      const t1 = cpu();
      rewind.push(snap, store.pushSnapshot(snap));
      const t2 = cpu();
      void rewind.buffer;
      const t3 = cpu();
      await new Promise((r) => setTimeout(r, 1000 - (t3 - t0)));
      if (i === 4) for (const k of Object.keys(parts)) parts[k] = 0;
      if (i >= 5) {
        poll.push(t1 - t0);
        push.push(t2 - t1);
        encode.push(t3 - t2);
        gc.push(gcMs - g0);
      }
    }
    const f = (xs: number[]): string => `${median(xs).toFixed(2)}/${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)}`;
    process.stdout.write(`${n} connections, ${poll.length} refreshes, median/mean: poll ${f(poll)} ms CPU, store ${f(push)} ms, rewind ${f(encode)} ms, GC ${f(gc)} ms; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
    const memories = (session as unknown as { memories?: Map<string, { hits: number; misses: number }> }).memories;
    for (const m of memories?.values() ?? []) process.stdout.write(`  rows remembered ${m.hits}, decoded ${m.misses} over ${refreshes} refreshes\n`);
    process.stdout.write(`  by part, mean ms per refresh: ${Object.entries(parts).map(([k, v]) => `${k} ${(v / poll.length).toFixed(2)}`).join(', ')}\n`);
    await poller.stop();
    await session.close();
  } finally {
    child.stdin.end();
    await new Promise((r) => child.on('exit', r));
  }
} finally {
  await cluster.stop();
}
