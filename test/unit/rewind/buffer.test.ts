import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/data/collector';
import { RewindBuffer } from '../../../src/rewind/buffer';
import { storedResults } from '../../../src/recorder/encoder';
import { fakeSnapshot } from '../recorder/fixtures';

describe('rewind buffer', () => {
  it('gives back every snapshot it holds, in any order, as a recording would store it', () => {
    const b = new RewindBuffer();
    for (let i = 0; i < 120; i++) b.push(fakeSnapshot(i), []);
    expect(b.length).toBe(120);
    for (const i of [119, 0, 57, 58, 31, 30, 29, 118]) {
      const s = b.at(i);
      expect(s.takenAt).toBe(fakeSnapshot(i).takenAt);
      expect(s.results).toEqual(storedResults(fakeSnapshot(i), false));
    }
    expect(b.indexAt(fakeSnapshot(40).takenAt + 500)).toBe(40);
    expect(b.indexAt(fakeSnapshot(0).takenAt - 1)).toBe(-1);
  });

  it('keeps the snapshot it is given as a recording would store it: fields set to undefined absent, numbers JSON cannot hold null', () => {
    // The buffer diffs the store's own snapshots, not JSON copies of them.
    const odd = (i: number): Snapshot => {
      const s = fakeSnapshot(i);
      const rows = (s.results.activity as { data: Record<string, unknown>[] }).data;
      rows.forEach((r, k) => Object.assign(r, { note: (k + i) % 3 ? undefined : `n${i}`, ratio: (k + i) % 4 ? k / (i + 1) : NaN }));
      return { ...s, results: { ...s.results, statements: { state: 'ok', data: [], at: s.takenAt, ms: 1, note: i % 2 ? undefined : 'degraded' } } };
    };
    const b = new RewindBuffer();
    for (let i = 0; i < 70; i++) b.push(odd(i), []);
    for (let i = 69; i >= 0; i--) expect(b.at(i).results).toEqual(storedResults(odd(i), false));
    for (let i = 0; i < 70; i++) expect(b.at(i).results).toEqual(storedResults(odd(i), false));
  });

  it('stays within its byte budget by dropping the oldest half minute whole, and keeps what it holds decodable', () => {
    const one = new RewindBuffer();
    for (let i = 0; i < 30; i++) one.push(fakeSnapshot(i, 200), []);
    const perHalfMinute = one.bytes;
    const b = new RewindBuffer({ maxBytes: perHalfMinute * 3 });
    for (let i = 0; i < 600; i++) {
      b.push(fakeSnapshot(i, 200), []);
      expect(b.bytes).toBeLessThanOrEqual(perHalfMinute * 3 * 1.2);
    }
    expect(b.length).toBeGreaterThanOrEqual(45);
    expect(b.length).toBeLessThan(120);
    // The oldest kept is a keyframe's: it decodes without what left.
    const first = b.times[0]!;
    expect(b.at(0).results).toEqual(storedResults(fakeSnapshot((first - fakeSnapshot(0).takenAt) / 1000, 200), false));
    expect(b.at(b.length - 1).takenAt).toBe(fakeSnapshot(599).takenAt);
  });

  it('decodes every snapshot it holds, in closed groups and the open one, while groups leave', () => {
    const one = new RewindBuffer();
    for (let i = 0; i < 30; i++) one.push(fakeSnapshot(i, 100), []);
    const b = new RewindBuffer({ maxBytes: one.bytes * 2.5 });
    const expected = (abs: number) => storedResults(fakeSnapshot(abs, 100), false);
    const absOf = (i: number) => (b.times[i]! - fakeSnapshot(0).takenAt) / 1000;
    for (let i = 0; i < 200; i++) {
      b.push(fakeSnapshot(i, 100), []);
      // Now and then, every snapshot held, backwards then forwards (the cache of the last one decoded
      // is walked from, and must not outlive the group it belongs to).
      if (i % 37 === 36 || i === 199) {
        for (let k = b.length - 1; k >= 0; k--) expect(b.at(k).results).toEqual(expected(absOf(k)));
        for (let k = 0; k < b.length; k++) expect(b.at(k).results).toEqual(expected(absOf(k)));
      }
    }
    expect(absOf(b.length - 1)).toBe(199);
    expect(absOf(0)).toBeGreaterThan(100);
  });

  it('keeps no more than its time window', () => {
    const b = new RewindBuffer({ windowMs: 120_000 });
    for (let i = 0; i < 400; i++) b.push(fakeSnapshot(i), []);
    const span = b.times[b.length - 1]! - b.times[0]!;
    expect(span).toBeLessThanOrEqual(120_000);
    expect(span).toBeGreaterThanOrEqual(90_000);
  });

  it('remembers the problems shown with each snapshot, and where the connection was lost', () => {
    const b = new RewindBuffer();
    b.push(fakeSnapshot(0), []);
    b.markGap();
    const p = { id: 'x', severity: 'warning', text: 'x', since: 1 } as never;
    b.push(fakeSnapshot(1), [p]);
    expect(b.problemsAt(1)).toEqual([p]);
    expect(b.afterGap(1)).toBe(true);
    expect(b.afterGap(0)).toBe(false);
  });

  describe('its ring of bytes', () => {
    // Snapshots of changing sizes (a keyframe of 20 to 320 backends), so that payloads wrap at
    // uneven places, groups leave in the middle of the ring and a large one does not fit the end.
    const sized = (i: number) => fakeSnapshot(i, 20 + ((i * 37) % 300));
    const absOf = (b: RewindBuffer, k: number) => (b.times[k]! - sized(0).takenAt) / 1000;
    const everyHeldDecodes = (b: RewindBuffer) => {
      for (let k = b.length - 1; k >= 0; k--) expect(b.at(k).results, `snapshot ${absOf(b, k)}`).toEqual(storedResults(sized(absOf(b, k)), false));
      for (let k = 0; k < b.length; k++) expect(b.at(k).results, `snapshot ${absOf(b, k)}`).toEqual(storedResults(sized(absOf(b, k)), false));
    };

    /** No payload held overlaps another or the ring's end (one that did would decode as garbage, or not at all, later). */
    const noOverlap = (b: RewindBuffer) => {
      const { offset, size } = b as unknown as { offset: number[]; size: number[] };
      const spans = offset.map((at, k) => [at, at + size[k]!] as const).sort((x, y) => x[0] - y[0]);
      spans.forEach(([at, end], k) => {
        expect(end).toBeLessThanOrEqual(b.ringBytes);
        if (k) expect(at).toBeGreaterThanOrEqual(spans[k - 1]![1]);
      });
    };

    it('decodes every snapshot it holds to what was pushed, across wrap-arounds and groups leaving, and never grows past its budget', () => {
      const maxBytes = 60 * 1024;
      const b = new RewindBuffer({ maxBytes });
      let wraps = 0;
      let lastStart = -1;
      for (let i = 0; i < 300; i++) {
        b.push(sized(i), []);
        const start = (b as unknown as { offset: number[] }).offset.at(-1)!;
        if (start < lastStart) wraps++;
        lastStart = start;
        expect(b.ringBytes).toBeLessThanOrEqual(maxBytes);
        noOverlap(b);
        if (i % 31 === 30 || i === 299) everyHeldDecodes(b);
      }
      expect(wraps).toBeGreaterThanOrEqual(2);
      expect(absOf(b, b.length - 1)).toBe(299);
      expect(b.length).toBeLessThan(300);
    });

    it('starts small and doubles only while what it holds needs it, wrapping in place under a time window', () => {
      const b = new RewindBuffer({ windowMs: 40_000 });
      let wraps = 0;
      for (let i = 0; i < 300; i++) {
        const before = (b as unknown as { offset: number[] }).offset.at(-1) ?? -1;
        b.push(sized(i), []);
        if ((b as unknown as { offset: number[] }).offset.at(-1)! < before) wraps++;
        noOverlap(b);
        if (i % 29 === 28) everyHeldDecodes(b);
      }
      expect(wraps).toBeGreaterThan(2);
      // Forty seconds of these frames, not the 16 MB budget.
      expect(b.ringBytes).toBeLessThanOrEqual(4 * b.bytes);
    });

    it('keeps the newest group decodable when one frame is larger than the budget', () => {
      const b = new RewindBuffer({ maxBytes: 1024 });
      for (let i = 0; i < 80; i++) {
        b.push(sized(i), []);
        expect(absOf(b, b.length - 1)).toBe(i);
        noOverlap(b);
        everyHeldDecodes(b);
      }
    });

    it('decodes what it holds after a clock step empties it', () => {
      const b = new RewindBuffer({ maxBytes: 40 * 1024 });
      for (let i = 0; i < 90; i++) b.push(sized(i), []);
      for (let i = 10; i < 120; i++) b.push(sized(i), []);
      expect(absOf(b, 0)).toBeGreaterThanOrEqual(10);
      everyHeldDecodes(b);
    });
  });
});
