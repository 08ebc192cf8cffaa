/**
 * The size of a recording: `pgwarden record` at a 1 s interval for a while against the load of one
 * step, extrapolated to an hour (keyframes included: one a minute, so a window of a minute or more
 * carries its share of them). The figure in the README ("Recording") comes from here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from '../src/lab/types';
import { openRecording } from '../src/recorder/reader';

export interface RecordingResult {
  seconds: number;
  snapshots: number;
  bytes: number;
  bytesPerHour: number;
  /** Time to open the file and seek to its middle, ms. */
  seekMs: number;
}

export function measureRecording(bundle: string, endpoint: Endpoint, role: string, seconds: number): RecordingResult {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-bench-rec-'));
  try {
    const file = join(dir, 'bench.pgwrec');
    const r = spawnSync(process.execPath, [bundle, 'record', '--out', file, '--interval', '1s', '--duration', `${seconds}s`, '-h', endpoint.host, '-p', String(endpoint.port), '-U', role, 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`record failed (${r.status}): ${r.stderr}`);
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    const t0 = performance.now();
    const rec = openRecording(file);
    rec.at(Math.floor(rec.length / 2));
    const seekMs = performance.now() - t0;
    const span = (rec.times[rec.length - 1]! - rec.times[0]!) / 1000 + 1;
    return { seconds: span, snapshots: rec.length, bytes, bytesPerHour: Math.round((bytes / span) * 3600), seekMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
