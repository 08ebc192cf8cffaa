/**
 * The recording file format (`pgwarden record`), version 1. Pure: bytes in, bytes out.
 *
 * ```
 * file    = magic "PGWREC" (6 bytes), format version (u16 BE), header frame, record frame*
 * frame   = kind (u8: 'H' header, 'K' keyframe, 'D' delta), payload length (u32 BE),
 *           takenAt (f64 BE, server clock, ms), crc32 of the payload (u32 BE), payload
 * payload = raw deflate of one JSON document
 * ```
 *
 * The header is JSON ({@link RecordingHeader}). A keyframe is a whole snapshot; a delta is the
 * patch (src/recorder/delta.ts) from the record before it. Each record is deflated on its own,
 * with the previous record's text as the deflate dictionary: the field names and values it
 * repeats cost almost nothing, and every frame is complete once written, so a recorder killed
 * with SIGKILL loses at most the record it was writing, and a reader stops cleanly at the first
 * frame that is cut short or fails its checksum. A keyframe at least every minute bounds what a
 * seek has to decode. The version sits before anything else, so a reader can refuse a newer file
 * before it tries to read a frame it does not know.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Capabilities } from '../data/server';

export const MAGIC = Buffer.from('PGWREC', 'latin1');
/** The format this pgwarden writes. */
export const FORMAT_VERSION = 1;
/** The oldest format this pgwarden still reads. */
export const OLDEST_READABLE_VERSION = 1;
export const PREAMBLE_BYTES = MAGIC.length + 2;
export const FRAME_HEADER_BYTES = 1 + 4 + 8 + 4;
/** A keyframe at least this often: a seek decodes at most this much of the file. */
export const KEYFRAME_EVERY_MS = 60_000;
/** deflate's window: a dictionary longer than this is cut to its end. */
const WINDOW = 32 * 1024;

export type FrameKind = 'H' | 'K' | 'D';

export interface RecordingHeader {
  /** The format version, repeated from the preamble for readers of the JSON alone. */
  format: number;
  /** The pgwarden that wrote the file. */
  pgwarden: string;
  /** When recording began (local clock, ms since epoch). */
  startedAt: number;
  /** Requested refresh interval, ms. */
  intervalMs: number;
  /** The server and what our role could see, as probed when recording began. */
  caps: Capabilities;
  /** Host/port/database as shown to the operator (no password). */
  server: string;
  /** The preferences file's key for this server (its thresholds judge the replay). */
  serverKey?: string;
  /** Query texts had their constants replaced by $n before they were written. */
  normalizedQueries: boolean;
  /** The collectors recorded. */
  collectors: string[];
}

/** A file this pgwarden cannot read: the message says why, in one line. */
export class RecordingError extends Error {}

export function preamble(version = FORMAT_VERSION): Buffer {
  const b = Buffer.alloc(PREAMBLE_BYTES);
  MAGIC.copy(b, 0);
  b.writeUInt16BE(version, MAGIC.length);
  return b;
}

/** The format version of a file that starts with `head`; throws when it is not a recording. */
export function readPreamble(head: Buffer, name: string): number {
  if (head.length < PREAMBLE_BYTES || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new RecordingError(`${name}: not a pgwarden recording${head.length < PREAMBLE_BYTES ? ' (too short)' : ''}`);
  }
  return head.readUInt16BE(MAGIC.length);
}

export function checkVersion(version: number, name: string): void {
  if (version > FORMAT_VERSION) {
    throw new RecordingError(
      `${name}: recording format ${version} was written by a newer pgwarden; this one reads formats ${OLDEST_READABLE_VERSION} to ${FORMAT_VERSION}: replay it with a newer pgwarden`,
    );
  }
  if (version < OLDEST_READABLE_VERSION) throw new RecordingError(`${name}: recording format ${version} is no longer supported (oldest readable: ${OLDEST_READABLE_VERSION})`);
}

/**
 * The deflate dictionary a record's text gives the next one: the end of its UTF-8 bytes, copied
 * (the bytes may be overwritten; a view would keep them all alive), into `into` when it is given
 * and large enough (one dictionary buffer per encoder, not one per record).
 */
export function dictionaryOf(text: string | Buffer, into?: Buffer): Buffer {
  const b = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const tail = b.length > WINDOW ? b.subarray(b.length - WINDOW) : b;
  const out = into && into.byteOffset === 0 && into.buffer.byteLength === WINDOW ? Buffer.from(into.buffer, 0, WINDOW) : Buffer.allocUnsafeSlow(WINDOW);
  return out.subarray(0, tail.copy(out));
}

const dictOf = (prev: string | Buffer | undefined): Buffer | undefined => {
  if (prev === undefined || prev.length === 0) return undefined;
  if (typeof prev !== 'string') return prev.length > WINDOW ? prev.subarray(prev.length - WINDOW) : prev;
  const b = Buffer.from(prev, 'utf8');
  return b.length > WINDOW ? b.subarray(b.length - WINDOW) : b;
};

/**
 * One frame: `text` (or its UTF-8 bytes) deflated with the previous record's text as dictionary
 * (or the end of its bytes, {@link dictionaryOf}), at zlib's default level unless `level` says
 * otherwise (any level reads the same).
 */
export function encodeFrame(kind: FrameKind, takenAt: number, text: string | Buffer, prev?: string | Buffer, level?: number): Buffer {
  const dictionary = dictOf(prev);
  const payload = deflateRawSync(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { ...(dictionary ? { dictionary } : {}), ...(level === undefined ? {} : { level }) });
  const head = Buffer.alloc(FRAME_HEADER_BYTES);
  head.write(kind, 0, 'latin1');
  head.writeUInt32BE(payload.length, 1);
  head.writeDoubleBE(takenAt, 5);
  head.writeUInt32BE(crc32(payload), 13);
  return Buffer.concat([head, payload]);
}

export interface FrameRef {
  kind: FrameKind;
  takenAt: number;
  /** Offset of the payload in the file, and its length. */
  offset: number;
  length: number;
}

/**
 * The frames of a file, read from their headers only (no inflating). Stops at the first frame
 * that is cut short, of an unknown kind or fails its checksum: `complete` is then false and
 * `validBytes` says where the good part ends.
 */
export function scanFrames(buf: Buffer, from = PREAMBLE_BYTES): { frames: FrameRef[]; complete: boolean; validBytes: number } {
  const frames: FrameRef[] = [];
  let at = from;
  while (at < buf.length) {
    if (at + FRAME_HEADER_BYTES > buf.length) return { frames, complete: false, validBytes: at };
    const kind = String.fromCharCode(buf[at]!);
    const length = buf.readUInt32BE(at + 1);
    const takenAt = buf.readDoubleBE(at + 5);
    const crc = buf.readUInt32BE(at + 13);
    const offset = at + FRAME_HEADER_BYTES;
    if ((kind !== 'H' && kind !== 'K' && kind !== 'D') || offset + length > buf.length || crc32(buf.subarray(offset, offset + length)) !== crc) {
      return { frames, complete: false, validBytes: at };
    }
    frames.push({ kind, takenAt, offset, length });
    at = offset + length;
  }
  return { frames, complete: true, validBytes: at };
}

/** The text of a frame, given the text of the record before it (its dictionary). */
export function frameText(buf: Buffer, f: FrameRef, prevText?: string): string {
  const dictionary = dictOf(prevText);
  return inflateRawSync(buf.subarray(f.offset, f.offset + f.length), dictionary ? { dictionary } : {}).toString('utf8');
}
