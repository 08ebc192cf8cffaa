import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, PREAMBLE_BYTES, RecordingError } from '../../../src/recorder/format';
import { openRecording, readRecording } from '../../../src/recorder/reader';
import { RecordingWriter, storedResults } from '../../../src/recorder/writer';
import { testDir } from '../../helpers/tmp';
import { fakeSnapshot, HEADER } from './fixtures';

function record(path: string, count: number, opts: { maxBytes?: number; keep?: number; n?: number; normalized?: boolean } = {}) {
  const w = new RecordingWriter({ path, header: { ...HEADER, normalizedQueries: Boolean(opts.normalized) }, maxBytes: opts.maxBytes, keep: opts.keep });
  for (let i = 0; i < count; i++) w.append(fakeSnapshot(i, opts.n));
  w.close();
  return w;
}

const expected = (i: number, n?: number) => {
  const s = fakeSnapshot(i, n);
  return { seq: s.seq, takenAt: s.takenAt, tickMs: s.tickMs, results: storedResults(s, false) };
};

describe('recording codec', () => {
  it('reads back every snapshot as written, in order and by seeking', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    record(path, 150);
    const rec = openRecording(path);
    expect(rec.truncated).toBe(false);
    expect(rec.header.format).toBe(FORMAT_VERSION);
    expect(rec.header.caps.major).toBe(18);
    expect(rec.length).toBe(150);
    const all = [...rec.snapshots()];
    all.forEach((s, i) => expect(s).toEqual(expected(i)));
    // Seeking backwards, forwards and by time gives the same snapshots.
    const again = openRecording(path);
    for (const i of [149, 3, 61, 60, 59, 120, 0]) expect(again.at(i)).toEqual(expected(i));
    expect(again.indexAt(HEADER.startedAt + 42_500)).toBe(42);
    expect(again.indexAt(HEADER.startedAt - 1)).toBe(-1);
  });

  it('seeks by decoding at most one keyframe interval', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    record(path, 600);
    const rec = openRecording(path);
    rec.at(599);
    expect(rec.decodedRecords).toBeLessThanOrEqual(60);
    const before = rec.decodedRecords;
    rec.at(300);
    expect(rec.decodedRecords - before).toBeLessThanOrEqual(60);
  });

  it('creates the file 0600 and never writes over an existing one', () => {
    const dir = testDir('pgwarden-rec-');
    const path = join(dir, 'r.pgwrec');
    record(path, 2);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(() => record(path, 2)).toThrow(/EEXIST/);
  });

  it('reads a file cut at any byte of its last record up to the record before', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    record(path, 5);
    const whole = readFileSync(path);
    const four = join(testDir('pgwarden-rec-'), 'four.pgwrec');
    record(four, 4);
    const lastStart = statSync(four).size;
    for (let cut = lastStart; cut < whole.length; cut++) {
      const rec = readRecording(whole.subarray(0, cut));
      expect(rec.length).toBe(4);
      expect(rec.truncated).toBe(cut > lastStart);
      expect(rec.at(3)).toEqual(expected(3));
    }
    // A flipped byte in the last record's payload fails its checksum: the same four are read.
    const bad = Buffer.from(whole);
    bad[bad.length - 2]! ^= 0xff;
    expect(readRecording(bad).length).toBe(4);
    expect(readRecording(bad).truncated).toBe(true);
  });

  it('refuses a newer format with a clear message, and a file that is not a recording', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    record(path, 2);
    const buf = readFileSync(path);
    buf.writeUInt16BE(FORMAT_VERSION + 1, PREAMBLE_BYTES - 2);
    expect(() => readRecording(buf, 'new.pgwrec')).toThrow(RecordingError);
    expect(() => readRecording(buf, 'new.pgwrec')).toThrow(`new.pgwrec: recording format ${FORMAT_VERSION + 1} was written by a newer pgwarden`);
    expect(() => readRecording(Buffer.from('hello world'), 'x')).toThrow('x: not a pgwarden recording');
    expect(() => readRecording(readFileSync(path).subarray(0, PREAMBLE_BYTES + 5), 'x')).toThrow(/header is missing or cut short/);
  });

  it('still opens the version 1 file kept in the repository', () => {
    const rec = openRecording(join(__dirname, 'recording-v1.pgwrec'));
    expect(rec.header.format).toBe(1);
    expect(rec.length).toBe(70);
    expect(rec.at(65)).toEqual(expected(65, 5));
  });

  it('rotates past the size cap: FILE, FILE.1 … FILE.N, each a recording of its own', () => {
    const dir = testDir('pgwarden-rec-');
    const path = join(dir, 'r.pgwrec');
    const w = record(path, 400, { maxBytes: 8_000, keep: 2 });
    const parts = [`${path}.2`, `${path}.1`, path].map((p) => openRecording(p));
    expect(() => statSync(`${path}.3`)).toThrow();
    for (const p of parts) {
      expect(statSync(p.name).mode & 0o777).toBe(0o600);
      expect(p.truncated).toBe(false);
    }
    // Consecutive: the last file takes up where the one before ended.
    const last = parts[2]!;
    const first = last.at(0);
    expect(first).toEqual(expected(first.seq - 1));
    expect(parts[1]!.at(parts[1]!.length - 1).seq).toBe(first.seq - 1);
    expect(last.at(last.length - 1).seq).toBe(400);
    expect(w.records).toBe(400);
  });

  it('marks the snapshot after a reconnect, so rates and held problems start over there', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    const w = new RecordingWriter({ path, header: HEADER });
    w.append(fakeSnapshot(0));
    w.append(fakeSnapshot(1));
    w.markGap();
    w.append(fakeSnapshot(5));
    w.append(fakeSnapshot(6));
    w.close();
    const rec = openRecording(path);
    expect([0, 1, 2, 3].map((i) => rec.afterGap(i))).toEqual([false, false, true, false]);
    expect(rec.at(2)).toEqual(expected(5));
  });

  it('normalizes query texts when asked', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    record(path, 3, { normalized: true });
    const rec = openRecording(path);
    expect(rec.header.normalizedQueries).toBe(true);
    const rows = (rec.at(2).results.activity as { data: { query: string }[] }).data;
    expect(rows.map((r) => r.query)).toContain('SELECT * FROM t WHERE id = $1');
    expect(JSON.stringify(rows)).not.toMatch(/'x'/);
  });

  it('stays small: deltas of unchanged rows cost little', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    record(path, 120, { n: 500 });
    const perRecord = statSync(path).size / 120;
    const keyframe = JSON.stringify(fakeSnapshot(0, 500)).length;
    expect(perRecord).toBeLessThan(keyframe / 20);
  });
});

// The version 1 fixture was written by this (`WRITE_FIXTURE=1 npx vitest run …`); never rewrite it
// for a newer format: it is there to prove that old files still open.
if (process.env.WRITE_FIXTURE) {
  const w = new RecordingWriter({ path: join(__dirname, 'recording-v1.pgwrec'), header: HEADER });
  for (let i = 0; i < 70; i++) w.append(fakeSnapshot(i, 5));
  w.close();
}
