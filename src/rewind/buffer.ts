/**
 * The live screen's recent past, for the rewind: every snapshot the poller delivers, encoded as a
 * recording encodes it (a keyframe every half minute, deltas between, each deflated), kept in
 * memory within a byte budget and a time window. At 2000 backends a refresh costs a few kB here
 * against megabytes as parsed objects, which is what lets a quarter of an hour stay in memory.
 *
 * The oldest keyframe's group leaves first, whole: a delta without the keyframe before it cannot
 * be decoded. Decoding walks from the keyframe before the wanted snapshot and remembers the last
 * one decoded, so stepping one refresh back or forward costs one record.
 *
 * The frames are held as latin1 text in V8's heap, a group's in one string once the group is
 * closed, not as a Buffer each: frames kept for a quarter of an hour, malloc'd between the
 * refreshes' short-lived buffers, kept the allocator's heap from shrinking (at 2000 backends the
 * process held 25 MB more than the frames), while V8 moves or frees its strings (one of more
 * than 128 kB, a group at 2000 backends, has pages of its own, given back when it leaves).
 */
import type { Snapshot } from '../data/collector';
import type { Problem } from '../problems/types';
import { SnapshotEncoder } from '../recorder/encoder';
import { FRAME_HEADER_BYTES, frameText } from '../recorder/format';
import { decodeRecord, lastAtOrBefore, type DecodedRecord, type SnapshotTimeline } from '../recorder/reader';

/** Defaults: a quarter of an hour, within 16 MB (an hour at 2000 backends and 1 s takes about 7 MB). */
export const DEFAULT_REWIND_WINDOW_MS = 15 * 60_000;
export const DEFAULT_REWIND_BYTES = 16 * 1024 * 1024;
/** Shorter than a file's minute: the budget then drops half a minute at a time. */
const KEYFRAME_EVERY_MS = 30_000;
/** What a held problem costs in memory, roughly: its texts and fields. */
const PROBLEM_BYTES = 400;

/** A keyframe and the deltas after it: their deflated payloads, one after another, as latin1 text. */
class Group {
  /** The frames while the group is open; one string once it is closed. */
  private parts: string[] = [];
  private text = '';
  private size = 0;

  /** Adds a frame's payload; returns where it starts. */
  add(payload: Buffer): number {
    const at = this.size;
    this.parts.push(payload.toString('latin1'));
    this.size += payload.length;
    return at;
  }

  close(): void {
    this.text = this.parts.join('');
    this.parts = [];
  }

  payload(e: { index: number; at: number; length: number }): Buffer {
    return Buffer.from(this.parts.length ? this.parts[e.index]! : this.text.slice(e.at, e.at + e.length), 'latin1');
  }
}

interface Entry {
  kind: 'K' | 'D';
  takenAt: number;
  group: Group;
  /** The frame's place in its group: its number, and where its payload starts and its length. */
  index: number;
  at: number;
  length: number;
  /** The problems shown when the snapshot arrived (judged with the hold the live screen had then). */
  problems: readonly Problem[];
  gap: boolean;
  bytes: number;
}

export interface RewindBudget {
  maxBytes?: number;
  windowMs?: number;
}

export class RewindBuffer implements SnapshotTimeline {
  private entries: Entry[] = [];
  private encoder = new SnapshotEncoder(false, KEYFRAME_EVERY_MS);
  private bytesHeld = 0;
  /** Times of the entries, kept alongside for binary search by the cursor. */
  times: number[] = [];
  /** Absolute number of the first entry: decoding caches survive the head leaving. */
  private base = 0;
  private last: (DecodedRecord & { abs: number }) | undefined;
  private pendingGap = false;
  /** The group the next delta goes to. */
  private open: Group | undefined;
  private inOpen = 0;
  readonly maxBytes: number;
  readonly windowMs: number;

  constructor(budget: RewindBudget = {}) {
    this.maxBytes = budget.maxBytes ?? DEFAULT_REWIND_BYTES;
    this.windowMs = budget.windowMs ?? DEFAULT_REWIND_WINDOW_MS;
  }

  get length(): number {
    return this.entries.length;
  }

  /** Bytes held: encoded frames and the problems kept with them. */
  get bytes(): number {
    return this.bytesHeld;
  }

  /** The next snapshot follows a reconnect. */
  markGap(): void {
    this.pendingGap = true;
    this.encoder.markGap();
  }

  push(snap: Snapshot, problems: readonly Problem[]): void {
    // A snapshot older than the last (a clock step on the server) starts a new chain: times stay ascending.
    if (this.entries.length && snap.takenAt <= this.times[this.times.length - 1]!) this.clear();
    const f = this.encoder.encode(snap);
    const payload = f.bytes.subarray(FRAME_HEADER_BYTES);
    if (f.kind === 'K') {
      this.open?.close();
      this.open = new Group();
      this.inOpen = 0;
    }
    const group = this.open!;
    const at = group.add(payload);
    const bytes = f.bytes.length + problems.length * PROBLEM_BYTES;
    this.entries.push({ kind: f.kind, takenAt: f.takenAt, group, index: this.inOpen++, at, length: payload.length, problems, gap: this.pendingGap, bytes });
    this.times.push(f.takenAt);
    this.pendingGap = false;
    this.bytesHeld += bytes;
    this.evict(snap.takenAt);
  }

  private clear(): void {
    this.base += this.entries.length;
    this.entries = [];
    this.times = [];
    this.bytesHeld = 0;
    this.encoder.restart();
  }

  private evict(now: number): void {
    const over = () => this.bytesHeld > this.maxBytes || now - this.entries[0]!.takenAt > this.windowMs;
    while (this.entries.length > 1 && over()) {
      // The group of the first keyframe leaves whole; the newest group always stays.
      let n = 1;
      while (n < this.entries.length && this.entries[n]!.kind !== 'K') n++;
      if (n === this.entries.length) {
        // One group only: the next snapshot starts a new one, so this one can leave then.
        this.encoder.restart();
        return;
      }
      for (const e of this.entries.slice(0, n)) this.bytesHeld -= e.bytes;
      this.entries.splice(0, n);
      this.times.splice(0, n);
      this.base += n;
    }
  }

  /** The index of the last snapshot taken at or before `t`, or -1. */
  indexAt(t: number): number {
    return lastAtOrBefore(this.times, t);
  }

  at(index: number): Snapshot {
    return this.decode(index).snap;
  }

  afterGap(index: number): boolean {
    return this.entries[index]?.gap ?? false;
  }

  problemsAt(index: number): readonly Problem[] {
    return this.entries[index]?.problems ?? [];
  }

  private decode(index: number): DecodedRecord {
    if (!Number.isInteger(index) || index < 0 || index >= this.entries.length) throw new RangeError(`no snapshot ${index} in the rewind buffer (${this.entries.length} held)`);
    const abs = this.base + index;
    if (this.last?.abs === abs) return this.last;
    let k = index;
    while (this.entries[k]!.kind !== 'K') k--;
    const lastIdx = this.last ? this.last.abs - this.base : -1;
    let cur: DecodedRecord | undefined = lastIdx >= k && lastIdx < index ? this.last : undefined;
    for (let i = cur ? lastIdx + 1 : k; i <= index; i++) {
      const e = this.entries[i]!;
      const text = frameText(e.group.payload(e), { kind: e.kind, takenAt: e.takenAt, offset: 0, length: e.length }, e.kind === 'K' ? undefined : cur!.text);
      cur = decodeRecord(e.kind, e.takenAt, text, cur);
    }
    this.last = { ...cur!, abs };
    return cur!;
  }
}
