/**
 * Carries out a confirmed request: signals each backend, records every attempt in the audit log,
 * reports the outcome at once and, after the next refresh, what became of the backends.
 */
import type { AuditEntry, AuditSink } from './audit';
import { joinSafe, safeLine, safeMsg, type SafeText } from '../text/sanitize';
import { recheck, signalOne, type Aftermath, type SignalDeps } from './signal';
import type { ActionKind, ActionRequest, ActionTarget, Outcome, TargetResult } from './types';

export interface RunnerDeps extends SignalDeps {
  audit: AuditSink;
  /** The connection as displayed (user@host:port/db). */
  server: string;
  /** OS user running pgwarden. */
  operator: string;
  /** Local clock (ms). */
  now(): number;
  /** Asks for a refresh and resolves once its snapshot has arrived. */
  nextRefresh(): Promise<void>;
}

/** ISO 8601 with the microseconds PostgreSQL keeps (Date would cut them to milliseconds). */
export function isoMicros(s: number | null | undefined): string | null {
  if (s == null || !Number.isFinite(s)) return null;
  const whole = Math.floor(s);
  const micros = Math.min(999_999, Math.round((s - whole) * 1e6));
  return new Date(whole * 1000).toISOString().replace('.000Z', `.${String(micros).padStart(6, '0')}Z`);
}

function entry(deps: RunnerDeps, kind: ActionKind, r: TargetResult): AuditEntry {
  const t = r.target;
  return {
    time: new Date(deps.now()).toISOString(),
    operator: deps.operator,
    server: deps.server,
    pid: t.pid,
    backend_start: isoMicros(t.backendStart),
    user: t.user,
    database: t.database,
    application: t.application,
    state: t.state,
    query: t.query,
    action: kind,
    outcome: r.outcome,
    detail: r.detail,
  };
}

const LABEL: Record<Outcome, string> = {
  signalled: 'signalled',
  gone: 'already gone',
  recycled: 'pid reused',
  denied: 'denied',
  'not-signalled': 'not signalled',
  refused: 'refused',
  error: 'failed',
};

/**
 * One line for a whole request: the single result's detail, or counts plus the first problem.
 * A detail holds server text (a role or database name, an error message) and is kept raw for the
 * audit log; the line shown passes the sanitizing boundary here.
 */
export function summarize(kind: ActionKind, results: readonly TargetResult[]): SafeText {
  if (results.length === 1) return safeLine(results[0]!.detail);
  const counts = new Map<Outcome, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const parts = [...counts].map(([o, n]) => `${n} ${LABEL[o]}`);
  const problem = results.find((r) => r.outcome !== 'signalled');
  const counted = parts.join(', ');
  return problem ? safeMsg`${kind}: ${counted} - ${problem.detail}` : safeMsg`${kind}: ${counted}`;
}

function stateText(a: Aftermath): string {
  if (!a.present) return 'gone';
  const wait = a.waitEventType === 'Lock' ? ` (waiting for a ${a.waitEvent ?? ''} lock)` : '';
  return `${a.state ?? 'no state'}${wait}`;
}

/** One line on what became of the signalled backends. */
export function describeAftermath(kind: ActionKind, after: readonly Aftermath[]): SafeText {
  if (after.length === 1) {
    const a = after[0]!;
    const released = kind === 'terminate' && !a.present ? ', its locks are released' : '';
    return safeMsg`after ${kind}: pid ${a.pid} ${stateText(a)}${released}`;
  }
  const gone = after.filter((a) => !a.present).length;
  const still = after.filter((a) => a.present).map((a) => `${a.pid} ${stateText(a)}`);
  return safeMsg`after ${kind}: ${gone} gone${still.length ? `, still there: ${still.join('; ')}` : ''}`;
}

/** Runs confirmed requests. */
export class BackendActions {
  constructor(private readonly deps: RunnerDeps) {}

  get auditPath(): string {
    return this.deps.audit.path;
  }

  /**
   * Signals every target in turn and reports through `report` (called once with the outcome,
   * and once more after the next refresh with the backends' state). Resolves with the results.
   */
  async run(req: ActionRequest, report: (text: SafeText) => void): Promise<TargetResult[]> {
    const results: TargetResult[] = [];
    let auditError: string | undefined;
    for (const t of req.targets) {
      const r = await signalOne(this.deps, req.kind, t);
      results.push(r);
      try {
        await this.deps.audit.append(entry(this.deps, req.kind, r));
      } catch (err) {
        auditError = err instanceof Error ? err.message : String(err);
      }
    }
    // The audit error names a path from the environment and an OS message: not ours either.
    const auditNote = auditError ? safeMsg` (audit log not written: ${auditError})` : safeMsg``;
    report(joinSafe([summarize(req.kind, results), auditNote]));
    const signalled: ActionTarget[] = results.filter((r) => r.outcome === 'signalled').map((r) => r.target);
    if (signalled.length) {
      try {
        await this.deps.nextRefresh();
        report(joinSafe([describeAftermath(req.kind, await recheck(this.deps, signalled)), auditNote]));
      } catch {
        // The outcome was reported; the follow-up is a courtesy that a lost connection may skip.
      }
    }
    return results;
  }
}
