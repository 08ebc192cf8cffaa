/**
 * Builds the request the confirmation dialog shows: the backends that will be signalled, those
 * that will not (and why), and what to read before saying yes.
 */
import { refusal, warnings } from './eligibility';
import type { ActionKind, ActionRequest, ActionTarget } from './types';

/** What the screen knows about our role, to warn before the server refuses. */
export interface RoleInfo {
  currentUser: string;
  isSuperuser: boolean;
  signalBackend: boolean;
}

export interface RequestContext {
  screen: string;
  /** pgwarden's own backends, when the screen knows them. */
  ownPids?: readonly number[];
  role?: RoleInfo;
}

/** The request for `kind` on `candidates` (the selected backend, or the tagged ones). */
export function buildRequest(kind: ActionKind, candidates: readonly ActionTarget[], ctx: RequestContext): ActionRequest {
  const targets: ActionTarget[] = [];
  const skipped: { pid: number; reason: string }[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const id = `${c.pid}:${c.backendStart}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const why = refusal(c, { ownPids: ctx.ownPids ?? [] });
    if (why) skipped.push({ pid: c.pid, reason: why });
    else {
      targets.push(c);
      notes.push(...warnings(kind, c));
    }
  }
  const role = ctx.role;
  if (role && !role.isSuperuser && !role.signalBackend && targets.some((t) => t.user !== role.currentUser))
    notes.push(
      `role ${role.currentUser} is not a member of pg_signal_backend: PostgreSQL refuses to signal other roles' backends (fix: GRANT pg_signal_backend TO ${role.currentUser};)`,
    );
  return { kind, targets, skipped, notes, screen: ctx.screen };
}
