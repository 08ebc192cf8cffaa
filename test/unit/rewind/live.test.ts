import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveRewind, type LiveRewind } from '../../../src/rewind/live';
import { RewindBuffer } from '../../../src/rewind/buffer';
import { Store } from '../../../src/state/store';
import { fakeSnapshot } from '../recorder/fixtures';

let rewind: LiveRewind | undefined;
afterEach(() => {
  rewind?.dispose();
  vi.restoreAllMocks();
});

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('live rewind', () => {
  it('encodes a snapshot after the refresh, not on its way to the store', async () => {
    const encode = vi.spyOn(RewindBuffer.prototype, 'push');
    const store = new Store();
    rewind = liveRewind(store);
    const snap = fakeSnapshot(0);
    rewind.push(snap, store.pushSnapshot(snap));
    // The store has the snapshot (the frame can be drawn); the encoding waits for the next turn.
    expect(store.get().snapshot?.takenAt).toBe(snap.takenAt);
    expect(encode).not.toHaveBeenCalled();
    await nextTurn();
    expect(encode).toHaveBeenCalledTimes(1);
  });

  it('a key that moves in time first encodes the snapshots still waiting', () => {
    const store = new Store();
    rewind = liveRewind(store);
    for (const i of [0, 1, 2]) rewind.push(fakeSnapshot(i), store.pushSnapshot(fakeSnapshot(i)));
    rewind.handle('rewind.back');
    expect(store.get().past?.at).toBe(fakeSnapshot(1).takenAt);
    expect(rewind.buffer.length).toBe(3);
  });

  it('keeps nothing under the benchmark switch PGWARDEN_BENCH_NO_REWIND=1 (the soak compares against it)', () => {
    vi.stubEnv('PGWARDEN_BENCH_NO_REWIND', '1');
    try {
      const store = new Store();
      rewind = liveRewind(store);
      for (const i of [0, 1]) rewind.push(fakeSnapshot(i), store.pushSnapshot(fakeSnapshot(i)));
      expect(rewind.buffer.length).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
