/**
 * The fleet: several servers watched in one session. These are the shapes the fleet screen and
 * the problems line read; they carry raw values (server text unsanitized) like every snapshot.
 */
import type { Problem, Severity } from '../problems/types';

export type ServerKind = 'primary' | 'standby' | 'pgbouncer';

/** One server of the session, as its fleet row shows it. */
export interface FleetRow {
  /** The operator's name for it (`--servers` name, else user@host:port/db). Unique in the session. */
  name: string;
  /** Unknown until it first answered. */
  kind: ServerKind | null;
  state: 'up' | 'down' | 'connecting';
  /** Why it is down (the driver's message, raw). */
  downReason: string | null;
  version: string | null;
  uptimeS: number | null;
  connections: number | null;
  maxConnections: number | null;
  tps: number | null;
  /** Standby: replay delay; primary: the largest replay lag of its WAL senders (seconds). */
  lagS: number | null;
  /** A standby's upstream: the name of its primary's row when it is in the session, else host:port as the standby reports it. */
  upstream: string | null;
  /** Whether `upstream` names a row of the session. */
  upstreamInSession: boolean;
  worst: { severity: Severity; text: string } | null;
  /** The server pgwarden's panes and actions work on. */
  active: boolean;
  /** Read from Prometheus (--prometheus), not watched live: Enter connects to `target` when it has one. */
  source?: 'prometheus';
  target?: string | null;
  deadTuples?: number | null;
  hitRatio?: number | null;
}

/** What every server's store is given: the rows, and the problems of the other servers. */
export interface FleetView {
  rows: readonly FleetRow[];
  /** The other servers' problems, each labelled with its server ("on s2: …"). */
  problems: readonly Problem[];
  /** WAL sender key → fleet name of the standby it feeds (on the active primary). */
  senderLinks: Readonly<Record<string, string>>;
}
