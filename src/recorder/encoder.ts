/**
 * Turns consecutive snapshots into recording frames (src/recorder/format.ts): a keyframe at least
 * every minute, a delta from the record before it otherwise. The file writer and the in-memory
 * rewind buffer (src/rewind/buffer.ts) both encode with it, so the rewind costs what a recording
 * costs: a few kB per refresh, not the megabytes a parsed snapshot of 2000 backends holds.
 */
import type { Snapshot } from '../data/collector';
import { diff, type Json } from './delta';
import { dictionaryOf, encodeFrame, KEYFRAME_EVERY_MS } from './format';
import { normalizeQueries } from './normalize';

/** The JSON form of a snapshot's results as stored: what a reader gets back. */
export function storedResults(snap: Snapshot, normalized: boolean): Json {
  const json = JSON.parse(JSON.stringify(snap.results)) as Json;
  return normalized ? normalizeQueries(json) : json;
}

export interface EncodedFrame {
  kind: 'K' | 'D';
  takenAt: number;
  /** The whole frame: header and deflated payload. */
  bytes: Buffer;
}

export class SnapshotEncoder {
  /**
   * The record before: its results (the snapshot's own objects, which the store keeps immutable, or
   * their normalized copy) and the end of its text's bytes, the next frame's deflate dictionary.
   */
  private prev: { results: Json; dictionary: Buffer } | undefined;
  private keyAt = -Infinity;
  private gap = false;

  /** `deltaLevel`: the deflate level of deltas (keyframes keep zlib's default); files keep the default for both. */
  constructor(
    private readonly normalized: boolean,
    private readonly keyframeEveryMs = KEYFRAME_EVERY_MS,
    private readonly deltaLevel?: number,
  ) {}

  /** Whether a record was encoded since the last {@link restart}. */
  get started(): boolean {
    return this.prev !== undefined;
  }

  /** The next frame is a keyframe (a new file, or a buffer that dropped its head). */
  restart(): void {
    this.prev = undefined;
  }

  /** The next snapshot came after a reconnect: rates and held problems start over there. */
  markGap(): void {
    this.gap = true;
  }

  encode(snap: Snapshot): EncodedFrame {
    // Not copied: diff compares the snapshot's values as JSON would write them (src/recorder/delta.ts).
    const results = this.normalized ? storedResults(snap, true) : (snap.results as unknown as Json);
    const base = { s: snap.seq, m: snap.tickMs, ...(this.gap ? { g: 1 } : {}) };
    this.gap = false;
    const key = !this.prev || snap.takenAt - this.keyAt >= this.keyframeEveryMs || snap.takenAt < this.keyAt;
    let text: string;
    if (key) {
      text = JSON.stringify({ ...base, r: results });
      this.keyAt = snap.takenAt;
    } else {
      const patch = diff(this.prev!.results, results);
      text = JSON.stringify({ ...base, ...(patch ? { r: patch } : {}) });
    }
    const utf8 = this.utf8(text);
    const bytes = key ? encodeFrame('K', snap.takenAt, utf8) : encodeFrame('D', snap.takenAt, utf8, this.prev!.dictionary, this.deltaLevel);
    this.prev = { results, dictionary: dictionaryOf(utf8, this.prev?.dictionary) };
    return { kind: key ? 'K' : 'D', takenAt: snap.takenAt, bytes };
  }

  /**
   * A text's UTF-8 bytes, written over the last one's. A fresh buffer each refresh (up to a megabyte
   * for a keyframe of 2000 backends) is memory malloc takes for a while and seldom gives back; and
   * each time glibc frees one that large it raises its threshold for giving memory back (to twice
   * that size), for every thread's heap. Sized in powers of two, this one is seldom replaced.
   * Written first, measured only when it may not have fit: measuring a keyframe's megabyte of text
   * each time cost as much as writing it.
   */
  private utf8(text: string): Buffer {
    let n = this.scratch.write(text, 'utf8');
    // write() stops before a character that does not fit, and none takes more than 4 bytes: with 4
    // bytes or more left, all of the text was written.
    if (this.scratch.length - n < 4) {
      const need = Buffer.byteLength(text, 'utf8');
      if (need !== n) {
        this.scratch = Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(Math.max(need, 64 * 1024))));
        n = this.scratch.write(text, 'utf8');
      }
    }
    return this.scratch.subarray(0, n);
  }

  private scratch = Buffer.alloc(0);
}
