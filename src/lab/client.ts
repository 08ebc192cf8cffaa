import pg from 'pg';
import type { Endpoint } from './types';

/** application_name of lab sessions unless a caller chooses another. */
export const LAB_APP_NAME = 'pgwarden-lab';
/** application_name of the lab's own housekeeping sessions (polling, terminating). */
export const LAB_ADMIN_APP_NAME = 'pgwarden-lab-admin';

/** Options for {@link labClient}. */
export interface LabClientOptions {
  db?: string;
  user?: string;
  appName?: string;
  /**
   * Connect over TCP to 127.0.0.1 with a SCRAM password: `password`, else the lab's password
   * of `user` (Endpoint.passwords). Without it the client uses the private Unix socket.
   */
  tcp?: boolean;
  password?: string;
}

/**
 * A connected client on the endpoint's Unix socket (trusted by the lab's pg_hba.conf, see
 * HBA_CONF), or over TCP with a password when `opts.tcp` is set.
 * An 'error' listener is attached: a session the lab terminates on purpose reports
 * FATAL 57P01 on an idle connection, and an unhandled 'error' event would crash the process.
 */
export async function labClient(endpoint: Endpoint, opts: LabClientOptions = {}): Promise<pg.Client> {
  const user = opts.user ?? 'postgres';
  const password = opts.tcp ? (opts.password ?? endpoint.passwords[user as keyof Endpoint['passwords']]) : undefined;
  if (opts.tcp && password === undefined) throw new Error(`the lab has no password for ${user}: give it one with givePassword`);
  const client = new pg.Client({
    host: opts.tcp ? endpoint.tcpHost : endpoint.host,
    port: endpoint.port,
    user,
    database: opts.db ?? 'postgres',
    application_name: opts.appName ?? LAB_APP_NAME,
    ...(password === undefined ? {} : { password }),
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Runs `fn` with a short-lived superuser client. */
export async function withAdmin<T>(endpoint: Endpoint, fn: (c: pg.Client) => Promise<T>, db = 'postgres'): Promise<T> {
  const client = await labClient(endpoint, { db, appName: LAB_ADMIN_APP_NAME });
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Options for {@link waitUntil}. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was awaited, for the timeout error. */
  what?: string;
}

/**
 * Polls `fn` until it returns a truthy value and returns that value; rethrows nothing from
 * `fn` until the timeout, then fails with the last error or a timeout message.
 */
export async function waitUntil<T>(fn: () => Promise<T> | T, opts: WaitOptions = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${why}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}

/** Double-quotes an SQL identifier (DDL such as CREATE DATABASE cannot take bind parameters). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
