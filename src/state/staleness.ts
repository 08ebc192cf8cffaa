/**
 * Whether what the screen shows is live, derived from the store: a refresh the poller reports as
 * overdue, or a connection that is lost or being made again, makes the shown data stale. Ages come
 * from the poller's own count, so no component reads a clock.
 */
import { duration } from '../format';
import type { AppState } from './store';

export interface Staleness {
  /** Seconds since the oldest unanswered refresh was sent (null when the poller has not counted yet). */
  noAnswerS: number | null;
  /** Seconds since the shown data was read (null when unknown). */
  dataAgeS: number | null;
  /** Why: the connection is gone, or it is there and not answering. */
  cause: 'lost' | 'no-answer';
}

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

/** "14s", "2m05s": whole seconds, as a count that ticks once a second. */
export function ageText(seconds: number, ascii: boolean): string {
  return seconds < 60 ? `${seconds}s` : duration(seconds, { ascii });
}

/** The marker on stale data, e.g. "STALE 16s": words, so it survives NO_COLOR and ASCII. */
export function staleLabel(s: Staleness, ascii: boolean): string {
  const age = s.dataAgeS ?? s.noAnswerS;
  return age ? `STALE ${ageText(age, ascii)}` : 'STALE';
}
