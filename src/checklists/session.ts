/**
 * A checklist session as data: start or resume one, record a run's results, mark steps. Pure,
 * shared by the terminal UI and the headless `pgwarden checklist` command.
 */
import type { FixRecord, Mark, SessionRecord, StepRecord } from './state';
import type { CheckResult, ChecklistDef } from './types';

/** A new session, every step empty. */
export function startSession(def: ChecklistDef, operator: string, at: Date): SessionRecord {
  return { checklist: def.id, startedAt: at.toISOString(), operator, steps: Object.fromEntries(def.steps.map((s) => [s.id, { findings: [] }])) };
}

/** Stores a check's result on its step, keeping the operator's mark and note. */
export function recordResult(s: SessionRecord, stepId: string, r: CheckResult, at: Date): SessionRecord {
  const prev: StepRecord = s.steps[stepId] ?? { findings: [] };
  const rec: StepRecord = { ...prev, outcome: r.outcome, summary: r.summary, findings: r.findings, checkedAt: at.toISOString() };
  if (r.evidence) rec.evidence = r.evidence;
  else delete rec.evidence;
  if (r.metrics) rec.metrics = r.metrics;
  else delete rec.metrics;
  if (r.backends) rec.backends = r.backends;
  else delete rec.backends;
  if (r.unseen && r.unseen.length > 0) rec.unseen = r.unseen;
  else delete rec.unseen;
  return { ...s, steps: { ...s.steps, [stepId]: rec } };
}

/** Marks a step (dated `at` when the mark changes); an empty note removes it. */
export function markStep(s: SessionRecord, stepId: string, mark: Mark | undefined, note?: string, at?: Date): SessionRecord {
  const prev: StepRecord = s.steps[stepId] ?? { findings: [] };
  const rec: StepRecord = { ...prev };
  if (mark) {
    if (at && mark !== prev.mark) rec.markedAt = at.toISOString();
    rec.mark = mark;
  } else {
    delete rec.mark;
    delete rec.markedAt;
  }
  if (note !== undefined) {
    if (note.trim() === '') delete rec.note;
    else rec.note = note;
  }
  return { ...s, steps: { ...s.steps, [stepId]: rec } };
}

/** Records a fix the operator confirmed and pgwarden ran on a step (the report lists it). */
export function recordFix(s: SessionRecord, stepId: string, fix: FixRecord): SessionRecord {
  const prev: StepRecord = s.steps[stepId] ?? { findings: [] };
  return { ...s, steps: { ...s.steps, [stepId]: { ...prev, fixes: [...(prev.fixes ?? []), fix] } } };
}

export function finishSession(s: SessionRecord, at: Date): SessionRecord {
  return { ...s, finishedAt: at.toISOString() };
}

/** True when a step ran and failed. */
export function anyFailed(s: SessionRecord): boolean {
  return Object.values(s.steps).some((r) => r.outcome === 'fail');
}

/** Exit status of an unknown verdict: Nagios' UNKNOWN, apart from 1 (a step failed) and 2 (could not run). */
export const EXIT_UNKNOWN = 3;

/**
 * The headless command's exit status for a finished session: 1 when a step failed; else 3 when
 * a step could not see all it judges (unknown), so cron notices a check that silently cannot
 * look; else 0 (pass and warn). A failure wins over an unknown.
 */
export function exitStatus(s: SessionRecord): number {
  if (anyFailed(s)) return 1;
  return Object.values(s.steps).some((r) => r.outcome === 'unknown') ? EXIT_UNKNOWN : 0;
}
