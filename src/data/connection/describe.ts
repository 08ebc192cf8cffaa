/** Human-readable and stable names for a connection target. None of them can contain the password. */
import type { ConnectionTarget } from './types';

/** A host as written in `user@host:port/db`: IPv6 literals in brackets, socket directories as is. */
export function formatHost(host: string, hostIsSocket: boolean): string {
  return !hostIsSocket && host.includes(':') ? `[${host}]` : host;
}

/** `user@host:port/db`. */
export function displayName(t: Pick<ConnectionTarget, 'user' | 'host' | 'hostIsSocket' | 'port' | 'database'>): string {
  return `${t.user}@${formatHost(t.host, t.hostIsSocket)}:${t.port}/${t.database}`;
}

/** `host:port/db`: the same server and database always give the same key, whoever connects. */
export function serverKeyOf(t: Pick<ConnectionTarget, 'host' | 'hostIsSocket' | 'port' | 'database'>): string {
  return `${formatHost(t.host, t.hostIsSocket)}:${t.port}/${t.database}`;
}

/**
 * One line for a connection error: "could not connect to postgres@/tmp:5432/app", followed by
 * where exactly pgwarden went (the socket file, the address used instead of the host name) and,
 * over TCP, the sslmode — the details psql users look for when a connection fails.
 */
export function describeTarget(t: ConnectionTarget): string {
  const details: string[] = [];
  if (t.hostIsSocket) details.push(`socket ${t.host}/.s.PGSQL.${t.port}`);
  else {
    if (t.hostaddr && t.hostaddr !== t.host) details.push(`address ${t.hostaddr}`);
    details.push(`sslmode ${t.sslmode}`);
  }
  return `could not connect to ${t.display} (${details.join(', ')})`;
}
