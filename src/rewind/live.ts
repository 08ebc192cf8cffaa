/**
 * The rewind of the live screen: the poller's snapshots go to the store and, encoded, to the rewind
 * buffer; the rewind keys move a cursor over that buffer while polling goes on.
 */
import type { Snapshot } from '../data/collector';
import type { CommandId } from '../keys/commands';
import type { Problem } from '../problems/types';
import type { Store } from '../state/store';
import { RewindBuffer, type RewindBudget } from './buffer';
import { TimeTravel, type Clock } from './timeTravel';

export interface LiveRewind {
  /** A snapshot the store has taken, with the problems it judged on it. */
  push(snap: Snapshot, problems: readonly Problem[]): void;
  /** The connection was lost: the next snapshot starts rates over. */
  gap(): void;
  handle(id: CommandId): boolean;
  readonly buffer: RewindBuffer;
  dispose(): void;
}

export function liveRewind(store: Store, budget: RewindBudget = {}, clock?: Clock): LiveRewind {
  const buffer = new RewindBuffer(budget);
  // The buffer is the cursor's timeline, read as it grows.
  const cursor = new TimeTravel(store, buffer, { mode: 'rewind', clock });
  return {
    buffer,
    push(snap, problems) {
      buffer.push(snap, problems);
      cursor.resync();
    },
    gap: () => buffer.markGap(),
    handle: (id) => cursor.handle(id),
    dispose: () => cursor.dispose(),
  };
}
