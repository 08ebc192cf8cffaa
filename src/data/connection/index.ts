/**
 * psql-compatible connection resolution: connection strings and URIs, PG* environment variables,
 * service files, the password file and libpq's sslmode, turned into node-postgres configs.
 */
export { parseConninfo, isConninfo, type Conninfo } from './conninfo';
export { resolveConnection, isSocketHost, DEFAULT_SOCKET_DIRS, DEFAULT_SYSCONFDIR } from './resolve';
export { attempts, toClientConfig, connectionPlan, IDLE_IN_TRANSACTION_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, KEEPALIVE_IDLE_MS, type SessionSettings, type ConnectionPlan } from './clientConfig';
export { fallbackOnError } from './ssl';
export { describeTarget } from './describe';
export { nodeConnectionDeps } from './nodeDeps';
export { ConnectionConfigError, PasswordRequiredError } from './errors';
export { KEYWORDS, type Keyword, type Params } from './keywords';
export type { ConnectionTarget, ConnectionInput, ConnectionDeps, SslMode, TlsPlan, TargetSessionAttrs } from './types';
