/**
 * What the connected server is and what our role may see or do, probed once per connection.
 * Collectors and commands read these instead of re-querying the catalogue every tick.
 */
import type { Session } from './db';
import { MIN_MAJOR, sqlFor } from './sql/registry';

export interface Capabilities {
  major: number;
  versionNum: number;
  version: string;
  startedAt: number;
  inRecovery: boolean;
  currentUser: string;
  database: string;
  isSuperuser: boolean;
  /** Member of pg_read_all_stats (pg_monitor grants it): sees every backend's query. */
  readAllStats: boolean;
  /** Member of pg_signal_backend: may cancel/terminate other non-superuser roles' backends. */
  signalBackend: boolean;
  maxConnections: number;
  reservedConnections: number;
  trackActivityQuerySize: number;
  blockSize: number;
  /** Null when our role may not read the setting. */
  sharedPreloadLibraries: string[] | null;
  serverEncoding: string;
  /** Schema holding pg_stat_statements in the connected database, or null when not created there. */
  pgssSchema: string | null;
  pgssVersion: string | null;
}

/**
 * The major of a server_version as the server announced it at startup ("18.4", "13.23 (Debian
 * 13.23-1.pgdg120+1)", "17devel"), or undefined when it does not read as one of 10 or later.
 */
export function announcedMajor(version: string | undefined): number | undefined {
  const n = Number(/^(\d+)/.exec(version ?? '')?.[1]);
  return Number.isInteger(n) && n >= 10 ? n : undefined;
}

function refuseOld(major: number): void {
  if (major < MIN_MAJOR) {
    throw Object.assign(new Error(`PostgreSQL ${major} is not supported (pgwarden needs ${MIN_MAJOR} or later)`), {
      code: 'PGW_OLD_SERVER',
    });
  }
}

/** Reads {@link Capabilities}. Refuses servers older than the supported range. */
export async function probe(session: Session): Promise<Capabilities> {
  // The version decides which variant of every other query runs. The server announced it when
  // the connection started, so the probe is one statement (one round trip less before the first
  // screen); only a version that does not read as a number costs a statement of its own.
  let major = announcedMajor(session.serverVersion);
  if (major === undefined) {
    const vres = await session.query("SELECT current_setting('server_version_num')::int AS n");
    major = Math.floor(Number(vres.rows[0]?.n) / 10000);
  }
  refuseOld(major);
  const res = await session.query(sqlFor('server', major).text);
  const r = res.rows[0] ?? {};
  const versionNum = Number(r.version_num);
  return {
    major,
    versionNum,
    version: String(r.version ?? ''),
    startedAt: Number(r.started_at),
    inRecovery: r.in_recovery === true,
    currentUser: String(r.current_user ?? ''),
    database: String(r.database ?? ''),
    isSuperuser: r.is_superuser === true,
    readAllStats: r.is_superuser === true || r.read_all_stats === true,
    signalBackend: r.is_superuser === true || r.signal_backend === true,
    maxConnections: Number(r.max_connections),
    reservedConnections: Number(r.reserved_connections),
    trackActivityQuerySize: Number(r.track_activity_query_size),
    blockSize: Number(r.block_size),
    sharedPreloadLibraries:
      r.shared_preload_libraries == null
        ? null
        : String(r.shared_preload_libraries)
            .split(',')
            .map((s) => s.trim().replace(/^"|"$/g, ''))
            .filter(Boolean),
    serverEncoding: String(r.server_encoding ?? ''),
    pgssSchema: r.pgss_schema == null ? null : String(r.pgss_schema),
    pgssVersion: r.pgss_version == null ? null : String(r.pgss_version),
  };
}
