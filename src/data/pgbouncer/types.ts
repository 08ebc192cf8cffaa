/**
 * What PgBouncer's admin console reports, typed. Every string is server text (database and user
 * names, addresses, application names): sanitize before display. A number the running version
 * does not report is null.
 */

/** One pool (database, user) from SHOW POOLS. */
export interface BouncerPool {
  database: string;
  user: string;
  clActive: number;
  clWaiting: number;
  svActive: number;
  svIdle: number;
  svUsed: number;
  svTested: number;
  svLogin: number;
  /** Age of the oldest waiting client, seconds (maxwait + maxwait_us). */
  maxwaitS: number;
  poolMode: string | null;
}

/** Per database from SHOW STATS: averages PgBouncer computes over its stats_period. */
export interface BouncerStats {
  database: string;
  totalXactCount: number | null;
  totalQueryCount: number | null;
  /** Transactions / queries per second. */
  xactPerS: number | null;
  queryPerS: number | null;
  /** Average transaction / query / wait time, microseconds. */
  avgXactUs: number | null;
  avgQueryUs: number | null;
  avgWaitUs: number | null;
}

/** One entry of SHOW DATABASES. */
export interface BouncerDatabase {
  name: string;
  host: string | null;
  port: number | null;
  /** The database name on the server. */
  database: string | null;
  poolSize: number | null;
  reservePool: number | null;
  poolMode: string | null;
  /** max_db_connections (0: no limit); the column is `max_connections` before 1.23. */
  maxDbConnections: number | null;
  currentConnections: number | null;
  paused: boolean;
  disabled: boolean;
}

/** A client (SHOW CLIENTS) or a server connection (SHOW SERVERS). */
export interface BouncerConn {
  user: string;
  database: string;
  state: string;
  addr: string | null;
  port: number | null;
  /** How long this client has waited for a server connection, seconds (0 unless waiting). */
  waitS: number;
  applicationName: string | null;
  /** PgBouncer's identity for it (the `ptr` column). */
  ptr: string | null;
}

/** One read of the console. */
export interface BouncerSnapshot {
  /** Local clock (ms): the console has no clock of its own to ask. */
  takenAt: number;
  version: string;
  pools: BouncerPool[];
  stats: BouncerStats[];
  databases: BouncerDatabase[];
  clients: BouncerConn[];
  servers: BouncerConn[];
  /** SHOW CONFIG: key → value. */
  config: Record<string, string>;
}
