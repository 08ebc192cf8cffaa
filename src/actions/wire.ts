/**
 * Builds the App's `act` effect for the interactive monitor: signals go out on the action
 * connection, every attempt is audited, and under --read-only there is no effect at all (the
 * keys then only say "read-only").
 */
import { homedir, userInfo } from 'node:os';
import { ownPids, type Session } from '../data/db';
import { AuditLog, auditPath } from './audit';
import { BackendActions } from './runner';
import { runBouncerAction } from './pgbouncer';
import type { SignalRequest } from './types';
import { safeLine, safeMsg, type SafeText } from '../text/sanitize';

export interface ActionWiring {
  /** The action connection. */
  action: Session;
  /** The polling connection, also one of our own. */
  poll: Session;
  /** The connection as displayed. */
  server: string;
  readOnly: boolean;
  /** Server major once known. */
  major(): number | undefined;
  /** Asks for a refresh and resolves once its snapshot has arrived. */
  nextRefresh(): Promise<void>;
  env?: NodeJS.ProcessEnv;
}

function operator(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
}

/** The effect (undefined under --read-only) and the help line that says where actions are logged. */
export function actionEffect(w: ActionWiring): { act?: (req: SignalRequest, report: (text: SafeText) => void) => void; helpNote: string } {
  const env = w.env ?? process.env;
  const path = auditPath(env, homedir());
  if (w.readOnly) return { helpNote: 'Read-only (--read-only or PGWARDEN_READ_ONLY=1): cancel and terminate are disabled.' };
  const audit = new AuditLog(path);
  const runner = new BackendActions({
    session: w.action,
    major: () => w.major() ?? 13,
    ownPids: () => ownPids(w.poll, w.action),
    readOnly: false,
    audit,
    server: w.server,
    operator: operator(env),
    now: () => Date.now(),
    nextRefresh: w.nextRefresh,
  });
  return {
    act: (req, report) => {
      if (req.kind === 'pgbouncer') {
        const deps = { run: (text: string) => w.action.query(text), audit, server: w.server, operator: operator(env), now: () => Date.now() };
        runBouncerAction(deps, req)
          .then(async (r) => {
            // The outcome quotes the console (database names, errors): it passes the boundary.
            report(safeLine(r.text));
            // The pane shows the database paused or resumed at once rather than a tick later.
            await w.nextRefresh();
          })
          .catch((err: unknown) => report(safeMsg`action failed: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      runner.run(req, report).catch((err: unknown) => report(safeMsg`action failed: ${err instanceof Error ? err.message : String(err)}`));
    },
    helpNote: `Cancel (C), terminate (K) and PgBouncer's PAUSE / RESUME / RECONNECT / KILL are logged to ${path} (JSON lines: time, operator, server, pid, backend, query, outcome).`,
  };
}
