/**
 * What every pane's `snapshot --json` section shares: raw times as ISO 8601 and a failed
 * collector as an error object, so every section reports both the same way.
 */
import type { Collector, Snapshot } from '../data/collector';

/** An epoch-seconds time as ISO 8601, or null. */
export const iso = (epochSeconds: number | null | undefined): string | null =>
  epochSeconds == null || !Number.isFinite(epochSeconds) ? null : new Date(epochSeconds * 1000).toISOString();

/** A failed collector as JSON, or undefined when it ran. */
export function failureJson(snap: Snapshot, c: Collector): unknown {
  const r = snap.results[c.id];
  return r?.state === 'failed' ? { error: r.failure.message, kind: r.failure.kind, code: r.failure.code ?? null, fix: r.hint ?? null } : undefined;
}

/** One section of the document; cli/snapshot.ts lists them. */
export interface JsonSection {
  name: string;
  collectors: Collector[];
  toJson(snap: Snapshot): unknown;
}
