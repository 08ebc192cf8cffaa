/**
 * PgBouncer's console commands on one database, as the guides' runbooks use them: PAUSE to
 * drain a pool before a server restart or failover (it answers once every server connection of
 * the database is released), RESUME after it, RECONNECT to move a pool onto a changed host
 * gracefully, KILL to drop every client and server connection of a database at once (it then
 * stays paused until RESUME). Each is
 * confirmed in the one dialog and recorded in the audit log; none exists under --read-only.
 */
import type { AuditSink, BouncerAuditEntry } from './audit';

export type BouncerCommand = 'pause' | 'resume' | 'reconnect' | 'kill';

/** What the confirmation dialog shows for a console command. */
export interface BouncerRequest {
  kind: 'pgbouncer';
  command: BouncerCommand;
  /** Raw server text (a database name from SHOW DATABASES): sanitize before display. */
  database: string;
  notes: string[];
  screen: string;
}

/** What each command does, for the dialog. */
export const BOUNCER_EFFECT: Record<BouncerCommand, string> = {
  pause: 'PgBouncer stops handing server connections to clients of this database and waits until every running transaction ends; new queries queue',
  resume: 'queued clients of this database get server connections again',
  reconnect: 'server connections of this database are closed as soon as they are released and opened anew (a changed host takes effect)',
  kill: 'every client and server connection of this database is dropped at once (running transactions are rolled back), and new clients wait until RESUME',
};

/**
 * The console statement. A database name is a quoted identifier ("" doubles a quote), the form
 * PgBouncer's command parser accepts; a name with a NUL or line break is refused.
 */
export function bouncerStatement(command: BouncerCommand, database: string): string {
  if (!database || /[\0\r\n]/.test(database)) throw new Error('not a database name PgBouncer accepts');
  return `${command.toUpperCase()} "${database.replace(/"/g, '""')}"`;
}

/** The request for `command` on `database`, with what to read before saying yes. */
export function bouncerRequest(command: BouncerCommand, database: string, state: { paused?: boolean; waiting?: number }, screen: string): BouncerRequest {
  const notes: string[] = [];
  if (command === 'pause' && state.paused) notes.push('this database is already paused');
  if (command === 'resume' && state.paused === false) notes.push('this database is not paused: PgBouncer will answer with an error');
  if (command === 'pause') notes.push('PAUSE returns once running transactions end; a long transaction holds it (and queues every client) until then');
  if (command === 'kill') notes.push('clients see their connection drop and the database stays paused until RESUME (r); use PAUSE to drain gracefully instead');
  if (command === 'pause' && (state.waiting ?? 0) > 0) notes.push(`${state.waiting} clients already wait in this pool`);
  return { kind: 'pgbouncer', command, database, notes, screen };
}

export interface BouncerActionDeps {
  /** Runs one console command on the action session (simple protocol). */
  run(text: string): Promise<unknown>;
  audit: AuditSink;
  server: string;
  operator: string;
  now(): number;
}

/** Runs a confirmed console command, audits it, and returns the line to report. */
export async function runBouncerAction(deps: BouncerActionDeps, req: BouncerRequest): Promise<{ ok: boolean; text: string }> {
  const word = req.command.toUpperCase();
  let ok = true;
  let detail: string;
  try {
    await deps.run(bouncerStatement(req.command, req.database));
    detail = `${word} ${req.database}: done`;
  } catch (err) {
    ok = false;
    detail = `${word} ${req.database} failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  const entry: BouncerAuditEntry = {
    time: new Date(deps.now()).toISOString(),
    operator: deps.operator,
    server: deps.server,
    action: `pgbouncer.${req.command}`,
    database: req.database,
    outcome: ok ? 'done' : 'error',
    detail,
  };
  try {
    await deps.audit.append(entry);
  } catch (err) {
    detail += ` (audit log not written: ${err instanceof Error ? err.message : String(err)})`;
  }
  return { ok, text: detail };
}
