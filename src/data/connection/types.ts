/** The shapes that go in and out of connection resolution. */

/** libpq's sslmode values. */
export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** libpq's target_session_attrs values (checked after connecting: see sessionAttrsMismatch in data/db.ts). */
export type TargetSessionAttrs = 'any' | 'read-write' | 'read-only' | 'primary' | 'standby' | 'prefer-standby';

export const TARGET_SESSION_ATTRS: readonly TargetSessionAttrs[] = [
  'any',
  'read-write',
  'read-only',
  'primary',
  'standby',
  'prefer-standby',
];

/** What the command line and the environment say, as psql would receive them. */
export interface ConnectionInput {
  /** psql's positional arguments: `[dbname [user]]`; the first may be a conninfo string or URI. */
  positional: string[];
  /** `-h`, `-p`, `-U`, `-d`. Empty strings count as not given, as in psql. */
  flags: { host?: string; port?: string | number; username?: string; dbname?: string };
  env: NodeJS.ProcessEnv;
  /** A password typed at a `-W` prompt. */
  password?: string;
}

/** The outside world, injected so resolution is testable without files. */
export interface ConnectionDeps {
  /** File contents, or undefined when the file is missing or unreadable. */
  readFile(path: string): string | undefined;
  /** `st_mode` of the file (type bits optional), or undefined when it does not exist. */
  statMode(path: string): number | undefined;
  homedir: string;
  /** The operating-system user name, libpq's default user. */
  username: string;
  /**
   * Socket directories tried, in order, when no host is given: the first one holding
   * `.s.PGSQL.<port>` is used, else the first one. Default `/var/run/postgresql`, `/tmp`.
   */
  socketDirs?: readonly string[];
  /** Directory of the system-wide pg_service.conf when PGSYSCONFDIR is unset. Default `/etc/postgresql-common`. */
  sysconfDir?: string;
}

/** How TLS attempts check the server, and which files they present or trust. */
export interface TlsPlan {
  /** `none`: encrypt only; `chain`: the certificate must chain to the root; `full`: and name the host. */
  verify: 'none' | 'chain' | 'full';
  /** Path of the trusted root certificates, or `system` for the runtime's default CA store. */
  rootCert?: string;
  /** Client certificate and key paths, when present. */
  cert?: string;
  key?: string;
  /** The host name a `full` check compares with the certificate (the host, even when hostaddr is used). */
  serverName: string;
  /** Reads the certificate files; called when the driver configuration is built. */
  load(): { ca?: string; cert?: string; key?: string };
}

/** One server to connect to, resolved the way psql/libpq would. Never holds the password in a string field. */
export interface ConnectionTarget {
  /** Host name, IP address, or Unix-socket directory (`/…`, or `@…` for the abstract namespace). */
  host: string;
  /** Numeric address to connect to instead of resolving `host` (libpq's hostaddr). */
  hostaddr?: string;
  port: number;
  user: string;
  database: string;
  hostIsSocket: boolean;
  sslmode: SslMode;
  tls: TlsPlan;
  connectTimeoutMs?: number;
  /** Command-line options sent to the server at connection start (libpq `options`, PGOPTIONS). */
  options?: string;
  applicationName?: string;
  targetSessionAttrs?: TargetSessionAttrs;
  /** The password, looked up only when called (i.e. when the server asks for one). */
  password: () => Promise<string | undefined>;
  /** Things the user should know (ignored password file, dropped options …). Never contain secrets. */
  warnings: string[];
  /** `user@host:port/db`. */
  display: string;
  /** `host:port/db`: a stable identity for per-server state files. */
  serverKey: string;
}
