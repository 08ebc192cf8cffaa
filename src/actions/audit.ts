/**
 * The audit log: one JSON line per attempted cancel or terminate, appended to
 * `$XDG_STATE_HOME/pgwarden/audit.jsonl` (default `~/.local/state/pgwarden/audit.jsonl`), so an
 * incident review can tell who ended which session, on which server, and what it was running.
 * The file is created 0600 in a 0700 directory: query text can hold secrets.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { ActionKind, Outcome } from './types';
import { terminalSafeJson } from '../text/json';

/** One line of the audit log. */
export interface AuditEntry {
  /** ISO 8601, local clock. */
  time: string;
  /** The OS user running pgwarden. */
  operator: string;
  /** The connection as pgwarden displays it (user@host:port/db). */
  server: string;
  pid: number;
  /** ISO 8601. */
  backend_start: string | null;
  user: string | null;
  database: string | null;
  application: string | null;
  state: string | null;
  query: string | null;
  action: ActionKind;
  outcome: Outcome;
  detail: string;
}

/**
 * Where the log lives. The XDG base directory spec says a relative XDG_STATE_HOME is invalid and
 * must be ignored.
 */
export function auditPath(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'state');
  return join(base, 'pgwarden', 'audit.jsonl');
}

/** One PgBouncer console command (PAUSE, RESUME, RECONNECT, KILL of a database). */
export interface BouncerAuditEntry {
  time: string;
  operator: string;
  server: string;
  /** `pgbouncer.pause` …: never mistaken for a backend signal. */
  action: `pgbouncer.${string}`;
  /** The PgBouncer database (pool) name, raw. */
  database: string;
  outcome: 'done' | 'error';
  detail: string;
}

/** Something that records entries; the real one appends to a file. */
export interface AuditSink {
  readonly path: string;
  append(entry: AuditEntry | BouncerAuditEntry): Promise<void>;
}

/** Appends entries to a JSON-lines file. */
export class AuditLog implements AuditSink {
  constructor(readonly path: string) {}

  async append(entry: AuditEntry | BouncerAuditEntry): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // One write per line: with O_APPEND a line from another pgwarden cannot land inside it.
    // `mode` applies when the file is created; an existing file keeps the mode it was given.
    // The log is read with cat and tail: names and queries in it must not drive the terminal.
    await appendFile(this.path, terminalSafeJson(entry) + '\n', { mode: 0o600, flag: 'a' });
  }
}
