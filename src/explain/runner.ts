/**
 * Runs EXPLAIN for one statement on a connection to the statement's own database.
 *
 * Safety, in order:
 * - EXPLAIN without ANALYZE never runs the statement; it still runs inside BEGIN READ ONLY …
 *   ROLLBACK so that planning (which may evaluate immutable functions) cannot write either.
 * - EXPLAIN ANALYZE runs the statement: only when asked, never in --read-only mode, always inside a
 *   transaction that is rolled back, under statement_timeout and a short lock_timeout (so it never
 *   queues behind, and then blocks, other sessions' locks). A statement that may write or lock
 *   needs `allowWrites` (the second confirmation); without it the transaction is READ ONLY, so a
 *   write our classifier missed is refused by the server (25006) and reported as needing it.
 * - Statements go through the extended protocol, which accepts exactly one statement.
 *   EXPLAIN (GENERIC_PLAN) cannot: bound values would be planned as constants. Its text is first
 *   proven to be one statement by PREPARE through the extended protocol.
 */
import type { OneOffConnection } from '../data/db';
import { classify, type Failure } from '../data/errors';
import { sqlFor } from '../data/sql/registry';
import { planRelations, redFlags } from './flags';
import { parsePlan } from './parse';
import { castTypedParams, scanSql, writeRisk, type WriteRisk } from './statement';
import type { ExplainResult, RedFlag, RelationStats } from './types';

export interface ExplainOptions {
  major: number;
  /** Run the statement (EXPLAIN ANALYZE). */
  analyze: boolean;
  /** The operator confirmed that the statement may write or lock while it runs. */
  allowWrites: boolean;
  /** --read-only: ANALYZE is refused. */
  readOnly: boolean;
  /** Connected to a standby: nothing can write. */
  inRecovery: boolean;
  /** Role whose ALTER ROLE … SET search_path applies (the statement's user), if known. */
  role?: string | null;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  blockSize?: number;
}

export type ExplainMode = 'plan' | 'generic' | 'analyze';

export type ExplainOutcome =
  | {
      ok: true;
      mode: ExplainMode;
      result: ExplainResult;
      flags: RedFlag[];
      /** EXPLAIN's JSON document as the server returned it. */
      raw: unknown;
      notes: string[];
    }
  | {
      ok: false;
      /** refused: we did not run it; confirm: it may write and needs the second confirmation; failed: the server said no. */
      reason: 'refused' | 'confirm-writes' | 'failed';
      message: string;
      risk?: WriteRisk;
      failure?: Failure;
    };

export const PLAN_TIMEOUT_MS = 10_000;
export const ANALYZE_TIMEOUT_MS = 30_000;
export const ANALYZE_LOCK_TIMEOUT_MS = 1_000;
const STMT = 'pgwarden_explain';

/** What would happen, decided before connecting: refusals and the write confirmation. */
export function precheck(text: string, opts: ExplainOptions): { mode: ExplainMode; params: number; risk: WriteRisk } | Extract<ExplainOutcome, { ok: false }> {
  const scan = scanSql(text);
  const risk = writeRisk(text);
  if (scan.statements === 0) return { ok: false, reason: 'refused', message: 'there is no statement to explain' };
  if (scan.statements > 1) return { ok: false, reason: 'refused', message: `the text holds ${scan.statements} statements; EXPLAIN takes one` };
  if (!risk.explainable) {
    return { ok: false, reason: 'refused', message: `EXPLAIN cannot plan a ${scan.first} statement (only SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE)` };
  }
  if (!opts.analyze) return { mode: scan.params > 0 ? 'generic' : 'plan', params: scan.params, risk };
  if (opts.readOnly) return { ok: false, reason: 'refused', message: 'EXPLAIN ANALYZE runs the statement; it is disabled in --read-only mode' };
  if (scan.params > 0) {
    return {
      ok: false,
      reason: 'refused',
      message: `the statement has parameters ($1…$${scan.params}) without values: EXPLAIN ANALYZE needs a runnable statement (a running backend's text, or the statement with values filled in)`,
    };
  }
  if (risk.writes && opts.inRecovery) return { ok: false, reason: 'refused', message: `this server is a standby: ${risk.reasons.join(', ')} cannot run here` };
  if (risk.writes && !opts.allowWrites) return { ok: false, reason: 'confirm-writes', message: confirmWritesText(risk), risk };
  return { mode: 'analyze', params: 0, risk };
}

/** The first confirmation's text: the statement will run. */
export function confirmAnalyzeText(): string {
  return 'EXPLAIN ANALYZE executes the statement for real (inside BEGIN … ROLLBACK, statement_timeout 30s) and uses the server while it runs. Run it?';
}

/** The second confirmation's text: it may write and take locks. */
export function confirmWritesText(risk: WriteRisk): string {
  return (
    `This statement may write or lock (${risk.reasons.join('; ')}). It runs inside BEGIN … ROLLBACK, so changes are undone, ` +
    'but while it runs it takes row and table locks other sessions may wait on, fires triggers, and advances sequences (not rolled back). Run it anyway?'
  );
}

function planJson(res: { rows: Record<string, unknown>[] }): unknown {
  const row = res.rows[0] ?? {};
  return row['QUERY PLAN'] ?? Object.values(row)[0];
}

/** Statistics of the relations a plan reads (size, changes since ANALYZE), for the red flags. */
async function relationStats(conn: OneOffConnection, result: ExplainResult, major: number): Promise<Map<string, RelationStats>> {
  const rels = planRelations(result);
  const out = new Map<string, RelationStats>();
  if (!rels.length) return out;
  const res = await conn.query(sqlFor('explain_relations', major).text, [rels.map((r) => r.regclass)]);
  for (const row of res.rows) {
    const rel = rels.find((r) => r.regclass === row.name);
    if (!rel) continue;
    out.set(rel.key, {
      reltuples: Number(row.reltuples),
      relpages: Number(row.relpages),
      liveTuples: row.n_live_tup == null ? null : Number(row.n_live_tup),
      modifiedSinceAnalyze: row.n_mod_since_analyze == null ? null : Number(row.n_mod_since_analyze),
      lastAnalyzed: row.last_analyzed == null ? null : Number(row.last_analyzed),
    });
  }
  return out;
}

/**
 * EXPLAINs `text` on `conn` (already connected to the right database). Never throws for a server
 * error: the outcome says what happened.
 */
export async function runExplain(conn: OneOffConnection, original: string, opts: ExplainOptions): Promise<ExplainOutcome> {
  const pre = precheck(original, opts);
  if ('ok' in pre) return pre;
  const { mode, params } = pre;
  const notes: string[] = [];
  const text = mode === 'generic' ? castTypedParams(original) : original;
  if (text !== original) notes.push('typed literals normalized to parameters (interval $2) were planned as casts ($2::interval)');
  const timeout = opts.statementTimeoutMs ?? (mode === 'analyze' ? ANALYZE_TIMEOUT_MS : PLAN_TIMEOUT_MS);
  const writable = mode === 'analyze' && opts.allowWrites;
  let prepared = false;
  try {
    await conn.query(writable ? 'BEGIN' : 'BEGIN READ ONLY');
    await conn.query("SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true)", [
      `${timeout}ms`,
      `${opts.lockTimeoutMs ?? ANALYZE_LOCK_TIMEOUT_MS}ms`,
    ]);
    if (opts.role) {
      const sp = await conn.query(sqlFor('explain_role_settings', opts.major).text, [opts.role]);
      const path = sp.rows[0]?.search_path;
      if (typeof path === 'string' && path) {
        await conn.query("SELECT set_config('search_path', $1, true)", [path]);
        notes.push(`search_path of role ${opts.role}: ${path}`);
      }
    }
    let raw: unknown;
    if (mode === 'generic') {
      // PREPARE leaves the parameter types to the parser ("unknown" until inferred from context).
      await conn.query(`PREPARE ${STMT} AS ${text}`);
      prepared = true;
      if (opts.major >= 16) {
        await conn.query(`DEALLOCATE ${STMT}`);
        prepared = false;
        raw = planJson(await conn.querySimple(`EXPLAIN (GENERIC_PLAN, VERBOSE, SETTINGS, FORMAT JSON) ${text}`));
      } else {
        await conn.query("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)");
        const n = await conn.query('SELECT cardinality(parameter_types) AS n FROM pg_prepared_statements WHERE name = $1', [STMT]);
        const count = Number(n.rows[0]?.n ?? params);
        // With force_generic_plan the values are not looked at: NULLs only fill the slots.
        const args = count > 0 ? `(${Array(count).fill('NULL').join(', ')})` : '';
        raw = planJson(await conn.query(`EXPLAIN (VERBOSE, SETTINGS, FORMAT JSON) EXECUTE ${STMT}${args}`));
      }
      notes.push(`generic plan: parameters $1…$${params} are unknown, as for a prepared statement after its first executions`);
    } else if (mode === 'analyze') {
      raw = planJson(await conn.query(`EXPLAIN (ANALYZE, BUFFERS, WAL, VERBOSE, SETTINGS, FORMAT JSON) ${text}`));
      notes.push('executed inside BEGIN … ROLLBACK: its changes were undone');
    } else {
      raw = planJson(await conn.query(`EXPLAIN (VERBOSE, SETTINGS, FORMAT JSON) ${text}`));
    }
    const result = parsePlan(raw);
    let relations = new Map<string, RelationStats>();
    try {
      relations = await relationStats(conn, result, opts.major);
    } catch {
      notes.push('relation statistics unavailable: flags rely on the plan alone');
    }
    const flags = redFlags(result, { relations, blockSize: opts.blockSize });
    return { ok: true, mode, result, flags, raw, notes };
  } catch (err) {
    const failure = classify(err);
    if (failure.code === '25006') {
      const risk = writeRisk(text);
      const reasons = risk.reasons.length ? risk : { ...risk, writes: true, reasons: ['the server refused it in a read-only transaction'] };
      return { ok: false, reason: 'confirm-writes', message: confirmWritesText(reasons), risk: reasons, failure };
    }
    return { ok: false, reason: 'failed', message: failure.message, failure };
  } finally {
    await conn.query('ROLLBACK').catch(() => undefined);
    // Prepared statements outlive a rollback.
    if (prepared) await conn.query(`DEALLOCATE ${STMT}`).catch(() => undefined);
  }
}
