/**
 * `npm run bench -- --soak 30m`: pgwarden at 2000 connections and a 1 s refresh for a long
 * while, its resident memory sampled every 30 s (issue 18: peak RSS at most 70 MB after 30
 * minutes). A leak shows as a climb; V8's heap limits as a plateau.
 */
import { readFileSync } from 'node:fs';
import type { Endpoint } from '../src/lab/types';
import { cpuSeconds } from './proc';
import { kill, launch, type MonitorSpec } from './monitors';
import { breakdownTable, exeMappings, smapsBreakdown } from './memory';

export interface SoakSample {
  atS: number;
  rssMb: number;
  /**
   * The anonymous part of the RSS (V8's heap, malloc): the rest is the executable's and the
   * libraries' file pages, which the kernel drops and reads back under memory pressure from other
   * processes, so that the RSS of a copy moves by 10-15 MB with the machine's load.
   */
  anonMb: number;
  peakRssMb: number;
  cpuS: number;
}

const SAMPLE_S = 30;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function status(pid: number): { rssMb: number; anonMb: number; peakRssMb: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1]) / 1024;
  return { rssMb: kb('VmRSS'), anonMb: kb('RssAnon'), peakRssMb: kb('VmHWM') };
}

/** "30m", "90s", "1h" or a number of minutes. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`--soak: "${s}" is not a duration such as 30m`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600 }[m[2] ?? 'm'] ?? 60);
}

export async function soak(spec: MonitorSpec, endpoint: Endpoint, seconds: number, log: (l: string) => void): Promise<SoakSample[]> {
  const l = await launch(spec, endpoint);
  const samples: SoakSample[] = [];
  const t0 = Date.now();
  try {
    for (;;) {
      const atS = Math.round((Date.now() - t0) / 1000);
      const sample = { atS, ...status(l.pid), cpuS: cpuSeconds(l.pid) };
      samples.push(sample);
      log(`soak ${atS} s: RSS ${sample.rssMb.toFixed(1)} MB (anonymous ${sample.anonMb.toFixed(1)}), peak ${sample.peakRssMb.toFixed(1)} MB, CPU ${sample.cpuS.toFixed(1)} s`);
      if (atS >= seconds) {
        // Where the memory is at the end, while the process still runs.
        log(`resident memory by mapping at ${atS} s:\n${breakdownTable(smapsBreakdown(l.pid))}`);
        log(`the executable's mappings:\n  ${exeMappings(l.pid).join('\n  ')}`);
        return samples;
      }
      await sleep(Math.min(SAMPLE_S, seconds - atS) * 1000);
    }
  } finally {
    kill(l.name);
  }
}

export function soakTable(samples: SoakSample[]): string {
  const rows = samples.filter((s, i) => i === 0 || i === samples.length - 1 || s.atS % 300 < 30);
  return [
    '| minutes | RSS MB | of which anonymous MB | peak RSS MB | client CPU s (total) |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((s) => `| ${(s.atS / 60).toFixed(1)} | ${s.rssMb.toFixed(1)} | ${s.anonMb.toFixed(1)} | ${s.peakRssMb.toFixed(1)} | ${s.cpuS.toFixed(1)} |`),
  ].join('\n');
}
