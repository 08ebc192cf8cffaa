/**
 * Driver configurations for a {@link ConnectionTarget}. Every field node-postgres would otherwise
 * fill from PG* variables or its own defaults is set explicitly, so the driver connects exactly
 * where the resolver decided (it reads PGSSLMODE, PGAPPNAME … itself when a field is left empty,
 * and has its own, deprecated, .pgpass lookup when no password getter is given).
 */
import type { ClientConfig } from 'pg';
import { ConnectionConfigError, PasswordRequiredError } from './errors';
import { attemptKinds, fallbackOnError, tlsOptions } from './ssl';
import type { ConnectionTarget } from './types';

/** What pgwarden adds to every connection. */
export interface SessionSettings {
  /** Used unless the user set application_name (as psql uses "psql" as a fallback name). */
  applicationName: string;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  /** Adds `-c default_transaction_read_only=on` to the startup options (before {@link PINNED_SEARCH_PATH}). */
  readOnly?: boolean;
}

/**
 * Every name in pgwarden's own queries is a catalog's (extension objects are schema-qualified), so
 * its sessions search pg_catalog only. The default path lets anyone who can create in a schema on
 * it ("public" is writable by every role before PostgreSQL 15; ALTER DATABASE … SET by a database
 * owner) define a function that matches a call better than the built-in and so runs with
 * pgwarden's rights (CVE-2018-1058). Last, so PGOPTIONS cannot undo it; pg_temp explicit and last.
 */
export const PINNED_SEARCH_PATH = '-c search_path=pg_catalog,pg_temp';

/** A session left idle inside a transaction is ended by the server after this long. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * Connecting (TCP, TLS, authentication) gives up after this long unless connect_timeout says
 * otherwise. libpq waits forever by default; a monitor reconnecting to a black-holed server must
 * not, or it would wait for the kernel to give up on the handshake (about two minutes on Linux).
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * TCP keepalives start after this much silence on a connection, so a dead peer of an idle
 * connection (the action session between actions) is found without waiting for the system default
 * of two hours, and NAT or firewall state is kept alive. A statement in flight is guarded by the
 * session's deadlines instead (src/data/db.ts): keepalives cannot tell a stopped server from a
 * slow one, since its kernel still acknowledges.
 */
export const KEEPALIVE_IDLE_MS = 10_000;

/**
 * The ordered driver configs (connection and TLS only) that libpq's sslmode would try:
 * prefer → [TLS, plain], allow → [plain, TLS], require/verify-* → [TLS], disable or a Unix
 * socket → [plain]. Certificate files are read here.
 */
export function attempts(target: ConnectionTarget): ClientConfig[] {
  // PostgreSQL names an abstract socket by its exact length; Node.js (checked on 20) pads the name
  // to the full sun_path, so its connect is refused. Better to say so than to show ECONNREFUSED.
  if (target.hostIsSocket && target.host.startsWith('@'))
    throw new ConnectionConfigError(
      `abstract-namespace socket "${target.host}" cannot be reached from Node.js; use the server's socket directory or TCP instead`,
    );
  const endpoint: ClientConfig = {
    // A socket directory is passed as the host: the driver connects to <dir>/.s.PGSQL.<port>.
    host: target.hostaddr ?? target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    // The driver calls the getter only when the server asks for a password. Given nothing, it
    // would fail with a message about its own internals, so "none" becomes a clear error.
    password: async () => {
      const password = await target.password();
      if (password === undefined) throw new PasswordRequiredError();
      return password;
    },
    sslnegotiation: 'postgres',
  };
  const kinds = attemptKinds(target.sslmode, target.hostIsSocket);
  // Read the files once, and only if some attempt uses TLS.
  const ssl = kinds.includes('tls') ? tlsOptions(target.tls) : undefined;
  return kinds.map((k) => ({ ...endpoint, ssl: k === 'tls' ? { ...ssl } : false }));
}

/** {@link attempts} with pgwarden's session settings added to each config. */
export function toClientConfig(target: ConnectionTarget, extra: SessionSettings): ClientConfig[] {
  const options = [target.options, extra.readOnly ? '-c default_transaction_read_only=on' : undefined, PINNED_SEARCH_PATH]
    .filter((o): o is string => !!o && o.trim() !== '')
    .join(' ');
  return attempts(target).map((c) => ({
    ...c,
    application_name: target.applicationName ?? extra.applicationName,
    statement_timeout: extra.statementTimeoutMs,
    lock_timeout: extra.lockTimeoutMs,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectionTimeoutMillis: target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    options: options || undefined,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
  }));
}

/** The attempts and the rule for moving from one to the next, as the session layer takes them. */
export interface ConnectionPlan {
  attempts: ClientConfig[];
  fallbackOnError: (err: unknown) => boolean;
}

/** {@link toClientConfig} plus {@link fallbackOnError}: everything needed to open a session. */
export function connectionPlan(target: ConnectionTarget, extra: SessionSettings): ConnectionPlan {
  return { attempts: toClientConfig(target, extra), fallbackOnError };
}
