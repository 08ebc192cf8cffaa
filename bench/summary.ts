/**
 * Issue 18's four figures (first populated screen, client CPU per refresh, peak RSS, the monitor's
 * backend CPU per refresh) side by side for every monitor of one run, at 50 and 2000 connections,
 * with pgwarden's ratio to pg_activity; the start-up breakdown; the cost of the problems
 * evaluation (issue 13). `--readme` writes the same text into README.md between its markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { MonitorResult } from './monitors';

export type Row = MonitorResult & { n: number };

const fmt = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

function mdTable(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(3, h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}

const FIGURES: Array<{ label: string; value(r: Row): number | null; digits: number }> = [
  { label: 'first populated screen, ms (median of 5)', value: (r) => r.launchMsMedian, digits: 0 },
  { label: 'client CPU per refresh, ms (2-17 s after start)', value: (r) => r.cpuMsPerRefresh, digits: 1 },
  { label: 'client CPU per refresh, ms (60-75 s after start)', value: (r) => r.lateCpuMsPerRefresh ?? null, digits: 1 },
  { label: 'peak RSS, MB (by the end of the last window)', value: (r) => r.peakRssMb, digits: 0 },
  { label: "monitor's backend CPU per refresh, ms", value: (r) => r.serverCpuMsPerRefresh, digits: 1 },
];

/** The four figures per level, the floor's among them; a ratio column for each pgwarden and the floor against pg_activity. */
export function figuresTable(rows: Row[], levels: number[]): string {
  const out: string[] = [];
  for (const n of levels) {
    // The 0.5 s run is reported on its own line: its figures are per refresh at another rate.
    const at = rows.filter((r) => r.n === n && !r.monitor.endsWith('0.5 s refresh'));
    if (!at.some((r) => !r.monitor.startsWith('floor'))) continue;
    const pga = at.find((r) => r.monitor === 'pg_activity');
    // The floor's ratio too: how far below pg_activity a bare client reading the same rows gets.
    const ours = at.filter((r) => r.monitor.startsWith('pgwarden') || r.monitor.startsWith('floor'));
    const head = [`${n} connections`, ...at.map((r) => r.monitor), ...(pga ? ours.map((r) => `${r.monitor} ÷ pg_activity`) : [])];
    // The late window runs at the highest level only.
    const body = FIGURES.filter((f) => at.some((r) => f.value(r) !== null)).map((f) => [
      f.label,
      ...at.map((r) => fmt(f.value(r), f.digits)),
      ...(pga ? ours.map((r) => fmt((f.value(r) ?? NaN) / (f.value(pga) ?? NaN), 2)) : []),
    ]);
    out.push(mdTable(head, body));
  }
  return out.join('\n\n');
}

/** Start-up phases of each traced monitor at each level: when each phase ended (ms since exec) and what it took. */
export function startupTable(rows: Row[]): string {
  const traced = rows.filter((r) => r.startup);
  if (!traced.length) return '';
  const phases = [...new Set(traced.flatMap((r) => Object.keys(r.startup!)))];
  const head = ['phase (ends at ms since exec / took ms)', ...traced.map((r) => `${r.monitor}, ${r.n}`)];
  const body = phases.map((p, i) => [
    p,
    ...traced.map((r) => {
      const end = r.startup![p];
      const prev = i === 0 ? 0 : r.startup![phases[i - 1]!];
      return end === undefined ? '—' : `${fmt(end)} / ${fmt(end - (prev ?? 0))}`;
    }),
  ]);
  body.push(['populated screen seen in tmux (median)', ...traced.map((r) => fmt(r.launchMsMedian))]);
  return mdTable(head, body);
}

/** The problems evaluation's cost: pgwarden with and without it at the same level. */
export function problemsCost(rows: Row[]): string {
  const lines: string[] = [];
  for (const off of rows.filter((r) => r.monitor.endsWith('problems off'))) {
    const on = rows.find((r) => r.n === off.n && r.monitor === off.monitor.replace(/, problems off$/, ''));
    if (!on) continue;
    const pct = (a: number, b: number): string => `${a >= b ? '+' : ''}${fmt(((a - b) / b) * 100)} %`;
    lines.push(
      `problems evaluation at ${off.n} connections (${on.monitor}): client CPU ${fmt(on.cpuMsPerRefresh, 1)} ms/refresh with it, ${fmt(off.cpuMsPerRefresh, 1)} without (${pct(on.cpuMsPerRefresh, off.cpuMsPerRefresh)}); ` +
        `server execution ${fmt(on.serverMsPerRefresh, 1)} against ${fmt(off.serverMsPerRefresh, 1)} ms/refresh (${pct(on.serverMsPerRefresh, off.serverMsPerRefresh)}); ` +
        `backend CPU ${fmt(on.serverCpuMsPerRefresh, 1)} against ${fmt(off.serverCpuMsPerRefresh, 1)} ms/refresh (${pct(on.serverCpuMsPerRefresh, off.serverCpuMsPerRefresh)}); peak RSS ${fmt(on.peakRssMb)} against ${fmt(off.peakRssMb)} MB`,
    );
  }
  return lines.join('\n');
}

const START = '<!-- bench:start (generated by npm run bench -- --readme) -->';
const END = '<!-- bench:end -->';

/** Replaces the generated block of README.md. */
export function writeReadme(text: string, file = 'README.md'): void {
  const readme = readFileSync(file, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file}: no "${START}" … "${END}" block to replace`);
  writeFileSync(file, `${readme.slice(0, a + START.length)}\n${text.trim()}\n${readme.slice(b)}`);
}
