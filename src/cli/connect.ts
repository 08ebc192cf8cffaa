/**
 * From the command line and the libpq environment to connection plans for our two sessions, with
 * psql's password behaviour: -W prompts once before connecting; without -W, a server that asks for
 * a password we do not have gets one prompt (on a terminal), never a loop.
 */
import { homedir, userInfo } from 'node:os';
import { readFileSync, statSync } from 'node:fs';
import type { ConnectPlan } from '../data/db';
import { resolveConnection, toClientConfig, fallbackOnError, describeTarget, type ConnectionTarget } from '../data/connection';
import { promptPassword } from './password';

export interface ConnectFlags {
  host?: string;
  port?: number;
  username?: string;
  dbname?: string;
  promptPassword?: boolean;
}

/** Timeouts every monitoring statement runs under (server side: node-postgres cannot cancel). */
export const STATEMENT_TIMEOUT_MS = 5_000;
export const LOCK_TIMEOUT_MS = 1_000;
export const APPLICATION_NAME = 'pgwarden';

export interface Connected {
  target: ConnectionTarget;
  plan: ConnectPlan;
  actionPlan: ConnectPlan;
  display: string;
  describe: string;
}

export const nodeDeps = () => ({
  readFile: (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  statMode: (p: string) => {
    try {
      return statSync(p).mode;
    } catch {
      return undefined;
    }
  },
  homedir: homedir(),
  username: (() => {
    try {
      return userInfo().username;
    } catch {
      return process.env.USER ?? 'postgres';
    }
  })(),
});

/** Resolves the target and builds the plans; `{error}` is one line for the operator. */
export async function connectTarget(positional: string[], flags: ConnectFlags, opts: { readOnly: boolean }): Promise<Connected | { error: string }> {
  let password: string | undefined;
  let target: ConnectionTarget;
  try {
    target = resolveConnection(
      { positional, flags: { host: flags.host, port: flags.port == null ? undefined : String(flags.port), username: flags.username, dbname: flags.dbname }, env: process.env },
      nodeDeps(),
    );
    if (flags.promptPassword) {
      password = await promptPassword(`Password for user ${target.user}: `);
      target = resolveConnection(
        { positional, flags: { host: flags.host, port: flags.port == null ? undefined : String(flags.port), username: flags.username, dbname: flags.dbname }, env: process.env, password },
        nodeDeps(),
      );
    }
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  for (const w of target.warnings) process.stderr.write(`pgwarden: warning: ${w}\n`);
  const common = { applicationName: APPLICATION_NAME, statementTimeoutMs: STATEMENT_TIMEOUT_MS, lockTimeoutMs: LOCK_TIMEOUT_MS };
  return {
    target,
    plan: { attempts: toClientConfig(target, { ...common, readOnly: opts.readOnly }), fallbackOnError },
    // The action session is not read-only: pg_cancel_backend() is a function call, but EXPLAIN
    // ANALYZE and remediation need a normal session; each action sets its own guards.
    actionPlan: { attempts: toClientConfig(target, { ...common, readOnly: false }), fallbackOnError },
    display: target.display,
    describe: describeTarget(target),
  };
}
