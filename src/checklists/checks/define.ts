/**
 * The shape of a built-in check: the sources it reads, its default thresholds (what they mean is
 * in `thresholdsDoc`), and a pure evaluator from the sources' data to a {@link CheckResult}.
 */
import type { Capabilities } from '../../data/server';
import type { BackupTime } from '../backupCommand';
import type { Source } from '../sources';
import type { CheckResult, Metrics, Outcome, Thresholds } from '../types';

/** The figures one earlier session recorded for this step. */
export interface PastRun {
  /** ISO start of that session. */
  startedAt: string;
  metrics: Metrics;
}

/**
 * What an evaluator may know besides its data: the server clock (epoch s), capabilities, and for
 * checks that follow a trajectory the figures recorded for the same step by the earlier finished
 * sessions of the checklist (oldest first) and by this session's previous run of the step.
 */
export interface CheckEnv {
  nowS: number;
  caps: Capabilities;
  history?: readonly PastRun[];
  earlier?: Metrics;
  /** The operator's marks on this step, in earlier sessions and this one: what a manual step's check judges. */
  marks?: readonly StepMark[];
  /** What the step's backup time command printed, when the step has one (see backupCommand.ts). */
  backupTime?: BackupTime;
}

/** A mark the operator put on a step: when (ISO), which, and the note that says how. */
export interface StepMark {
  at: string;
  mark: string;
  note?: string;
}

type DataOf<S extends readonly Source[]> = { [K in keyof S]: S[K] extends Source<infer T> ? T : never };

export interface CheckDef {
  id: string;
  title: string;
  /** What warn/fail/min mean for this check, in words (shown in help and in validation errors). */
  thresholdsDoc: string;
  defaults: Thresholds;
  sources: readonly Source[];
  evaluate(data: readonly unknown[], th: Thresholds, env: CheckEnv): CheckResult;
}

/** Builds a {@link CheckDef} whose evaluator sees each source's data with its own type. */
export function defineCheck<const S extends readonly Source[]>(def: {
  id: string;
  title: string;
  thresholdsDoc: string;
  defaults: Thresholds;
  sources: S;
  evaluate(data: DataOf<S>, th: Thresholds, env: CheckEnv): CheckResult;
}): CheckDef {
  return def as unknown as CheckDef;
}

/** Grades a figure where more is worse: fail at or above `fail`, warn at or above `warn`. */
export function gradeHigh(value: number, th: Thresholds): Outcome {
  if (th.fail !== undefined && value >= th.fail) return 'fail';
  if (th.warn !== undefined && value >= th.warn) return 'warn';
  return 'pass';
}

/** Like {@link gradeHigh} but strictly above the limits, as guides word it ("warn above 80 %"). */
export function gradeAbove(value: number, th: Thresholds): Outcome {
  if (th.fail !== undefined && value > th.fail) return 'fail';
  if (th.warn !== undefined && value > th.warn) return 'warn';
  return 'pass';
}

/** Grades a figure where less is worse (a cache hit ratio): fail below `fail`, warn below `warn`. */
export function gradeLow(value: number, th: Thresholds): Outcome {
  if (th.fail !== undefined && value < th.fail) return 'fail';
  if (th.warn !== undefined && value < th.warn) return 'warn';
  return 'pass';
}

const RANK: Record<Outcome, number> = { pass: 0, unknown: 1, warn: 2, fail: 3 };

/** The worse of outcomes (fail > warn > unknown > pass); pass for none. */
export function worst(outcomes: Iterable<Outcome>): Outcome {
  let w: Outcome = 'pass';
  for (const o of outcomes) if (RANK[o] > RANK[w]) w = o;
  return w;
}

/** `12.3 %` with one decimal (percent() in format/ rounds for columns; reports want the decimal). */
export const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;

/** A qualified name as PostgreSQL would print it for the operator. */
export const qname = (schema: string, name: string): string => (schema === 'public' ? name : `${schema}.${name}`);
