/**
 * What each collector a recording reads costs at a given load, next to the monitor on its first
 * pane: run with `npm run bench -- --collectors` (2000 connections). Prints, per collector, the client-observed milliseconds of its
 * query when it ran (a collector reused from its cadence or answered by another costs nothing that
 * refresh), how many refreshes ran it, and the server's CPU time for one run: the backend's own
 * CPU clock (/proc/<pid>/schedstat, the cluster runs on this machine) around a few more runs of the
 * same statement, planning included as the poller pays it. CPU time, not execution time: on a
 * loaded 2-core machine a statement's wall time is mostly waiting for a core, and the rows of the
 * activity pane wait for the client to read them.
 */
import { readFileSync } from 'node:fs';
import type { Collector, CollectorContext } from '../src/data/collector';
import { Poller, realScheduler, type Scheduler } from '../src/data/poller';
import { Session } from '../src/data/db';
import { sqlFor } from '../src/data/sql/registry';
import type { Endpoint } from '../src/lab/types';
import { recordedCollectors } from '../src/cli/record';
import { median } from './proc';

export interface CollectorCost {
  id: string;
  /** Refreshes (of `refreshes`) that queried it. */
  runs: number;
  msMedian: number;
  /** Backend CPU for one run of its statement, ms (median of {@link CPU_RUNS}). */
  serverCpuMs: number;
  /** Its share of a refresh: serverCpuMs × runs / refreshes. */
  serverCpuMsPerRefresh: number;
}

const CPU_RUNS = 9;

/** CPU time the backend has used so far, ms (nanosecond clock, unlike /proc/<pid>/stat's ticks). */
function backendCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

const textOf = (c: Collector, ctx: CollectorContext): string => c.sqlText?.(ctx) ?? sqlFor(c.query, ctx.caps.major).text;

async function cpuPerRun(session: Session, c: Collector, ctx: CollectorContext): Promise<number> {
  const text = textOf(c, ctx);
  const params = c.params?.(ctx) ?? [];
  const each: number[] = [];
  for (let i = 0; i < CPU_RUNS; i++) {
    const t0 = backendCpuMs(session.pid!);
    await session.query(text, params);
    each.push(backendCpuMs(session.pid!) - t0);
  }
  return median(each);
}

/** The collectors of `plan` (default: a recording's) over `refreshes` refreshes at 1 s, most costly first. */
export async function collectorCosts(endpoint: Endpoint, role: string, refreshes: number, plan: Collector[] = recordedCollectors()): Promise<CollectorCost[]> {
  const session = new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: role, database: 'postgres', application_name: 'pgwarden' }] });
  // Statements sent, by text, with the milliseconds each took as the client sees it (the poller
  // sends one at a time): a collector reused from its cadence, answered by what the refresh
  // already read (answeredBy) or filled from another's rows (provides) sends none.
  const sent = new Map<string, number[]>();
  const timed = <T>(text: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    return run().finally(() => sent.set(text, [...(sent.get(text) ?? []), performance.now() - t0]));
  };
  const { query, queryArrays } = session;
  session.query = (text, ...rest) => timed(text, () => query.call(session, text, ...rest));
  session.queryArrays = (text, ...rest) => timed(text, () => queryArrays.call(session, text, ...rest));
  // The poller's clock advances 1 s a refresh, as a recording at --interval 1s does, so each
  // collector runs as often as its cadence says however long this machine takes.
  let now = realScheduler.now();
  const sched: Scheduler = { ...realScheduler, now: () => now };
  const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined }, () => [], sched);
  poller.setPlan(plan);
  for (let i = 0; i < refreshes; i++, now += 1000) await poller.once();
  const ctx: CollectorContext = { caps: poller.capabilities!, ownPids: session.pids() };
  const out: CollectorCost[] = [];
  for (const c of plan) {
    const ms = sent.get(textOf(c, ctx));
    if (!ms) continue;
    const cpu = await cpuPerRun(session, c, ctx);
    out.push({ id: c.id, runs: ms.length, msMedian: median(ms), serverCpuMs: cpu, serverCpuMsPerRefresh: (cpu * ms.length) / refreshes });
  }
  await poller.stop();
  await session.close();
  return out.sort((a, b) => b.serverCpuMsPerRefresh - a.serverCpuMsPerRefresh);
}
