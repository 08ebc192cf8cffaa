/**
 * Sends pg_cancel_backend / pg_terminate_backend on the action connection, one backend at a time,
 * each only if the backend is still the one the operator confirmed (pid AND backend_start, checked
 * in the same statement as the signal), and explains every outcome in one line.
 */
import type { Session } from '../data/db';
import { classify } from '../data/errors';
import { sqlFor } from '../data/sql/registry';
import { refusal } from './eligibility';
import type { ActionKind, ActionTarget, TargetResult } from './types';

/** What signalling needs. */
export interface SignalDeps {
  /** The action connection (never the polling one: an action must not queue behind a refresh). */
  session: Session;
  /** Server major, to pick SQL variants. */
  major(): number;
  /** pgwarden's own backends, never signalled. */
  ownPids(): readonly number[];
  /** Under --read-only nothing is ever sent, whatever called this. */
  readOnly: boolean;
}

const VERB: Record<ActionKind, string> = { cancel: 'cancel', terminate: 'terminate' };

/** backend_start when our role could read it; a real one is never 0 or missing. */
function knownStart(t: ActionTarget): number | null {
  return t.backendStart != null && Number.isFinite(t.backendStart) && t.backendStart > 0 ? t.backendStart : null;
}

/** Whether a pg_stat_activity row is the backend `t` describes (see backend_cancel.pg13.sql). */
export function sameBackend(t: ActionTarget, row: { pid: unknown; backend_start: unknown; user: unknown; database: unknown }): boolean {
  if (Number(row.pid) !== t.pid) return false;
  const start = knownStart(t);
  if (start === null) return (row.user ?? null) === t.user && (row.database ?? null) === t.database;
  return row.backend_start != null && Math.abs(Number(row.backend_start) - start) < 0.000001;
}

/** `user@db` of a target, for messages (raw: the caller sanitizes before display). */
export function whoOf(t: ActionTarget): string {
  return `${t.user ?? '?'}@${t.database ?? '?'}`;
}

async function explainDenial(deps: SignalDeps, t: ActionTarget, message: string): Promise<string> {
  try {
    const res = await deps.session.query(sqlFor('backend_owner', deps.major()).text, [t.pid]);
    const r = res.rows[0];
    if (!r) return `permission denied, and pid ${t.pid} has ended since: ${message}`;
    const me = String(r.me ?? 'this role');
    const owner = r.user == null ? null : String(r.user);
    if (r.owner_is_superuser === true && r.we_are_superuser !== true)
      return owner
        ? `permission denied: pid ${t.pid} belongs to superuser ${owner}; only a superuser may signal a superuser's backend`
        : `permission denied: pid ${t.pid} runs without a role (a background process); only a superuser may signal it`;
    return `permission denied: ${me} may not signal pid ${t.pid} (role ${owner ?? '?'}); fix: GRANT pg_signal_backend TO ${me}; (or connect as ${owner ?? 'its role'})`;
  } catch {
    return `permission denied: ${message}`;
  }
}

/** Signals one backend and says what happened. Never throws. */
export async function signalOne(deps: SignalDeps, kind: ActionKind, t: ActionTarget): Promise<TargetResult> {
  if (deps.readOnly) return { target: t, outcome: 'refused', detail: 'read-only: nothing is ever signalled' };
  const why = refusal(t, { ownPids: deps.ownPids() });
  if (why) return { target: t, outcome: 'refused', detail: `pid ${t.pid} not signalled: ${why}` };
  const sql = sqlFor(kind === 'cancel' ? 'backend_cancel' : 'backend_terminate', deps.major()).text;
  try {
    const res = await deps.session.query(sql, [t.pid, knownStart(t), t.user, t.database]);
    const r = res.rows[0];
    if (!r) return { target: t, outcome: 'gone', detail: `pid ${t.pid} is already gone: nothing sent` };
    if (r.same !== true)
      return { target: t, outcome: 'recycled', detail: `pid ${t.pid} now belongs to a different backend (the pid was reused): nothing sent` };
    if (r.signalled !== true)
      return {
        target: t,
        outcome: 'not-signalled',
        detail: `PostgreSQL did not ${VERB[kind]} pid ${t.pid} (it is not a backend process, or it ended at that moment)`,
      };
    const what = kind === 'cancel' ? 'cancel sent to' : 'terminate sent to';
    return { target: t, outcome: 'signalled', detail: `${what} pid ${t.pid} (${whoOf(t)})` };
  } catch (err) {
    const f = classify(err);
    if (f.kind === 'privilege') return { target: t, outcome: 'denied', detail: await explainDenial(deps, t, f.message) };
    return { target: t, outcome: 'error', detail: `${VERB[kind]} pid ${t.pid} failed: ${f.message}` };
  }
}

/** What became of a signalled backend on the refresh after the signal. */
export interface Aftermath {
  pid: number;
  /** False when the backend is gone (or another backend now has its pid). */
  present: boolean;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
}

/** Reads the current state of `targets` (same pid and backend_start) in one statement. */
export async function recheck(deps: SignalDeps, targets: readonly ActionTarget[]): Promise<Aftermath[]> {
  if (!targets.length) return [];
  const res = await deps.session.query(sqlFor('backend_recheck', deps.major()).text, [targets.map((t) => t.pid)]);
  return targets.map((t) => {
    const r = res.rows.find((x) => sameBackend(t, x as Parameters<typeof sameBackend>[1]));
    return {
      pid: t.pid,
      present: r !== undefined,
      state: r?.state == null ? null : String(r.state),
      waitEventType: r?.wait_event_type == null ? null : String(r.wait_event_type),
      waitEvent: r?.wait_event == null ? null : String(r.wait_event),
    };
  });
}
