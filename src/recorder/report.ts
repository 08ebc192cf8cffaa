/**
 * `pgwarden replay FILE --report`: a Markdown timeline of the problems in a recording, for the
 * post-mortem. The snapshots are judged in order by the monitor's own tracker (the same hold and
 * hysteresis the header's problems line uses), so a problem appears here when the monitor would
 * have shown it: when it was first seen, when it was at its worst, when it cleared.
 */
import type { Snapshot } from '../data/collector';
import { cell } from '../checklists/report';
import { ProblemTracker } from '../problems/tracker';
import type { Thresholds } from '../problems/thresholds';
import type { Problem, Severity } from '../problems/types';
import type { Recording } from './reader';

interface Timeline {
  problem: Problem;
  first: number;
  worst: { severity: Severity; at: number; text: string };
  lastSeen: number;
  cleared?: number;
}

export interface ProblemEvent {
  at: number;
  event: 'raised' | 'worse' | 'cleared';
  severity: Severity;
  text: string;
  id: string;
}

/** Judges every snapshot of a recording; the problems' lives and their events in time order. */
export function problemTimeline(rec: Recording, thresholds?: Thresholds): { timelines: Timeline[]; events: ProblemEvent[] } {
  const tracker = new ProblemTracker({ thresholds });
  const open = new Map<string, Timeline>();
  const all: Timeline[] = [];
  const events: ProblemEvent[] = [];
  let snap: Snapshot | undefined;
  for (let i = 0; i < rec.length; i++) {
    snap = rec.at(i);
    if (rec.afterGap(i)) tracker.gap();
    const shown = tracker.update(snap, rec.header.caps.maxConnections).problems;
    const now = new Set<string>();
    for (const p of shown) {
      now.add(p.id);
      let t = open.get(p.id);
      if (!t) {
        t = { problem: p, first: p.since, worst: { severity: p.severity, at: snap.takenAt, text: p.text }, lastSeen: snap.takenAt };
        open.set(p.id, t);
        all.push(t);
        events.push({ at: snap.takenAt, event: 'raised', severity: p.severity, text: p.text, id: p.id });
      } else if (p.severity === 'critical' && t.worst.severity === 'warning') {
        t.worst = { severity: p.severity, at: snap.takenAt, text: p.text };
        events.push({ at: snap.takenAt, event: 'worse', severity: p.severity, text: p.text, id: p.id });
      }
      t.lastSeen = snap.takenAt;
      t.problem = p;
    }
    for (const [id, t] of open) {
      if (now.has(id)) continue;
      t.cleared = snap.takenAt;
      open.delete(id);
      events.push({ at: snap.takenAt, event: 'cleared', severity: t.problem.severity, text: t.problem.text, id });
    }
  }
  return { timelines: all, events };
}

const when = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The Markdown report. Every piece of server text passes through `cell` (no markup, no escapes). */
export function replayReport(rec: Recording, fileName: string, thresholds?: Thresholds): string {
  const { timelines, events } = problemTimeline(rec, thresholds);
  const h = rec.header;
  const first = rec.times[0];
  const last = rec.times[rec.length - 1];
  const lines = [
    `# Problems in ${cell(fileName)}`,
    '',
    `- Server: ${cell(h.server)}, ${cell(h.caps.version)}`,
    `- Recorded by pgwarden ${cell(h.pgwarden)}, every ${h.intervalMs / 1000} s${h.normalizedQueries ? ', query texts normalized' : ''}`,
    first === undefined ? '- No snapshot recorded' : `- From ${when(first)} to ${when(last!)} (${span(last! - first)}, ${rec.length} snapshots)${rec.truncated ? '; the file ends inside a record: read up to the last complete one' : ''}`,
    '',
  ];
  if (timelines.length === 0) return [...lines, 'No problem was shown during the recording.', ''].join('\n');
  lines.push('## Timeline', '', '| time (UTC) | event | severity | problem |', '|---|---|---|---|');
  for (const e of events) lines.push(`| ${when(e.at)} | ${e.event} | ${e.severity} | ${cell(e.text)} |`);
  lines.push('', '## Problems', '', '| first seen | worst | at | cleared | lasted | problem (at its worst) |', '|---|---|---|---|---|---|');
  for (const t of timelines) {
    const end = t.cleared ?? t.lastSeen;
    lines.push(`| ${when(t.first)} | ${t.worst.severity} | ${when(t.worst.at)} | ${t.cleared ? when(t.cleared) : 'still shown at the end'} | ${span(end - t.first)} | ${cell(t.worst.text)} |`);
  }
  lines.push('');
  return lines.join('\n');
}
