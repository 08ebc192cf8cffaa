import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/data/collector';
import { SnapshotEncoder } from '../../../src/recorder/encoder';
import { FRAME_HEADER_BYTES, frameText } from '../../../src/recorder/format';

const text = (s: Snapshot) => JSON.stringify({ s: s.seq, m: s.tickMs, r: s.results });
const snapshot = (i: number, query: string): Snapshot => ({
  seq: i,
  takenAt: 1000 * i,
  tickMs: 1,
  results: { activity: { state: 'ok', data: [{ key: 'a', query }], at: 1000 * i, ms: 1 } },
});
/**
 * Snapshot `i` whose frame text has `tail` (multi-byte characters) starting at byte `at` in UTF-8,
 * and the rest of the text after it.
 */
const sized = (i: number, at: number, tail: string): Snapshot => {
  const t = text(snapshot(i, 'MARK'));
  const before = Buffer.byteLength(t.slice(0, t.indexOf('MARK')));
  return snapshot(i, 'x'.repeat(at - before) + tail);
};

describe('snapshot encoder', () => {
  it('writes the whole text of every frame, however close it comes to the end of its scratch buffer', () => {
    // The scratch buffer starts at 64 kB and doubles: characters of 2, 3 and 4 bytes (a surrogate pair)
    // and an unpaired surrogate, a few bytes either side of its end, with more text after them.
    for (const size of [65_536, 131_072]) {
      for (const tail of ['é', '€', '😀', '\ud800', 'ab€😀']) {
        for (let d = -6; d <= 6; d++) {
          const enc = new SnapshotEncoder(false, 1);
          // A first text that leaves the scratch buffer at `size`.
          enc.encode(sized(1, size / 2 + 10, ''));
          const snap = sized(2, size - d, tail);
          const f = enc.encode(snap);
          expect(f.kind).toBe('K');
          const back = frameText(f.bytes, { kind: 'K', takenAt: f.takenAt, offset: FRAME_HEADER_BYTES, length: f.bytes.length - FRAME_HEADER_BYTES });
          expect(back).toBe(text(snap));
        }
      }
    }
  });
});
