/**
 * Turns psql-style command-line arguments and PG* environment variables into one
 * {@link ConnectionTarget}, following libpq's precedence.
 *
 * Precedence, highest first (each source only fills keywords no higher source set):
 *  1. The connection string or URI in the dbname position (`-d` or the first positional argument).
 *  2. `-h`, `-p`, `-U` (or the second positional argument), and a `-W` password. psql passes these
 *     to libpq *before* the dbname argument, and libpq lets an expanded connection string override
 *     earlier entries, so `psql -h a "host=b"` connects to b. A plain database name overrides nothing.
 *  3. The service file section named by `service=` or PGSERVICE. libpq documents that service
 *     file settings override the corresponding environment variables and are overridden by values
 *     given directly in the connection string (checked with psql 15: PGHOST loses to the service's
 *     host; `-h` wins over it).
 *  4. Environment variables (PGHOST, PGPORT …).
 *  5. Defaults: host = the first default socket directory that holds the server's socket file,
 *     port 5432, user = OS user, dbname = user.
 * An empty value in a connection string counts as set (`host=''` blocks PGHOST and means the
 * default); empty flags and empty environment variables count as not given.
 */
import { isIP } from 'node:net';
import { isConninfo, parseConninfo } from './conninfo';
import { displayName, serverKeyOf } from './describe';
import { ConnectionConfigError } from './errors';
import { ENV_VARS, rejectHostList, type Keyword, type Params } from './keywords';
import { findPassword, passfileHost, passfileUsable } from './pgpass';
import { lookupService } from './serviceFile';
import { planTls } from './ssl';
import { TARGET_SESSION_ATTRS, type ConnectionDeps, type ConnectionInput, type ConnectionTarget, type TargetSessionAttrs } from './types';

/** Default socket directories: Debian/Ubuntu packages' then upstream PostgreSQL's. */
export const DEFAULT_SOCKET_DIRS: readonly string[] = ['/var/run/postgresql', '/tmp'];
/** Debian's `pg_config --sysconfdir`, where the system-wide pg_service.conf lives. */
export const DEFAULT_SYSCONFDIR = '/etc/postgresql-common';

const given = (v: string | number | undefined): string | undefined =>
  v === undefined || v === '' ? undefined : String(v);

/** libpq's test for a Unix-socket host: an absolute path, or `@` for Linux's abstract namespace. */
export function isSocketHost(host: string): boolean {
  return host.startsWith('/') || host.startsWith('@');
}

/**
 * Resolves where and how to connect. Throws {@link ConnectionConfigError} for invalid settings
 * (unknown keyword, bad port, missing service, host list, missing root certificate …).
 */
export function resolveConnection(input: ConnectionInput, deps: ConnectionDeps): ConnectionTarget {
  const warnings: string[] = [];
  const { env } = input;
  const { explicit, extraWarnings } = explicitParams(input);
  warnings.push(...extraWarnings);

  const merged: Params = { ...explicit };
  const service = given(explicit.service) ?? given(env.PGSERVICE);
  if (service) {
    const entry = lookupService(
      service,
      {
        userFile: given(env.PGSERVICEFILE) ?? `${deps.homedir}/.pg_service.conf`,
        systemFile: `${given(env.PGSYSCONFDIR) ?? deps.sysconfDir ?? DEFAULT_SYSCONFDIR}/pg_service.conf`,
      },
      deps.readFile,
    );
    warnings.push(...entry.warnings);
    fill(merged, entry.params);
  }
  const fromEnv: Params = {};
  for (const [k, name] of Object.entries(ENV_VARS) as [Exclude<Keyword, 'service'>, string][]) {
    const v = given(env[name]);
    if (v !== undefined) fromEnv[k] = v;
  }
  rejectHostList(fromEnv, 'environment variables');
  fill(merged, fromEnv);

  // Defaults, as libpq applies them: empty counts as unset here.
  const port = parsePort(merged.port || '5432');
  const hostaddr = merged.hostaddr || undefined;
  if (hostaddr && isIP(hostaddr) === 0) throw new ConnectionConfigError(`could not parse network address "${hostaddr}" (hostaddr must be a numeric IP address)`);
  const socketDirs = deps.socketDirs ?? DEFAULT_SOCKET_DIRS;
  const givenHost = merged.host || undefined;
  const host = givenHost ?? hostaddr ?? defaultSocketDir(socketDirs, port, deps.statMode);
  // With hostaddr, libpq connects over TCP to that address even when host looks like a path.
  const hostIsSocket = !hostaddr && isSocketHost(host);
  const user = merged.user || deps.username;
  const database = merged.dbname || user;

  const ssl = planTls(merged, {
    homedir: deps.homedir,
    statMode: deps.statMode,
    readFile: deps.readFile,
    hostIsSocket,
    host: givenHost ?? '',
  });
  warnings.push(...ssl.warnings);

  const password = passwordSource(merged, { host: hostIsSocket ? host : givenHost, hostaddr, port, database, user }, deps, socketDirs, warnings);

  const base = { host, hostaddr, port, user, database, hostIsSocket };
  const target: ConnectionTarget = {
    ...base,
    sslmode: ssl.sslmode,
    tls: ssl.tls,
    connectTimeoutMs: parseConnectTimeout(merged.connect_timeout),
    options: merged.options || undefined,
    applicationName: merged.application_name || undefined,
    targetSessionAttrs: parseTargetSessionAttrs(merged.target_session_attrs),
    password,
    warnings,
    display: displayName(base),
    serverKey: serverKeyOf(base),
  };
  return target;
}

/**
 * psql's argument handling: `-d` or the first positional argument is the dbname, the next
 * positional is the user unless `-U` was given, anything further is ignored with a warning. The
 * flags come first and the dbname argument last, so an expanded connection string overrides them.
 */
function explicitParams(input: ConnectionInput): { explicit: Params; extraWarnings: string[] } {
  const extraWarnings: string[] = [];
  let dbnameArg = input.flags.dbname;
  let userArg = input.flags.username;
  input.positional.forEach((arg, i) => {
    if (dbnameArg === undefined) dbnameArg = arg;
    else if (userArg === undefined) userArg = arg;
    // Not quoted: the argument may be a URI with a password in it.
    else extraWarnings.push(`extra command-line argument #${i + 1} ignored`);
  });

  const explicit: Params = {};
  const set = (k: Keyword, v: string | number | undefined): void => {
    const s = given(v);
    if (s !== undefined) explicit[k] = s;
  };
  set('host', input.flags.host);
  set('port', input.flags.port);
  set('user', userArg);
  set('password', input.password);
  rejectHostList(explicit, 'command-line options');

  const db = given(dbnameArg);
  if (db !== undefined) {
    if (isConninfo(db)) {
      const parsed = parseConninfo(db);
      extraWarnings.push(...parsed.warnings);
      Object.assign(explicit, parsed.params);
    } else explicit.dbname = db;
  }
  return { explicit, extraWarnings };
}

/** Sets each keyword of `from` that `into` does not have yet (libpq: "don't override a previous setting"). */
function fill(into: Params, from: Params): void {
  for (const [k, v] of Object.entries(from) as [Keyword, string][]) {
    if (into[k] === undefined) into[k] = v;
  }
}

function defaultSocketDir(dirs: readonly string[], port: number, statMode: ConnectionDeps['statMode']): string {
  const withSocket = dirs.find((d) => statMode(`${d}/.s.PGSQL.${port}`) !== undefined);
  const dir = withSocket ?? dirs[0];
  if (dir === undefined) throw new ConnectionConfigError('no host given and no default socket directory configured');
  return dir;
}

function parsePort(s: string): number {
  const t = s.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new ConnectionConfigError(`invalid port number: "${s}"`);
  return n;
}

/** libpq: seconds; zero or negative waits forever; 1 is raised to 2 to survive rounding. */
function parseConnectTimeout(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new ConnectionConfigError(`invalid integer value "${s}" for connection option "connect_timeout"`);
  const secs = Number(s.trim());
  if (secs <= 0) return undefined;
  return Math.max(secs, 2) * 1000;
}

function parseTargetSessionAttrs(s: string | undefined): TargetSessionAttrs | undefined {
  if (!s) return undefined;
  if (!(TARGET_SESSION_ATTRS as readonly string[]).includes(s))
    throw new ConnectionConfigError(`invalid target_session_attrs value: "${s}" (expected one of ${TARGET_SESSION_ATTRS.join(', ')})`);
  return s as TargetSessionAttrs;
}

/**
 * The password getter. A password from the prompt, the connection string, the service file or
 * PGPASSWORD is used as is (an empty one counts as none, as in libpq). Otherwise the password file
 * is checked now — libpq also checks it while connecting, and warns about its permissions even
 * when the server ends up not asking — but only read when the getter is called.
 */
function passwordSource(
  merged: Params,
  key: { host: string | undefined; hostaddr: string | undefined; port: number; database: string; user: string },
  deps: ConnectionDeps,
  socketDirs: readonly string[],
  warnings: string[],
): () => Promise<string | undefined> {
  const explicit = merged.password || undefined;
  if (explicit !== undefined) return () => Promise.resolve(explicit);
  const file = merged.passfile || `${deps.homedir}/.pgpass`;
  const check = passfileUsable(file, deps.statMode(file));
  if (check.warning) warnings.push(check.warning);
  if (!check.usable) return () => Promise.resolve(undefined);
  const lookup = {
    host: passfileHost(key.host, key.hostaddr, socketDirs),
    port: String(key.port),
    database: key.database,
    user: key.user,
  };
  return () => {
    const text = deps.readFile(file);
    return Promise.resolve(text === undefined ? undefined : findPassword(text, lookup));
  };
}
