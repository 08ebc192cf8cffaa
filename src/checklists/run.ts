/**
 * Runs the checks of a checklist's steps: each source once (several steps read the same one),
 * then each step's evaluator with its thresholds over the check's defaults. A source that fails
 * (missing grant, missing extension) makes its steps `unknown` with the reason, never the run.
 */
import { sqlFor } from '../data/sql/registry';
import type { CollectorContext } from '../data/collector';
import type { Row } from '../data/db';
import { classify } from '../data/errors';
import type { Capabilities } from '../data/server';
import { CHECKS } from './checks';
import type { CheckDef, CheckEnv, PastRun } from './checks';
import type { StepMark } from './checks/define';
import type { SessionRecord } from './state';
import { runUserSql, type OneOff } from './userSql';
import { runBackupCommand } from './backupCommand';
import { consoleReader, onConsole } from './bouncerSource';
import type { ConsoleQuery } from '../data/pgbouncer/read';
import type { Source } from './sources';
import type { CheckResult, StepDef, Thresholds } from './types';

/** Runs one statement: a Session's query, or any client with the same shape. */
export type RunQuery = (text: string, params: unknown[]) => Promise<{ rows: Row[] }>;

export interface RunContext {
  query: RunQuery;
  caps: Capabilities;
  /** Our own backends, left out of activity-based checks. */
  ownPids: number[];
  /** Earlier finished sessions of the checklist, oldest first: the history trajectories are computed from. */
  history?: readonly SessionRecord[];
  /** The session this run belongs to: a step's previous figures in it (a peak) carry on. */
  session?: SessionRecord;
  /** A connection of its own, for the checks a user defined by SQL (see userSql.ts). */
  oneOff?: OneOff;
  /** PgBouncer's admin console in front of this server, when the session knows one (simple protocol). */
  bouncer?: ConsoleQuery;
}

/** What earlier sessions recorded for a step, oldest first (sessions from before a check recorded figures are left out). */
export function pastRuns(history: readonly SessionRecord[], stepId: string): PastRun[] {
  return history.flatMap((s) => {
    const m = s.steps[stepId]?.metrics;
    return m ? [{ startedAt: s.startedAt, metrics: m }] : [];
  });
}

/** The operator's marks on a step across sessions; a mark without its own time dates from its session's start. */
export function marksOf(sessions: readonly SessionRecord[], stepId: string): StepMark[] {
  return sessions.flatMap((s) => {
    const r = s.steps[stepId];
    return r?.mark ? [{ at: r.markedAt ?? s.startedAt, mark: r.mark, ...(r.note ? { note: r.note } : {}) }] : [];
  });
}

type SourceOutcome = { ok: true; data: unknown } | { ok: false; reason: string };

/** The step's thresholds over the check's defaults, key by key. */
export function effectiveThresholds(check: CheckDef, own: Thresholds | undefined): Thresholds {
  return { ...check.defaults, ...(own ?? {}) };
}

/** Evaluates every step that has a check; manual steps are left out of the map. */
export async function runSteps(ctx: RunContext, steps: readonly StepDef[]): Promise<Map<string, CheckResult>> {
  const cctx: CollectorContext = { caps: ctx.caps, ownPids: ctx.ownPids };
  const cache = new Map<string, Promise<SourceOutcome>>();
  const load = (s: Source): Promise<SourceOutcome> => {
    let p = cache.get(s.id);
    if (!p) {
      p = onConsole(s) ? consoleReader(s, ctx.bouncer) : runSource(ctx.query, s, cctx);
      cache.set(s.id, p);
    }
    return p;
  };
  const nowS = Number((await ctx.query(sqlFor('checklist_now', ctx.caps.major).text, [])).rows[0]?.now);
  const out = new Map<string, CheckResult>();
  // One statement at a time: the connection runs them in order anyway, and the server sees one.
  for (const step of steps) {
    if (!step.check) continue;
    if (step.check.sql !== undefined) {
      out.set(step.id, ctx.oneOff ? await runUserSql(ctx.oneOff, step.id, step.check) : { outcome: 'unknown', summary: 'a check defined by SQL needs a connection of its own, which this run does not have', findings: [] });
      continue;
    }
    const check = CHECKS.get(step.check.id);
    if (!check) {
      out.set(step.id, { outcome: 'unknown', summary: `unknown check "${step.check.id}"`, findings: [] });
      continue;
    }
    const data: unknown[] = [];
    let failed: string | undefined;
    for (const s of check.sources) {
      const r = await load(s);
      if (r.ok) data.push(r.data);
      else if (s.fallback) data.push(s.fallback(r.reason));
      else {
        failed = r.reason;
        break;
      }
    }
    if (failed !== undefined) {
      out.set(step.id, { outcome: 'unknown', summary: `could not check: ${failed}`, findings: [] });
      continue;
    }
    try {
      const backupTime = step.check.command ? await runBackupCommand(step.check.command) : undefined;
      const env: CheckEnv = { nowS, caps: ctx.caps, history: pastRuns(ctx.history ?? [], step.id), earlier: ctx.session?.steps[step.id]?.metrics, marks: marksOf([...(ctx.history ?? []), ...(ctx.session ? [ctx.session] : [])], step.id), ...(backupTime ? { backupTime } : {}) };
      out.set(step.id, atMostUnknown(check.evaluate(data, effectiveThresholds(check, step.check.thresholds), env)));
    } catch (err) {
      out.set(step.id, { outcome: 'unknown', summary: `check failed: ${(err as Error).message}`, findings: [] });
    }
  }
  return out;
}

/** A check that reports an unseen part never passes, whatever its evaluator said. */
function atMostUnknown(r: CheckResult): CheckResult {
  return r.outcome === 'pass' && (r.unseen?.length ?? 0) > 0 ? { ...r, outcome: 'unknown' } : r;
}

async function runSource(query: RunQuery, s: Source, ctx: CollectorContext): Promise<SourceOutcome> {
  const reason = s.unavailable?.(ctx);
  if (reason) return { ok: false, reason };
  try {
    const res = await query(s.sql(ctx), s.params?.(ctx) ?? []).catch((err: unknown) => {
      const lesser = s.degraded?.(classify(err), ctx);
      if (!lesser) throw err;
      return query(s.sql(ctx), lesser.params);
    });
    return { ok: true, data: s.parse(res.rows, ctx) };
  } catch (err) {
    const f = classify(err);
    // Losing the server is not one step's failure: the caller reports it once.
    if (f.kind === 'connection' || f.kind === 'shutdown') throw err;
    return { ok: false, reason: f.hint ? `${f.message} (${f.hint})` : f.message };
  }
}
