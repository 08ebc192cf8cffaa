/**
 * From the command line and the libpq environment to connection plans for our two sessions, with
 * psql's password behaviour: -W prompts once before connecting; without -W, a server that asks for
 * a password we do not have gets one prompt (on a terminal), never a loop; -w never prompts.
 */
import type { ConnectPlan, Deadlines } from '../data/db';
import { ANALYZE_TIMEOUT_MS } from '../explain/timeouts';
import { Session } from '../data/db';
import { classify } from '../data/errors';
import {
  describeTarget,
  fallbackOnError,
  nodeConnectionDeps,
  resolveConnection,
  toClientConfig,
  PasswordRequiredError,
  type ConnectionInput,
  type ConnectionTarget,
} from '../data/connection';
import { hasTerminal, promptPassword } from './password';
import { errorLines } from '../text/lines';
import { consolePlan, isConsoleTarget } from '../data/pgbouncer/detect';

export interface ConnectFlags {
  host?: string;
  port?: string | number;
  username?: string;
  dbname?: string;
  /** -W: ask for the password before connecting. */
  promptPassword?: boolean;
  /** -w: never ask; a server that wants a password we do not have is an error. */
  neverPrompt?: boolean;
}

/** Timeouts every monitoring statement runs under (server side: node-postgres cannot cancel). */
export const STATEMENT_TIMEOUT_MS = 5_000;
export const LOCK_TIMEOUT_MS = 1_000;
export const APPLICATION_NAME = 'pgwarden';
/**
 * A statement unanswered this long after its server-side timeout should have fired means the
 * server or the network is gone (stopped, partitioned): the connection is dropped and made again.
 */
export const NO_ANSWER_GRACE_MS = 5_000;
/** Polling, actions and lookups run under STATEMENT_TIMEOUT_MS; EXPLAIN ANALYZE under its own. */
export const DEADLINES: Deadlines = { queryMs: STATEMENT_TIMEOUT_MS + NO_ANSWER_GRACE_MS, oneOffMs: ANALYZE_TIMEOUT_MS + NO_ANSWER_GRACE_MS };

export interface Connected {
  target: ConnectionTarget;
  /** The polling session: read-only by default_transaction_read_only. */
  plan: ConnectPlan;
  /** The action session (cancel/terminate, lookups): not read-only; each action sets its own guards. */
  actionPlan: ConnectPlan;
  display: string;
  describe: string;
}

function input(positional: string[], flags: ConnectFlags, password?: string): ConnectionInput {
  return {
    positional,
    flags: { host: flags.host, port: flags.port, username: flags.username, dbname: flags.dbname },
    env: process.env,
    password,
  };
}

function plans(target: ConnectionTarget): Connected {
  const common = { applicationName: APPLICATION_NAME, statementTimeoutMs: STATEMENT_TIMEOUT_MS, lockTimeoutMs: LOCK_TIMEOUT_MS };
  const plan: ConnectPlan = { attempts: toClientConfig(target, { ...common, readOnly: true }), fallbackOnError, targetSessionAttrs: target.targetSessionAttrs, deadlines: DEADLINES };
  const actionPlan: ConnectPlan = { attempts: toClientConfig(target, { ...common, readOnly: false }), fallbackOnError, targetSessionAttrs: target.targetSessionAttrs, deadlines: DEADLINES };
  // The database pgbouncer is PgBouncer's admin console, which refuses PostgreSQL's startup options.
  const bouncer = isConsoleTarget(plan);
  return {
    target,
    plan: bouncer ? consolePlan(plan) : plan,
    actionPlan: bouncer ? consolePlan(actionPlan) : actionPlan,
    display: target.display,
    describe: describeTarget(target),
  };
}

/** Resolves the target and builds the plans; `{error}` is one line for the operator. */
export async function resolvePlans(positional: string[], flags: ConnectFlags, password?: string): Promise<Connected | { error: string }> {
  try {
    const deps = nodeConnectionDeps();
    let target = resolveConnection(input(positional, flags, password), deps);
    if (flags.promptPassword && password === undefined) {
      const typed = await promptPassword(`Password for user ${target.user}: `);
      target = resolveConnection(input(positional, flags, typed), deps);
    }
    for (const w of target.warnings) process.stderr.write(errorLines(`warning: ${w}`));
    return plans(target);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Whether a failed connect means "the server wants a password we did not give". */
function needsPassword(err: unknown): boolean {
  return err instanceof PasswordRequiredError || (classify(err).code === '28P01' && !process.env.PGPASSWORD);
}

/**
 * Connects the polling session once to prove the target works before the screen is taken. On a
 * password request with no password known, asks once on the terminal (as psql does) and retries.
 */
export async function connectVerified(positional: string[], flags: ConnectFlags): Promise<{ conn: Connected; poll: Session } | { error: string }> {
  let conn = await resolvePlans(positional, flags);
  if ('error' in conn) return conn;
  let poll = new Session(conn.plan);
  try {
    await poll.connect();
    return { conn, poll };
  } catch (err) {
    await poll.close();
    const canAsk = !flags.promptPassword && !flags.neverPrompt && needsPassword(err) && hasTerminal();
    if (!canAsk) return { error: `${conn.describe}: ${classify(err).message}` };
  }
  let typed: string;
  try {
    typed = await promptPassword(`Password for user ${conn.target.user}: `);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  conn = await resolvePlans(positional, flags, typed);
  if ('error' in conn) return conn;
  poll = new Session(conn.plan);
  try {
    await poll.connect();
    return { conn, poll };
  } catch (err) {
    await poll.close();
    return { error: `${conn.describe}: ${classify(err).message}` };
  }
}
