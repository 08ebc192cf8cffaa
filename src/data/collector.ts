/**
 * A collector is one query the poller can run: which SQL, with which parameters, how often, and how
 * its rows become a typed value. Panes declare the collectors they need; the poller runs only those.
 */
import type { Failure } from './errors';
import type { Row } from './db';
import type { Capabilities } from './server';
import type { QueryId } from './sql/registry';

export interface CollectorContext {
  caps: Capabilities;
  /** Our own backends' pids, left out of every list. */
  ownPids: number[];
  /**
   * When parsing: what this collector's previous read of the same server returned, for a parser
   * that keeps the objects of rows that did not change (never to be modified).
   */
  previous?: unknown;
}

export interface Collector<T = unknown> {
  id: string;
  query: QueryId;
  /** Run at most this often (ms) instead of every refresh: for expensive figures. */
  everyMs?: number;
  params?(ctx: CollectorContext): unknown[];
  /** A reason this collector cannot run on this server/role, checked before running it. */
  unavailable?(ctx: CollectorContext): string | undefined;
  /** The SQL to run when it depends on more than the major (an extension's schema and version). */
  sqlText?(ctx: CollectorContext): string;
  /** Rows → the pane's value. Must not keep references to driver objects. */
  parse(rows: Row[], ctx: CollectorContext): T;
  /**
   * The same from rows as arrays: when present, the poller reads this collector's rows that way,
   * which spares the driver an object per row (thousands of backends every refresh).
   */
  parseArrays?(set: ArrayRows, ctx: CollectorContext): T;
  /** What would fix a failure (a GRANT, a setting), shown in the pane. */
  fixHint?(failure: Failure, ctx: CollectorContext): string | undefined;
  /**
   * A lesser read to make when the full one fails this way: the same SQL with these parameters,
   * and the note that says what is missing from it. The runner then keeps to the lesser read for
   * a while instead of failing (and logging an ERROR on the server) every refresh.
   */
  degraded?(failure: Failure, ctx: CollectorContext): Degraded | undefined;
  /**
   * Other collectors whose data this one's rows also carry. When both are in the plan, the poller
   * runs this one first and fills their results from the same rows instead of querying again; when
   * this one fails (or `parse` finds nothing), they run on their own.
   */
  provides?: readonly Provided[];
  /**
   * The answer the results already read this refresh give, when they settle it without a query
   * (the lock tree is empty when the activity pane's rows show nobody waiting for a lock);
   * undefined to query. The poller still queries at least every {@link ANSWERED_REREAD_MS}, for
   * what those results cannot see.
   */
  answeredBy?(results: Readonly<Record<string, CollectorResult>>): T | undefined;
}

/** A collector {@link Collector.answeredBy} answers is still read for real at least this often (ms). */
export const ANSWERED_REREAD_MS = 10_000;

/** See {@link Collector.degraded}. */
export interface Degraded {
  params: unknown[];
  /** What the rows lack and why, with the fix: shown in the pane. */
  note: string;
}

/** How long a collector keeps to its degraded read before trying the full one again (ms). */
export const DEGRADED_RETRY_MS = 60_000;

/** A collector served from another's rows. */
export interface Provided {
  collector: Collector;
  parse(rows: Row[], ctx: CollectorContext): unknown;
  /** For a provider read as arrays (see {@link Collector.parseArrays}). */
  parseArrays?(set: ArrayRows, ctx: CollectorContext): unknown;
}

/** Rows as arrays of values, and each column's index by name. */
export interface ArrayRows {
  columns: Readonly<Record<string, number>>;
  rows: readonly (readonly unknown[])[];
}

/** Rows as objects, as arrays (for a parseArrays given objects: tests, other readers). */
export function arrayRows(rows: readonly Row[]): ArrayRows {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { columns: Object.fromEntries(names.map((n, i) => [n, i])), rows: rows.map((r) => names.map((n) => r[n] ?? null)) };
}

/** The outcome of one collector in one refresh. */
export type CollectorResult<T = unknown> =
  | { state: 'ok'; data: T; at: number; ms: number; /** Set when the read was degraded: what is missing. */ note?: string }
  | {
      state: 'failed';
      failure: Failure;
      /** Switched off until reconnect (missing privilege, extension or feature). */
      disabled: boolean;
      hint?: string;
      /** The last good value, still shown (dimmed) under the error. */
      stale?: { data: T; at: number };
    };

/** Everything one refresh produced. `takenAt` is the server's clock (ms since epoch). */
export interface Snapshot {
  seq: number;
  takenAt: number;
  /** How long the refresh took on our side, round trips included. */
  tickMs: number;
  results: Record<string, CollectorResult>;
}

/** The typed value of a collector in a snapshot, or undefined when it failed or did not run. */
export function dataOf<T>(snap: Snapshot | undefined, c: Collector<T>): T | undefined {
  const r = snap?.results[c.id];
  if (!r) return undefined;
  if (r.state === 'ok') return r.data as T;
  return r.stale?.data as T | undefined;
}

/** The typed value of a collector read by this very snapshot (no stale value kept from before). */
export function freshDataOf<T>(snap: Snapshot, c: Collector<T>): T | undefined {
  const r = snap.results[c.id];
  return r?.state === 'ok' ? (r.data as T) : undefined;
}
