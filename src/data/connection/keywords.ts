/**
 * The connection keywords pgwarden understands, and how it treats the rest of libpq's keywords.
 * libpq rejects a keyword it does not know ("invalid connection option"), so we do too; a keyword
 * libpq knows but pgwarden cannot honour is either harmless (ignored with a warning) or would
 * silently weaken what the user asked for (an error).
 */
import { ConnectionConfigError } from './errors';

/** Keywords pgwarden honours. */
export const KEYWORDS = [
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'passfile',
  'service',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'connect_timeout',
  'options',
  'application_name',
  'target_session_attrs',
] as const;

export type Keyword = (typeof KEYWORDS)[number];

/** Values for the keywords pgwarden honours, as strings (validated later, by the resolver). */
export type Params = Partial<Record<Keyword, string>>;

/** The environment variable libpq reads for each keyword (`service` is looked up by the resolver). */
export const ENV_VARS: Record<Exclude<Keyword, 'service'>, string> = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  options: 'PGOPTIONS',
  application_name: 'PGAPPNAME',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
};

const any = (): boolean => true;
const oneOf =
  (...values: string[]) =>
  (v: string): boolean =>
    values.includes(v);

/**
 * libpq keywords that do not change what pgwarden connects to or how safely, when their value is
 * one of those accepted here: they are dropped with a warning. Values that would require something
 * (gssencmode=require, channel_binding=require …) fall through to "not supported".
 */
const HARMLESS: Record<string, (value: string) => boolean> = {
  client_encoding: any, // the driver always speaks UTF8; the server converts
  fallback_application_name: any,
  keepalives: any, // TCP keepalive is always on
  keepalives_idle: any,
  keepalives_interval: any,
  keepalives_count: any,
  tcp_user_timeout: any,
  krbsrvname: any,
  gsslib: any,
  sslcompression: any, // no longer negotiated by modern OpenSSL builds
  sslsni: any,
  gssencmode: oneOf('disable', 'prefer', 'allow'), // we never request GSS encryption: same as disable
  gssdelegation: oneOf('0'),
  channel_binding: oneOf('disable', 'prefer'),
  sslnegotiation: oneOf('postgres'),
  sslcertmode: oneOf('disable', 'allow'),
  load_balance_hosts: any, // with a single host there is nothing to balance
};

/** The rest of libpq's keywords (PostgreSQL 18): valid for psql, not supported by pgwarden. */
const UNSUPPORTED = new Set([
  'require_auth',
  'replication',
  'sslpassword',
  'sslcrl',
  'sslcrldir',
  'sslkeylogfile',
  'requirepeer',
  'ssl_min_protocol_version',
  'ssl_max_protocol_version',
  'min_protocol_version',
  'max_protocol_version',
  'scram_client_key',
  'scram_server_key',
  'oauth_issuer',
  'oauth_client_id',
  'oauth_client_secret',
  'oauth_scope',
  'servicefile',
  ...Object.keys(HARMLESS),
]);

export function isKeyword(name: string): name is Keyword {
  return (KEYWORDS as readonly string[]).includes(name);
}

/**
 * Decides what to do with a keyword that is not one of {@link KEYWORDS}: returns a warning when it
 * can be dropped, throws otherwise. `where` names the source for the message ("connection string",
 * "service file … line 3"). The value is only consulted, never quoted: it could be a secret.
 */
export function foreignKeyword(name: string, value: string, where: string): string {
  const harmless = HARMLESS[name];
  if (harmless?.(value)) return `ignored connection option "${name}" in ${where}: pgwarden does not use it`;
  if (UNSUPPORTED.has(name))
    throw new ConnectionConfigError(
      `connection option "${name}"${harmless ? ' with this value' : ''} in ${where} is not supported by pgwarden`,
    );
  throw new ConnectionConfigError(`invalid connection option "${name}" in ${where}`);
}

/**
 * libpq accepts comma-separated host and port lists and tries each in turn; pgwarden watches one
 * server, so a list is refused rather than silently trimmed to its first entry.
 */
export function rejectHostList(params: Params, where: string): void {
  for (const k of ['host', 'hostaddr', 'port'] as const) {
    const v = params[k];
    if (v !== undefined && v.includes(',')) {
      throw new ConnectionConfigError(
        `multiple hosts or ports (${k}=${v}) in ${where} are not supported: pgwarden watches one server; give a single ${k}`,
      );
    }
  }
}
