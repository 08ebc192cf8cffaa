/**
 * `pgwarden --record FILE`: the monitor records while the operator watches, with the writer
 * `pgwarden record` uses. The poller then reads every pane's collectors (each at its own cadence),
 * not only the visible pane's: what the screen needs is read once and serves both.
 */
import type { Collector, Snapshot } from '../data/collector';
import type { RecordingWriter } from './writer';
import { safeLine, type SafeText } from '../text/sanitize';

export interface TuiRecording {
  writer: RecordingWriter;
  path: string;
  /** What the recording reads (recordedCollectors()). */
  collectors: Collector[];
}

export interface TuiRecorder {
  /** The plan for the poller: the visible pane's collectors, then the rest of the recording's. */
  plan(visible: Collector[]): Collector[];
  append(snap: Snapshot): void;
  gap(): void;
  close(): void;
}

/** `report` shows a failure (a full disk): recording stops, the monitor goes on. */
export function tuiRecorder(rec: TuiRecording, report: (text: SafeText) => void): TuiRecorder {
  let writer: RecordingWriter | undefined = rec.writer;
  return {
    plan(visible) {
      // The visible pane's own variant of a collector (its scope) wins over the recording's.
      const ids = new Set(visible.map((c) => c.id));
      return writer ? [...visible, ...rec.collectors.filter((c) => !ids.has(c.id))] : visible;
    },
    append(snap) {
      if (!writer) return;
      try {
        writer.append(snap);
      } catch (err) {
        writer.close();
        writer = undefined;
        report(safeLine(`recording to ${rec.path} stopped: ${(err as Error).message}`));
      }
    },
    gap: () => writer?.markGap(),
    close: () => writer?.close(),
  };
}
