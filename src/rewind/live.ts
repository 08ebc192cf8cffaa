/**
 * The rewind of the live screen: the poller's snapshots go to the store and, encoded, to the rewind
 * buffer; the rewind keys move a cursor over that buffer while polling goes on.
 *
 * Encoding a snapshot of thousands of backends takes milliseconds on the screen's thread (about 6
 * at 2000 backends that all changed): it is done after the refresh, once the frame it changed has
 * been scheduled (setImmediate), not before the store is told. A key that moves in time first encodes whatever is still waiting.
 */
import type { Snapshot } from '../data/collector';
import type { CommandId } from '../keys/commands';
import type { Problem } from '../problems/types';
import type { Store } from '../state/store';
import { RewindBuffer, type RewindBudget } from './buffer';
import { TimeTravel, type Clock } from './timeTravel';

export interface LiveRewind {
  /** A snapshot the store has taken, with the problems it judged on it; encoded after the refresh. */
  push(snap: Snapshot, problems: readonly Problem[]): void;
  /** The connection was lost: the next snapshot starts rates over. */
  gap(): void;
  handle(id: CommandId): boolean;
  /** The buffer with every snapshot pushed so far encoded in it. */
  readonly buffer: RewindBuffer;
  dispose(): void;
}

export function liveRewind(store: Store, budget: RewindBudget = {}, clock?: Clock): LiveRewind {
  // PGWARDEN_BENCH_NO_REWIND=1: nothing is kept, so that `npm run bench -- --soak` can measure the
  // rewind's resident memory against the monitor without it. Not an operator's option. Read here,
  // not at load: the single executable evaluates its modules when it is built.
  const kept = process.env.PGWARDEN_BENCH_NO_REWIND !== '1';
  const buffer = new RewindBuffer(budget);
  // The buffer is the cursor's timeline, read as it grows.
  const cursor = new TimeTravel(store, buffer, { mode: 'rewind', clock });
  // Snapshots (and gaps, in order) not yet encoded.
  let pending: ({ snap: Snapshot; problems: readonly Problem[] } | 'gap')[] = [];
  let scheduled: ReturnType<typeof setImmediate> | undefined;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (!pending.length) return;
    const todo = pending;
    pending = [];
    for (const p of todo) {
      if (p === 'gap') buffer.markGap();
      else buffer.push(p.snap, p.problems);
    }
    cursor.resync();
  };
  return {
    get buffer() {
      flush();
      return buffer;
    },
    push(snap, problems) {
      if (!kept) return;
      pending.push({ snap, problems });
      scheduled ??= setImmediate(flush);
    },
    gap: () => {
      pending.push('gap');
    },
    handle: (id) => {
      flush();
      return cursor.handle(id);
    },
    dispose: () => {
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      pending = [];
      cursor.dispose();
    },
  };
}
