/**
 * `pgwarden replay FILE --at TIME --json`: the snapshot of that moment, in the shape
 * `snapshot --json` prints (the same document code), with the snapshot before it for rates;
 * `pgwarden replay FILE --report`: the Markdown timeline of the recording's problems.
 * No server is needed: everything comes from the file.
 */
import { RecordingError } from '../recorder/format';
import { openRecording, type Recording } from '../recorder/reader';
import { replayReport } from '../recorder/report';
import { parseReplayTime } from '../recorder/time';
import type { Thresholds } from '../problems/thresholds';
import { terminalSafeJson } from '../text/json';
import { snapshotDocument } from './snapshot';

export interface ReplayArgs {
  file: string;
  at?: string;
  json: boolean;
  report: boolean;
  version: string;
  /** The limits for the recorded server (the preferences file's, by its key). */
  thresholds?: (serverKey: string) => Thresholds;
}

/** What to print, or the error (one line, exit 2). */
export function replayOutput(a: ReplayArgs): { text: string } | { error: string } {
  let rec: Recording;
  try {
    rec = openRecording(a.file);
  } catch (err) {
    if (err instanceof RecordingError) return { error: err.message };
    return { error: `${a.file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}` };
  }
  const thresholds = a.thresholds?.(rec.header.serverKey ?? '');
  if (a.report) return { text: replayReport(rec, a.file, thresholds) };
  if (rec.length === 0) return { error: `${a.file}: no snapshot was recorded` };
  const first = rec.times[0]!;
  const last = rec.times[rec.length - 1]!;
  const t = parseReplayTime(a.at!, first, last);
  if (typeof t === 'string') return { error: t };
  const i = rec.indexAt(t);
  const iso = (ms: number) => new Date(ms).toISOString();
  if (i < 0) return { error: `${iso(t)} is before the recording (${iso(first)} to ${iso(last)})` };
  // Past the end by more than a few intervals: that moment was not recorded.
  if (t - last > 3 * rec.header.intervalMs + 1000) return { error: `${iso(t)} is after the recording (${iso(first)} to ${iso(last)})` };
  const prev = i > 0 && !rec.afterGap(i) ? rec.at(i - 1) : undefined;
  const snap = rec.at(i);
  const doc = snapshotDocument(snap, rec.header.caps, a.version, prev, { thresholds });
  const replay = { file: a.file, recorded_by: rec.header.pgwarden, normalized_queries: rec.header.normalizedQueries, requested_at: iso(t), truncated: rec.truncated };
  return { text: terminalSafeJson({ ...doc, replay }, 2) + '\n' };
}
