/**
 * `pgwarden record` against the load of one step: what it costs the server per refresh (the same
 * window measurement as the monitors', so it sits next to the TUI's own figure), and the size of the
 * file at a 1 s interval extrapolated to an hour (keyframes included: one a minute, so a window of
 * a minute or more carries its share of them). The README's figures ("Recording and replay") come
 * from here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from '../src/lab/types';
import { openRecording } from '../src/recorder/reader';
import { measureWindow } from './monitors';

export interface RecordingResult {
  seconds: number;
  snapshots: number;
  bytes: number;
  bytesPerHour: number;
  /** Time to open the file and seek to its middle, ms. */
  seekMs: number;
  serverMsPerRefresh: number;
  /** CPU time of the recorder's backend per refresh (/proc): steadier than execution time on a loaded machine. */
  serverCpuMsPerRefresh: number;
  queriesPerRefresh: number;
}

const WARM_UP_S = 5;
const WINDOW_S = 15;

export async function measureRecording(bundle: string, endpoint: Endpoint, role: string, seconds: number): Promise<RecordingResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-bench-rec-'));
  try {
    const file = join(dir, 'bench.pgwrec');
    const args = [bundle, 'record', '--out', file, '--interval', '1s', '--duration', `${seconds}s`, '-h', endpoint.host, '-p', String(endpoint.port), '-U', role, 'postgres'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += String(d)));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    await new Promise((r) => setTimeout(r, WARM_UP_S * 1000));
    const cost = await measureWindow(endpoint, role, child.pid!, WINDOW_S);
    const code = await exited;
    if (code !== 0) throw new Error(`record failed (${code}): ${err}`);
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    const t0 = performance.now();
    const rec = openRecording(file);
    rec.at(Math.floor(rec.length / 2));
    const seekMs = performance.now() - t0;
    const span = (rec.times[rec.length - 1]! - rec.times[0]!) / 1000 + 1;
    return {
      seconds: span,
      snapshots: rec.length,
      bytes,
      bytesPerHour: Math.round((bytes / span) * 3600),
      seekMs,
      serverMsPerRefresh: cost.serverMsPerRefresh,
      serverCpuMsPerRefresh: cost.serverCpuMsPerRefresh,
      queriesPerRefresh: cost.queriesPerRefresh,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
