/**
 * A recording as the replay's timeline: read once from start to end (each step decodes one
 * record), judging every snapshot with the monitor's own problem tracker, so the problems shown
 * at a moment are those the live screen showed then, hold and hysteresis included; and gathering
 * the series the timeline window draws over the whole file.
 */
import { freshDataOf } from '../data/collector';
import { summaryCollector } from '../data/collectors/summary';
import { ProblemTracker } from '../problems/tracker';
import type { Thresholds } from '../problems/thresholds';
import type { Problem } from '../problems/types';
import type { Recording } from '../recorder/reader';
import { ratesBetween } from '../state/store';
import type { TimeSource } from './timeTravel';
import type { TimelineData } from '../components/TimelineWindow';

export type { TimelineData };


export function replaySource(rec: Recording, thresholds?: Thresholds): { source: TimeSource; timeline: TimelineData } {
  const tracker = new ProblemTracker({ thresholds });
  const problems: (readonly Problem[])[] = [];
  const t: TimelineData = { times: rec.times, tps: [], active: [], idle: [], idleInXact: [], waiting: [], problems: [] };
  let prev = undefined as ReturnType<Recording['at']> | undefined;
  for (let i = 0; i < rec.length; i++) {
    const snap = rec.at(i);
    const gap = rec.afterGap(i);
    if (gap) tracker.gap();
    const shown = tracker.update(snap, rec.header.caps.maxConnections).problems;
    problems.push(shown);
    t.problems.push(shown.length);
    t.tps.push(gap ? null : ratesBetween(prev, snap).tps);
    const s = freshDataOf(snap, summaryCollector);
    t.active.push(s ? s.active : null);
    t.idle.push(s ? s.idle : null);
    t.idleInXact.push(s ? s.idleInXact : null);
    t.waiting.push(s ? s.lockWaiting : null);
    prev = snap;
  }
  const source: TimeSource = {
    get length() {
      return rec.length;
    },
    times: rec.times,
    at: (i) => rec.at(i),
    afterGap: (i) => rec.afterGap(i),
    problemsAt: (i) => problems[i] ?? [],
  };
  return { source, timeline: t };
}
