import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { waitUntil } from '../../../src/lab/client';
import { createDatabase, dropDatabase } from '../../../src/lab/scenarios/databases';
import { connectionPlan, nodeConnectionDeps, resolveConnection, type ConnectionPlan } from '../../../src/data/connection';
import type { Endpoint } from './types';

/** Options for {@link connect}. */
export interface ConnectOptions {
  user?: string;
  db?: string;
  appName?: string;
  /** Given a password, the client connects over TCP, where pg_hba.conf asks for it (SCRAM). */
  password?: string;
}

/**
 * A connected client (closed by the caller). Without a password it uses the lab's private Unix
 * socket, which pg_hba.conf trusts for every role; with one, TCP to 127.0.0.1.
 */
export async function connect(endpoint: Endpoint, opts: ConnectOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    host: opts.password === undefined ? endpoint.host : endpoint.tcpHost,
    port: endpoint.port,
    user: opts.user ?? 'postgres',
    database: opts.db ?? 'postgres',
    application_name: opts.appName ?? 'pgwarden-test',
    ...(opts.password === undefined ? {} : { password: opts.password }),
  });
  // A backend terminated by a test reports FATAL on an idle client; do not crash the worker.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Polls `fn` until it returns a truthy value (which it returns); fails after `timeoutMs`. */
export function waitFor<T>(
  fn: () => Promise<T> | T,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  return waitUntil(fn, { timeoutMs: opts.timeoutMs ?? 15_000, intervalMs: opts.intervalMs ?? 25, what: opts.what });
}

/** Runs `fn` with a fresh database (it has pg_stat_statements), dropped afterwards WITH (FORCE). */
export async function withDatabase<T>(endpoint: Endpoint, fn: (db: string) => Promise<T>): Promise<T> {
  const db = `t_${randomBytes(6).toString('hex')}`;
  await createDatabase(endpoint, db);
  try {
    return await fn(db);
  } finally {
    await dropDatabase(endpoint, db);
  }
}

/** The connection plan pgwarden itself builds for `-h <socket> -p <port> -U user -d db` (startup options included). */
export function pgwardenPlan(endpoint: Endpoint, user: string, db: string, applicationName = 'pgwarden'): ConnectionPlan {
  const target = resolveConnection(
    { positional: [], flags: { host: endpoint.host, port: String(endpoint.port), username: user, dbname: db }, env: {} },
    nodeConnectionDeps({}),
  );
  return connectionPlan(target, { applicationName, statementTimeoutMs: 5000, lockTimeoutMs: 1000 });
}
