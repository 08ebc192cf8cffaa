import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/data/collectors/activity';
import type { Suspects } from '../../src/data/collectors/problems';
import type { LockNode } from '../../src/data/collectors/locks';
import { createDatabase, dropDatabase, lockChain, type ScenarioHandle } from '../../src/lab/scenarios';
import { DEFAULT_HOLD } from '../../src/problems/thresholds';
import { openRecording } from '../../src/recorder/reader';
import type { Snapshot } from '../../src/data/collector';
import { testDir } from '../helpers/tmp';
import { builtBundle, labArgs } from './setup/bundle';
import { labClusters } from './setup/clusters';
import { connect, waitFor } from './setup/pg';

const clusters = labClusters();

interface Recorder {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startRecorder(args: string[]): Recorder {
  const child = spawn('node', [builtBundle(), 'record', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, stderr: () => err, exited };
}

function replay(args: string[]) {
  const r = spawnSync('node', [builtBundle(), 'replay', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The newest snapshot in the file that satisfies `pred` (the file may be mid-write: the reader stops at the last whole record). */
function recorded(path: string, pred: (s: Snapshot) => boolean, after = -Infinity): Snapshot | undefined {
  if (!existsSync(path)) return undefined;
  const rec = openRecording(path);
  for (let i = rec.length - 1; i >= 0 && rec.times[i]! > after; i--) if (pred(rec.at(i))) return rec.at(i);
  return undefined;
}

const backends = (s: Snapshot) => (s.results.activity?.state === 'ok' ? (s.results.activity.data as Backend[]) : []);
const lockNodes = (s: Snapshot) => (s.results.locks?.state === 'ok' ? (s.results.locks.data as LockNode[]) : []);
const suspects = (s: Snapshot) => (s.results.problems?.state === 'ok' ? (s.results.problems.data as Suspects) : undefined);

describe.each(clusters)('record and replay on PostgreSQL $version', ({ major, primary }) => {
  const db = `rec_${major}_${process.pid}`;
  const handles: ScenarioHandle[] = [];
  beforeAll(async () => {
    await createDatabase(primary, db);
  });
  afterAll(async () => {
    for (const h of handles) await h.stop();
    await dropDatabase(primary, db);
  });

  it('records a lock chain and its end; replay --at shows the blocker at that moment, --report its timeline', async () => {
    const dir = testDir('pgwarden-rec-');
    const file = join(dir, 'incident.pgwrec');
    const rec = startRecorder(['--out', file, '--interval', '500ms', ...labArgs(primary), 'postgres']);
    try {
      await waitFor(() => recorded(file, () => true), { what: 'a first snapshot in the file' });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const chain = await lockChain(primary, { depth: 3, db, table: 'rec_accounts' });
      handles.push(chain);
      const during = await waitFor(() => recorded(file, (s) => lockNodes(s).some((n) => n.pid === chain.root)), { what: 'the chain in the recording' });
      // The suspects (problems) are read every 10 s: the chain lasts until they have seen it twice.
      await waitFor(() => recorded(file, (s) => (suspects(s)?.blockers ?? []).some((b) => b.pid === chain.root), during.takenAt + 1000), {
        what: 'the blocker among the recorded suspects',
        timeoutMs: 30_000,
      });
      const c = await connect(primary);
      const last = openRecording(file);
      const terminatedAfter = last.times[last.length - 1]!;
      await c.query('SELECT pg_terminate_backend($1)', [chain.root]);
      await c.end();
      await waitFor(() => recorded(file, (s) => s.results.activity?.state === 'ok' && !backends(s).some((b) => b.pid === chain.root) && !lockNodes(s).some((n) => n.pid === chain.root), terminatedAfter), {
        what: 'the root gone from the recording',
      });
      // The problem clears once it has been absent from a few evaluations (DEFAULT_HOLD.clearAfter).
      const clear = await waitFor(() => recorded(file, (s) => suspects(s) !== undefined && !suspects(s)!.blockers.some((b) => b.pid === chain.root), terminatedAfter), { what: 'the suspects without the blocker', timeoutMs: 30_000 });
      await waitFor(() => recorded(file, () => true, clear.takenAt + (DEFAULT_HOLD.clearAfter + 1) * 500), { what: 'a few snapshots more' });
      rec.child.kill('SIGTERM');
      expect(await rec.exited).toBe(0);
      expect(rec.stderr()).toMatch(/recorded \d+ snapshots \(\d+ bytes\) to /);

      const at = replay([file, '--at', new Date(during.takenAt).toISOString(), '--json']);
      expect(at.err).toBe('');
      expect(at.code).toBe(0);
      const doc = JSON.parse(at.out);
      expect(doc.server.major).toBe(major);
      expect(doc.taken_at).toBe(new Date(during.takenAt).toISOString());
      const root = doc.locks.tree.find((n: { pid: number }) => n.pid === chain.root);
      expect(root, JSON.stringify(doc.locks.tree)).toBeDefined();
      expect(root.waiters[0].pid).toBe(chain.waiters[0]);
      expect(doc.activity.some((b: { pid: number }) => b.pid === chain.root)).toBe(true);

      // The last moment: the root is gone.
      const end = JSON.parse(replay([file, '--at', '-0s', '--json']).out);
      expect(end.activity.some((b: { pid: number }) => b.pid === chain.root)).toBe(false);

      const report = replay([file, '--report']);
      expect(report.code).toBe(0);
      expect(report.out).toContain('## Timeline');
      const lines = report.out.split('\n').filter((l) => l.includes(`pid ${chain.root}`) && l.includes('blocks'));
      expect(lines.some((l) => l.includes('| raised |')), report.out).toBe(true);
      expect(lines.some((l) => l.includes('| cleared |')), report.out).toBe(true);

      // A time outside the recording is refused in one line.
      const before = replay([file, '--at', '2000-01-01T00:00:00Z', '--json']);
      expect(before.code).toBe(2);
      expect(before.err).toMatch(/^pgwarden: 2000-01-01T00:00:00.000Z is before the recording/);
    } finally {
      rec.child.kill('SIGKILL');
    }
  });

  it('a file cut inside its last record replays up to the record before; a newer format is refused', async () => {
    const dir = testDir('pgwarden-rec-');
    const file = join(dir, 'r.pgwrec');
    const rec = startRecorder(['--out', file, '--interval', '500ms', '--duration', '60s', ...labArgs(primary), 'postgres']);
    await waitFor(() => (existsSync(file) && openRecording(file).length >= 3 ? true : undefined), { what: 'three snapshots' });
    // Killed as the OOM killer would: what is on disk is all there is.
    rec.child.kill('SIGKILL');
    await rec.exited;
    const whole = readFileSync(file);
    const n = openRecording(file).length;
    const cut = join(dir, 'cut.pgwrec');
    writeFileSync(cut, whole.subarray(0, whole.length - 3));
    const last = JSON.parse(replay([cut, '--at', '-0s', '--json']).out);
    expect(last.replay.truncated).toBe(true);
    expect(openRecording(cut).length).toBe(n - 1);
    expect(last.taken_at).toBe(new Date(openRecording(file).times[n - 2]!).toISOString());

    const newer = Buffer.from(whole);
    newer.writeUInt16BE(99, 6);
    writeFileSync(cut, newer);
    const refused = replay([cut, '--report']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('recording format 99 was written by a newer pgwarden');
  });

  it('rotates past --max-size: FILE, FILE.1, FILE.2, each replayable, and never more', async () => {
    const dir = testDir('pgwarden-rec-');
    const file = join(dir, 'r.pgwrec');
    // 1 kB: every snapshot starts a new file.
    const rec = startRecorder(['--out', file, '--interval', '500ms', '--max-size', '1kB', '--rotate', '2', ...labArgs(primary), 'postgres']);
    await waitFor(() => (existsSync(`${file}.2`) && existsSync(file) && openRecording(file).length > 0 ? true : undefined), { what: 'two rotations' });
    rec.child.kill('SIGINT');
    expect(await rec.exited).toBe(0);
    expect(existsSync(`${file}.3`)).toBe(false);
    const seqs = [`${file}.2`, `${file}.1`, file].map((p) => {
      expect(statSync(p).mode & 0o777).toBe(0o600);
      const r = openRecording(p);
      expect(r.truncated).toBe(false);
      return r.at(0).seq;
    });
    expect(seqs[1]).toBeGreaterThan(seqs[0]!);
    expect(seqs[2]).toBeGreaterThan(seqs[1]!);
    const doc = JSON.parse(replay([`${file}.1`, '--at', '+0s', '--json']).out);
    expect(doc.server.major).toBe(major);
  });
});
