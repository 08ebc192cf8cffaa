/**
 * `npm run bench -- --startup-compare OTHER[,OTHER…]`: the first populated screen of this tree's
 * single executable, of other builds of it (e.g. one of main, in a worktree) and of pg_activity,
 * launched in turn (one of each, then again), so that the machine's load falls on all of them
 * alike; wall-clock launches on a shared machine only compare when interleaved. Prints, per
 * connection count, the median of each traced phase (ms since exec), of the process's CPU time by
 * the first frame, and of the launch seen in tmux.
 */
import { loadavg } from 'node:os';
import { kill, launch, type MonitorSpec } from './monitors';
import { median } from './proc';
import type { Endpoint } from '../src/lab/types';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A pgwarden executable to launch, traced (PGWARDEN_STARTUP_TRACE). */
export function executableSpec(name: string, file: string, role: string): MonitorSpec {
  return { name, role, command: (ep, r) => `${file} -h ${ep.host} -p ${ep.port} -U ${r} -r 1 postgres`, trace: true };
}

/** Launches each spec `runs` times in turn; returns a table of medians. */
export async function compareStartups(specs: MonitorSpec[], endpoint: Endpoint, runs: number, log: (line: string) => void): Promise<string> {
  const launches = new Map<string, number[]>(specs.map((s) => [s.name, []]));
  const traces = new Map<string, Array<Record<string, number>>>(specs.map((s) => [s.name, []]));
  const cpu = new Map<string, number[]>(specs.map((s) => [s.name, []]));
  const load0 = loadavg()[0]!;
  for (let i = 0; i < runs; i++) {
    for (const spec of specs) {
      const l = await launch(spec, endpoint);
      kill(l.name);
      launches.get(spec.name)!.push(l.ms);
      if (l.trace) traces.get(spec.name)!.push(l.trace);
      if (l.cpuMs !== undefined) cpu.get(spec.name)!.push(l.cpuMs);
      // The killed monitor's backend exits meanwhile.
      await sleep(300);
    }
    log(`run ${i + 1}/${runs}: ${specs.map((s) => `${s.name} ${Math.round(launches.get(s.name)!.at(-1)!)}`).join(', ')}`);
  }
  const phases = [...new Set([...traces.values()].flat().flatMap((t) => Object.keys(t)))];
  const med = (name: string, p: string): number => median(traces.get(name)!.flatMap((t) => (p in t ? [t[p]!] : [])));
  // What each phase took, run by run: steadier than the difference of two medians.
  const took = (name: string, i: number): number =>
    median(traces.get(name)!.flatMap((t) => (phases[i]! in t && (i === 0 || phases[i - 1]! in t) ? [t[phases[i]!]! - (i === 0 ? 0 : t[phases[i - 1]!]!)] : [])));
  const cell = (x: number): string => (Number.isFinite(x) ? String(Math.round(x)) : '—');
  const reference = specs.at(-1)!.name;
  const rows = [
    ['ms since exec (took), medians', ...specs.map((s) => s.name)],
    ...phases.map((p, i) => [p, ...specs.map((s) => (traces.get(s.name)!.length ? `${cell(med(s.name, p))} (${cell(took(s.name, i))})` : '—'))]),
    // Less moved by the machine's load than the wall clock.
    ['process CPU ms by the first frame', ...specs.map((s) => cell(median(cpu.get(s.name)!)))],
    ['populated screen seen in tmux', ...specs.map((s) => cell(median(launches.get(s.name)!)))],
    [`ratio to ${reference}`, ...specs.map((s) => (median(launches.get(s.name)!) / median(launches.get(reference)!)).toFixed(2))],
  ];
  const lines = rows.map((r) => `| ${r.join(' | ')} |`);
  lines.splice(1, 0, `|${rows[0]!.map(() => '---').join('|')}|`);
  return `${runs} launches each, interleaved; load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end\n${lines.join('\n')}`;
}
