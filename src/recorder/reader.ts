/**
 * Reads a recording: its header, the time of every snapshot, and any snapshot by index or time.
 * Opening reads only frame headers; a snapshot is decoded from the keyframe before it (at most a
 * minute of records), and stepping forward from the last one decoded costs one record. Decoded
 * snapshots share the rows that did not change with the snapshot before them: treat them as
 * immutable. A file cut short (a recorder killed, a copy interrupted) reads up to its last
 * complete record and says so in `truncated`.
 */
import { readFileSync } from 'node:fs';
import type { CollectorResult, Snapshot } from '../data/collector';
import { apply, type Json, type Patch } from './delta';
import { checkVersion, frameText, readPreamble, RecordingError, scanFrames, type FrameRef, type RecordingHeader } from './format';

interface RecordJson {
  s: number;
  m: number;
  g?: 1;
  r?: Json | Patch;
}

/** A record decoded: its JSON (the next delta applies to it) and text (the next frame's dictionary). */
export interface DecodedRecord {
  results: Json;
  text: string;
  snap: Snapshot;
  /** The record follows a reconnect. */
  gap: boolean;
}

interface Decoded extends DecodedRecord {
  index: number;
}

/** Decodes one record given its frame text and the record before it (none for a keyframe). */
export function decodeRecord(kind: 'K' | 'D', takenAt: number, text: string, prev: DecodedRecord | undefined): DecodedRecord {
  const rec = JSON.parse(text) as RecordJson;
  const results = kind === 'K' ? (rec.r as Json) : rec.r ? apply(prev!.results, rec.r as Patch) : prev!.results;
  const snap: Snapshot = { seq: rec.s, takenAt, tickMs: rec.m, results: results as unknown as Record<string, CollectorResult> };
  return { results, text, snap, gap: Boolean(rec.g) };
}

/** Binary search: the last index whose time is at or before `t`, or -1. Times are fractional ms; a time written as text has whole ms: the same millisecond is "at". */
export function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (Math.floor(times[mid]!) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What the rewind and the replay move through: a recording, or the live screen's recent past. */
export interface SnapshotTimeline {
  readonly length: number;
  /** Server time of each snapshot (ms since epoch), ascending. */
  readonly times: readonly number[];
  at(index: number): Snapshot;
  afterGap(index: number): boolean;
}

export class Recording implements SnapshotTimeline {
  readonly header: RecordingHeader;
  /** Server time of each snapshot (ms since epoch), ascending as recorded. */
  readonly times: readonly number[];
  /** The file ends inside a record (or a record failed its checksum): what came before it is read. */
  readonly truncated: boolean;
  private readonly frames: FrameRef[];
  private last: Decoded | undefined;
  /** Records inflated so far (seeking decodes at most a keyframe's worth). */
  decodedRecords = 0;

  constructor(
    private readonly buf: Buffer,
    readonly name = 'recording',
  ) {
    checkVersion(readPreamble(buf, name), name);
    const scan = scanFrames(buf);
    const [head, ...records] = scan.frames;
    if (!head || head.kind !== 'H') throw new RecordingError(`${name}: the recording's header is missing or cut short`);
    this.header = JSON.parse(frameText(buf, head)) as RecordingHeader;
    // A file that was cut inside a delta chain before any keyframe has nothing to start from.
    const first = records.findIndex((f) => f.kind === 'K');
    this.frames = first < 0 ? [] : records.slice(first);
    this.times = this.frames.map((f) => f.takenAt);
    this.truncated = !scan.complete;
  }

  get length(): number {
    return this.frames.length;
  }

  /** The index of the last snapshot taken at or before `t`, or -1 when `t` is before the first. */
  indexAt(t: number): number {
    return lastAtOrBefore(this.times, t);
  }

  /** The snapshot at `index` (0 … length − 1). */
  at(index: number): Snapshot {
    if (!Number.isInteger(index) || index < 0 || index >= this.frames.length) throw new RangeError(`no snapshot ${index} in ${this.name} (${this.frames.length} recorded)`);
    if (this.last?.index === index) return this.last.snap;
    let k = index;
    while (this.frames[k]!.kind !== 'K') k--;
    // Going on from the last snapshot decoded is shorter when no keyframe lies between.
    let cur = this.last && this.last.index < index && this.last.index >= k ? this.last : undefined;
    for (let i = cur ? cur.index + 1 : k; i <= index; i++) cur = this.decode(i, cur);
    this.last = cur;
    return cur!.snap;
  }

  /** Whether the snapshot at `index` follows a reconnect (rates and held problems start over). */
  afterGap(index: number): boolean {
    this.at(index);
    return this.gaps.has(index);
  }

  private readonly gaps = new Set<number>();

  private decode(i: number, prev: Decoded | undefined): Decoded {
    const f = this.frames[i]!;
    const text = frameText(this.buf, f, f.kind === 'K' ? undefined : prev!.text);
    this.decodedRecords++;
    const d = decodeRecord(f.kind === 'K' ? 'K' : 'D', f.takenAt, text, prev);
    if (d.gap) this.gaps.add(i);
    return { index: i, ...d };
  }

  /** The snapshots from `from` to `to` (indexes, inclusive), in order. */
  *snapshots(from = 0, to = this.length - 1): IterableIterator<Snapshot> {
    for (let i = Math.max(0, from); i <= Math.min(to, this.length - 1); i++) yield this.at(i);
  }
}

/** Reads a recording from memory (tests, and files already read). */
export function readRecording(buf: Buffer, name?: string): Recording {
  return new Recording(buf, name);
}

/** Opens a recording file. Throws {@link RecordingError} when it is not one this pgwarden reads. */
export function openRecording(path: string): Recording {
  return new Recording(readFileSync(path), path);
}
