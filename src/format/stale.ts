/**
 * How stale data is described, in words that survive NO_COLOR and ASCII. The store decides
 * whether the shown data is stale (state/staleness.ts); the header and the panes say it with these.
 */
import { duration } from './duration';

export interface Staleness {
  /** Seconds since the oldest unanswered refresh was sent (null when the poller has not counted yet). */
  noAnswerS: number | null;
  /** Seconds since the shown data was read (null when unknown). */
  dataAgeS: number | null;
  /** Why: the connection is gone, or it is there and not answering. */
  cause: 'lost' | 'no-answer';
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
