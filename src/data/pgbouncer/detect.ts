/**
 * Telling PgBouncer's admin console from PostgreSQL. The console is the database named
 * `pgbouncer` on a PgBouncer; it refuses the startup parameters pgwarden sends PostgreSQL
 * (`options`, `statement_timeout`: "unsupported startup parameter") unless the operator listed
 * them in ignore_startup_parameters, and answers only SHOW and its own commands, through the
 * simple query protocol. So the target is recognised by name before connecting, and confirmed by
 * the server_version it announces (`1.18.0/bouncer`) when the session connects (data/db.ts).
 */
import type { ClientConfig } from 'pg';
import type { ConnectPlan } from '../db';

/** The admin console's database name, fixed by PgBouncer. */
export const CONSOLE_DB = 'pgbouncer';

/** Whether every attempt of `plan` goes to the database `pgbouncer`. */
export function isConsoleTarget(plan: ConnectPlan): boolean {
  return plan.attempts.length > 0 && plan.attempts.every((a) => a.database === CONSOLE_DB);
}

/**
 * The plan for the console: the same hosts, user, password and TLS, without the startup
 * parameters PgBouncer refuses. application_name stays: PgBouncer accepts it and shows it in
 * SHOW CLIENTS, which is how pgwarden's own connection is recognised there.
 */
export function consolePlan(plan: ConnectPlan): ConnectPlan {
  const attempts = plan.attempts.map((a): ClientConfig => {
    const { statement_timeout: _s, options: _o, lock_timeout: _l, idle_in_transaction_session_timeout: _i, query_timeout: _q, ...rest } =
      a as ClientConfig & { options?: string; lock_timeout?: number };
    return rest;
  });
  return { ...plan, attempts, kind: 'pgbouncer', targetSessionAttrs: undefined };
}
