/**
 * Problems for one-shot commands (`pgwarden check`, `snapshot --json`): two readings a short
 * interval apart (rates such as the cache hit of the interval and a statement's share of time
 * need two; a replay position that did not move between them is a stall), judged without a hold
 * time. A hold needs a history a one-shot command does not have: what it sees is what it reports,
 * and the alerting system that runs it applies its own `for:` (Nagios max_check_attempts,
 * Prometheus `for:` over a textfile collector, …).
 */
import type { Collector, Snapshot } from '../data/collector';
import { problemsCollector } from '../data/collectors/problems';
import { REPLICATION_COLLECTORS } from '../data/collectors/replication';
import { statementsCollector, statementsInfoCollector } from '../data/collectors/statements';
import { summaryCollector } from '../data/collectors/summary';
import type { Capabilities } from '../data/server';
import { evaluate, initialProblemState, type Evaluation } from './evaluate';
import { NO_HOLD, type Thresholds } from './thresholds';

/** What the monitor runs on every screen for problems: the header's collectors and the suspects. */
export const PROBLEM_COLLECTORS: readonly Collector[] = [summaryCollector, ...REPLICATION_COLLECTORS, problemsCollector];

/** One-shot commands also read pg_stat_statements, for the hot statement. */
export const ONE_SHOT_COLLECTORS: readonly Collector[] = [...PROBLEM_COLLECTORS, statementsCollector, statementsInfoCollector];

/** Time between the two readings of a one-shot command. */
export const ONE_SHOT_INTERVAL_MS = 1000;

/** Judges two readings taken `ONE_SHOT_INTERVAL_MS` apart, as the one-shot commands do. */
export function judgeTwoReadings(first: Snapshot, second: Snapshot, caps: Pick<Capabilities, 'maxConnections'>, thresholds?: Thresholds): Evaluation {
  const once = evaluate({ snap: first, maxConnections: caps.maxConnections, thresholds, hold: NO_HOLD }, initialProblemState());
  return evaluate({ snap: second, prev: first, maxConnections: caps.maxConnections, thresholds, hold: NO_HOLD }, once.state);
}
