/**
 * Whether what the screen shows is live, derived from the store: a refresh the poller reports as
 * overdue, or a connection that is lost or being made again, makes the shown data stale. Ages come
 * from the poller's own count, so no component reads a clock.
 */
import type { Staleness } from '../format/stale';
import type { AppState } from './store';

/** Why the shown data is not live, or undefined when it is. */
export function staleness(state: AppState): Staleness | undefined {
  const { status, overdue } = state;
  const lost = status.state === 'lost' || (status.state === 'connecting' && status.attempt > 0);
  if (!lost && !overdue) return undefined;
  return {
    noAnswerS: overdue ? Math.floor(overdue.noAnswerMs / 1000) : null,
    dataAgeS: overdue?.dataAgeMs == null ? null : Math.floor(overdue.dataAgeMs / 1000),
    cause: lost ? 'lost' : 'no-answer',
  };
}
