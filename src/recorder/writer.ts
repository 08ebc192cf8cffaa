/**
 * Writes a recording (format: src/recorder/format.ts): one frame per snapshot, written with one
 * synchronous write as soon as the snapshot arrives, so what the process had recorded is in the
 * file whenever it dies. The file is created 0600 and never overwritten; past `maxBytes` it is
 * rotated (FILE → FILE.1 … FILE.N, the oldest dropped) and a new file begins with a keyframe.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Snapshot } from '../data/collector';
import { SnapshotEncoder } from './encoder';
import { encodeFrame, preamble, type RecordingHeader } from './format';

export interface WriterOptions {
  path: string;
  header: Omit<RecordingHeader, 'format'>;
  /** Rotate once the file reaches this size (bytes). */
  maxBytes?: number;
  /** Rotated files kept (FILE.1 … FILE.N). */
  keep?: number;
  keyframeEveryMs?: number;
}

export { storedResults } from './encoder';

/** Moves FILE → FILE.1 → … → FILE.keep; the oldest beyond `keep` is removed. */
export function rotateFiles(path: string, keep: number): void {
  rmSync(`${path}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  if (existsSync(path)) renameSync(path, `${path}.1`);
}

export class RecordingWriter {
  private fd: number | undefined;
  private bytes = 0;
  private readonly encoder: SnapshotEncoder;
  /** Records written over the writer's life, every file. */
  records = 0;
  /** Bytes written over the writer's life, every file. */
  totalBytes = 0;

  constructor(private readonly opts: WriterOptions) {
    this.encoder = new SnapshotEncoder(opts.header.normalizedQueries, opts.keyframeEveryMs);
    this.open();
  }

  private open(): void {
    // 'wx': never write over a file (another recording, or a link planted where ours would go).
    this.fd = openSync(this.opts.path, 'wx', 0o600);
    this.bytes = 0;
    this.encoder.restart();
    this.put(preamble());
    this.put(encodeFrame('H', this.opts.header.startedAt, JSON.stringify({ format: 1, ...this.opts.header })));
  }

  private put(b: Buffer): void {
    writeSync(this.fd!, b);
    this.bytes += b.length;
    this.totalBytes += b.length;
  }

  /** The next snapshot came after a reconnect: rates and held problems start over there. */
  markGap(): void {
    this.encoder.markGap();
  }

  append(snap: Snapshot): void {
    if (this.fd === undefined) throw new Error('recording closed');
    if (this.opts.maxBytes && this.bytes >= this.opts.maxBytes && this.encoder.started) {
      this.closeFile();
      rotateFiles(this.opts.path, this.opts.keep ?? 1);
      this.open();
    }
    const frame = this.encoder.encode(snap);
    this.put(frame.bytes);
    // Keyframes are where a reader starts: on disk before the minute they begin.
    if (frame.kind === 'K') fdatasyncSync(this.fd);
    this.records++;
  }

  private closeFile(): void {
    if (this.fd === undefined) return;
    fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }

  close(): void {
    this.closeFile();
  }
}
