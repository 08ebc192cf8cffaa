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
 * How it is held is chosen for the process's resident size, measured over an hour at 2000
 * backends (bench/rewindSoak.ts), not for the bytes alone:
 * - The frames' payloads sit one after another in one ring of bytes, written over in place when
 *   the oldest group leaves: nothing is allocated per frame for malloc or V8 to fragment or keep.
 *   The ring starts small and doubles, up to the byte budget, while what the buffer holds needs
 *   it: a quiet server (or each of a fleet's) keeps a ring the size of its window, not of the
 *   budget. A Buffer per frame, malloc'd among the refreshes' short-lived buffers for a quarter of
 *   an hour, kept glibc's heap from shrinking: 32 MB for 7.5 MB of frames.
 * - What is kept per snapshot sits in arrays, not in an object per snapshot: nothing that lives a
 *   quarter of an hour is allocated each refresh among the rows, which live a second or two (V8
 *   cannot give back an old-space page while one object on it lives).
 */
import { constants } from 'node:zlib';
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
/**
 * Deltas deflated at zlib's fastest level: at 2000 backends about half the CPU of the default
 * level (0.10 against 0.22 ms a refresh) for a tenth more bytes (2.9 against 2.7 kB), well within
 * the budget; keyframes keep the default (a third smaller, and one in thirty refreshes).
 */
const DELTA_LEVEL = constants.Z_BEST_SPEED;
/** What a held problem costs in memory, roughly: its texts and fields. */
const PROBLEM_BYTES = 400;
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/** The ring's first size: it doubles from there. */
const FIRST_RING_BYTES = 64 * 1024;

export interface RewindBudget {
  maxBytes?: number;
  windowMs?: number;
}

export class RewindBuffer implements SnapshotTimeline {
  /** Times of the snapshots held, kept alongside for binary search by the cursor. */
  times: number[] = [];
  // The rest of each snapshot's slot, index for index with `times`.
  private keyframe: boolean[] = [];
  private gaps: boolean[] = [];
  /** Where the frame's payload starts in the ring, and its length. */
  private offset: number[] = [];
  private size: number[] = [];
  /** The problems shown when the snapshot arrived (judged with the hold the live screen had then). */
  private problems: (readonly Problem[])[] = [];
  /** Bytes counted against the budget. */
  private cost: number[] = [];

  /**
   * The frames' payloads, in the order held: from the first frame's offset on, wrapping to 0 at
   * most once (the bytes after the last frame before the wrap are unused).
   */
  private ring = Buffer.alloc(0);

  private encoder = new SnapshotEncoder(false, KEYFRAME_EVERY_MS, DELTA_LEVEL);
  private bytesHeld = 0;
  /** Absolute number of the first snapshot: decoding caches survive the head leaving. */
  private base = 0;
  private last: (DecodedRecord & { abs: number }) | undefined;
  private pendingGap = false;
  readonly maxBytes: number;
  readonly windowMs: number;

  constructor(budget: RewindBudget = {}) {
    this.maxBytes = budget.maxBytes ?? DEFAULT_REWIND_BYTES;
    this.windowMs = budget.windowMs ?? DEFAULT_REWIND_WINDOW_MS;
  }

  get length(): number {
    return this.times.length;
  }

  /** Bytes held: encoded frames and the problems kept with them. */
  get bytes(): number {
    return this.bytesHeld;
  }

  /** The size of the ring the frames are held in (it doubles up to the budget while needed). */
  get ringBytes(): number {
    return this.ring.length;
  }

  /** The next snapshot follows a reconnect. */
  markGap(): void {
    this.pendingGap = true;
    this.encoder.markGap();
  }

  push(snap: Snapshot, problems: readonly Problem[]): void {
    // A snapshot older than the last (a clock step on the server) starts a new chain: times stay ascending.
    if (this.times.length && snap.takenAt <= this.times[this.times.length - 1]!) this.clear();
    const f = this.encoder.encode(snap);
    const payload = f.bytes.subarray(FRAME_HEADER_BYTES);
    const at = this.place(payload.length, f.kind === 'K');
    payload.copy(this.ring, at);
    const cost = f.bytes.length + problems.length * PROBLEM_BYTES;
    this.times.push(f.takenAt);
    this.keyframe.push(f.kind === 'K');
    this.gaps.push(this.pendingGap);
    this.offset.push(at);
    this.size.push(payload.length);
    this.problems.push(problems.length ? problems : NO_PROBLEMS);
    this.cost.push(cost);
    this.pendingGap = false;
    this.bytesHeld += cost;
    this.evict(snap.takenAt);
  }

  /**
   * Where in the ring the next payload of `n` bytes goes: after the last one, or at the start when
   * the end has no room and the start has. Without room, the ring doubles while under the budget;
   * at the budget the oldest groups leave (a keyframe's may take the place of all; a delta's group
   * stays, and only for it does the ring grow past the budget).
   */
  private place(n: number, keyframe: boolean): number {
    for (;;) {
      const held = this.times.length;
      if (!held) {
        if (n <= this.ring.length) return 0;
      } else {
        const first = this.offset[0]!;
        const end = this.offset[held - 1]! + this.size[held - 1]!;
        if (this.offset[held - 1]! >= first) {
          // Not wrapped: the room after the last payload, else before the first.
          if (end + n <= this.ring.length) return end;
          if (n <= first) return 0;
        } else if (end + n <= first) return end;
      }
      const groupEnd = this.firstGroupLength();
      // What can leave: whole groups, and not the one a delta is added to.
      const canLeave = held > 0 && (groupEnd < held || keyframe);
      if (this.ring.length < this.maxBytes || !canLeave) this.grow(n);
      else this.dropHead(groupEnd);
    }
  }

  /** Doubles the ring (up to the budget, or what `n` more bytes need), its payloads copied to its start in order. */
  private grow(n: number): void {
    let live = 0;
    for (const s of this.size) live += s;
    const capacity = Math.max(Math.min(Math.max(this.ring.length * 2, FIRST_RING_BYTES), this.maxBytes), live + n);
    const ring = Buffer.allocUnsafeSlow(capacity);
    let at = 0;
    for (let i = 0; i < this.times.length; i++) {
      this.ring.copy(ring, at, this.offset[i]!, this.offset[i]! + this.size[i]!);
      this.offset[i] = at;
      at += this.size[i]!;
    }
    this.ring = ring;
  }

  /** How many snapshots the first group holds: up to the next keyframe. */
  private firstGroupLength(): number {
    let n = 1;
    while (n < this.times.length && !this.keyframe[n]) n++;
    return n;
  }

  /** The first `n` snapshots leave. */
  private dropHead(n: number): void {
    for (let i = 0; i < n; i++) this.bytesHeld -= this.cost[i]!;
    this.drop(n);
    this.base += n;
  }

  private payload(i: number): Buffer {
    const at = this.offset[i]!;
    return this.ring.subarray(at, at + this.size[i]!);
  }

  private clear(): void {
    this.base += this.times.length;
    this.drop(this.times.length);
    this.bytesHeld = 0;
    this.encoder.restart();
  }

  private drop(n: number): void {
    for (const a of [this.times, this.keyframe, this.gaps, this.offset, this.size, this.problems, this.cost] as unknown[][]) a.splice(0, n);
  }

  private evict(now: number): void {
    const over = () => this.bytesHeld > this.maxBytes || now - this.times[0]! > this.windowMs;
    while (this.times.length > 1 && over()) {
      // The group of the first keyframe leaves whole; the newest group always stays.
      const n = this.firstGroupLength();
      if (n === this.times.length) {
        // One group only: the next snapshot starts a new one, so this one can leave then.
        this.encoder.restart();
        return;
      }
      this.dropHead(n);
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
    return this.gaps[index] ?? false;
  }

  problemsAt(index: number): readonly Problem[] {
    return this.problems[index] ?? [];
  }

  private decode(index: number): DecodedRecord {
    if (!Number.isInteger(index) || index < 0 || index >= this.times.length) throw new RangeError(`no snapshot ${index} in the rewind buffer (${this.times.length} held)`);
    const abs = this.base + index;
    if (this.last?.abs === abs) return this.last;
    let k = index;
    while (!this.keyframe[k]) k--;
    const lastIdx = this.last ? this.last.abs - this.base : -1;
    let cur: DecodedRecord | undefined = lastIdx >= k && lastIdx < index ? this.last : undefined;
    for (let i = cur ? lastIdx + 1 : k; i <= index; i++) {
      const kind = this.keyframe[i] ? 'K' : 'D';
      const text = frameText(this.payload(i), { kind, takenAt: this.times[i]!, offset: 0, length: this.size[i]! }, kind === 'K' ? undefined : cur!.text);
      cur = decodeRecord(kind, this.times[i]!, text, cur);
    }
    this.last = { ...cur!, abs };
    return cur!;
  }
}
