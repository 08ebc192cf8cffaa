/**
 * `pgwarden snapshot --json`: one JSON document with the same data the screens show, for scripts.
 * Raw values only (numbers, ISO timestamps, no units), so jq and alerting rules can use them.
 * Each pane contributes one section; later panes add theirs to SECTIONS.
 */
import type { Collector, Snapshot } from '../data/collector';
import { dataOf } from '../data/collector';
import { activityCollector, type Backend } from '../data/collectors/activity';
import { lockSummaryCollector, locksCollector } from '../data/collectors/locks';
import { locksJson } from '../screens/locks/json';
import { dbSizeCollector, summaryCollector } from '../data/collectors/summary';
import { statementsCollector, statementsInfoCollector } from '../data/collectors/statements';
import { statementsJson } from '../screens/statements/json';
import { REPLICATION_SECTIONS } from '../screens/replication/json';
import { VACUUM_SECTIONS } from '../screens/vacuum/json';
import { HORIZON_SECTIONS } from '../screens/horizon/json';
import { failureJson, iso } from '../screens/json';
import type { Capabilities } from '../data/server';
import { problemsCollector } from '../data/collectors/problems';
import { REPLICATION_COLLECTORS } from '../data/collectors/replication';
import { judgeTwoReadings } from '../problems/oneshot';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../problems/thresholds';


export interface DocumentOptions {
  /** The limits problems are judged by (the preferences file's, for this server). */
  thresholds?: Thresholds;
}

export interface SnapshotSection {
  name: string;
  collectors: Collector[];
  toJson(snap: Snapshot, caps: Capabilities, prev?: Snapshot, opts?: DocumentOptions): unknown;
  /** Needs a first reading about a second earlier, for rates (`prev` in toJson). */
  twoReadings?: boolean;
}


function backendJson(b: Backend) {
  return {
    pid: b.pid,
    backend_start: iso(b.backendStart),
    database: b.database,
    user: b.user,
    application_name: b.application,
    client_addr: b.clientAddr,
    client_hostname: b.clientHostname,
    client_port: b.clientPort,
    backend_type: b.backendType,
    state: b.state,
    wait_event_type: b.waitEventType,
    wait_event: b.waitEvent,
    xact_start: iso(b.xactStart),
    query_start: iso(b.queryStart),
    state_change: iso(b.stateChange),
    backend_xid: b.backendXid,
    backend_xmin: b.backendXmin,
    xmin_age: b.xminAge,
    leader_pid: b.leaderPid,
    query_id: b.queryId,
    blocked_by: b.blockedBy,
    query: b.query,
  };
}

export const SECTIONS: SnapshotSection[] = [
  {
    name: 'summary',
    collectors: [summaryCollector, dbSizeCollector],
    toJson(snap) {
      const s = dataOf(snap, summaryCollector);
      const size = dataOf(snap, dbSizeCollector);
      return (
        failureJson(snap, summaryCollector) ?? {
          taken_at: iso(s?.takenAt),
          in_recovery: s?.inRecovery ?? null,
          connections: s ? { client_total: s.clientTotal, active: s.active, idle: s.idle, idle_in_transaction: s.idleInXact, other: s.otherState, background: s.background } : null,
          longest_transaction_seconds: s?.longestXactS ?? null,
          oldest_xmin_age: s?.oldestXminAge ?? null,
          xact_total: s?.xacts ?? null,
          blks_hit: s?.blksHit ?? null,
          blks_read: s?.blksRead ?? null,
          stats_reset: iso(s?.statsReset),
          database_size_bytes: size?.bytes ?? null,
        }
      );
    },
  },
  {
    name: 'activity',
    collectors: [activityCollector],
    toJson(snap) {
      return failureJson(snap, activityCollector) ?? (dataOf(snap, activityCollector) ?? []).map(backendJson);
    },
  },
  {
    name: 'locks',
    collectors: [locksCollector, lockSummaryCollector],
    toJson(snap) {
      return (
        failureJson(snap, locksCollector) ??
        locksJson(dataOf(snap, locksCollector) ?? [], snap.results[lockSummaryCollector.id]?.state === 'ok' ? dataOf(snap, lockSummaryCollector) : undefined, snap.takenAt)
      );
    },
  },
  {
    name: 'statements',
    collectors: [statementsCollector, statementsInfoCollector],
    twoReadings: true,
    toJson(snap, _caps, prev) {
      return failureJson(snap, statementsCollector) ?? statementsJson(snap, prev);
    },
  },
  ...REPLICATION_SECTIONS,
  ...VACUUM_SECTIONS,
  ...HORIZON_SECTIONS,
  {
    // Judged on the two readings, without the monitor's hold time (src/problems/oneshot.ts).
    name: 'problems',
    collectors: [summaryCollector, ...REPLICATION_COLLECTORS, problemsCollector, statementsCollector],
    twoReadings: true,
    toJson(snap, caps, prev, opts) {
      if (!prev) return [];
      return judgeTwoReadings(prev, snap, caps, opts?.thresholds ?? DEFAULT_THRESHOLDS).problems.map((p) => ({
        id: p.id,
        severity: p.severity,
        subject: p.subject,
        text: p.text,
        pane: { key: p.pane.key, screen: p.pane.screen, row: p.pane.row ?? null },
      }));
    },
  },
];

export function serverJson(caps: Capabilities) {
  return {
    version: caps.version,
    version_num: caps.versionNum,
    major: caps.major,
    started_at: iso(caps.startedAt),
    in_recovery: caps.inRecovery,
    current_user: caps.currentUser,
    database: caps.database,
    is_superuser: caps.isSuperuser,
    read_all_stats: caps.readAllStats,
    signal_backend: caps.signalBackend,
    max_connections: caps.maxConnections,
    track_activity_query_size: caps.trackActivityQuerySize,
    pg_stat_statements_schema: caps.pgssSchema,
  };
}

/** The document printed by `snapshot --json`. */
export function snapshotDocument(snap: Snapshot, caps: Capabilities, version: string, prev?: Snapshot, opts?: DocumentOptions): Record<string, unknown> {
  const doc: Record<string, unknown> = { pgwarden: version, taken_at: new Date(snap.takenAt).toISOString(), server: serverJson(caps) };
  for (const s of SECTIONS) doc[s.name] = s.toJson(snap, caps, prev, opts);
  return doc;
}
