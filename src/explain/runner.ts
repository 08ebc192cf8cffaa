/**
 * Runs EXPLAIN for one statement on a connection to the statement's own database.
 *
 * Safety, in order:
 * - Another user's statement is planned (and run) with its author's rights, through a temporary
 *   SECURITY DEFINER function owned by the author; where that is impossible, as pgwarden's role
 *   only when no user's code can run, or when the operator accepts it (rights.ts has the why).
 *   The search_path puts pg_catalog first and pg_temp last.
 * - EXPLAIN without ANALYZE never runs the statement; it still runs inside a read-only
 *   transaction that is rolled back, so planning (which may evaluate immutable functions) cannot
 *   write tables either.
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
import { relationIndexes } from './catalog';
import type { KnownIndex } from './flag-env';
import { planRelations, redFlags } from './flags';
import { parsePlan } from './parse';
import { ANALYZE_TIMEOUT_MS } from './timeouts';
import { AS_AUTHOR_CREATE, AS_AUTHOR_FN, asAuthorOwner, decideRights, rightsFacts, safeSearchPath, splitSearchPath } from './rights';
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
  /** The statement's author (its role): its rights and ALTER ROLE … SET search_path apply. */
  role?: string | null;
  /** The operator accepted planning (or running) as pgwarden's own role when the author's rights cannot be taken. */
  asSelf?: boolean;
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
      /**
       * refused: we did not run it; confirm-writes: it may write and needs the second confirmation;
       * confirm-rights: it can only run with pgwarden's own rights, which the operator must accept
       * (the message names the risk); failed: the server said no.
       */
      reason: 'refused' | 'confirm-writes' | 'confirm-rights' | 'failed';
      message: string;
      risk?: WriteRisk;
      failure?: Failure;
    };

export const PLAN_TIMEOUT_MS = 10_000;
export { ANALYZE_TIMEOUT_MS };
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

/** What the catalog says of the relations a plan reads, for the red flags. */
interface CatalogFacts {
  relations: Map<string, RelationStats>;
  /** The indexes each relation has: a suggestion never names one that exists. */
  indexes: Map<string, KnownIndex[]>;
}

/**
 * Statistics (size, changes since ANALYZE) and indexes of the relations a plan reads, in one
 * read-only transaction of their own after the EXPLAIN's was rolled back, with catalog names
 * resolved in pg_catalog before any temporary object.
 */
async function catalogFacts(conn: OneOffConnection, result: ExplainResult, major: number): Promise<CatalogFacts> {
  const rels = planRelations(result);
  const out: CatalogFacts = { relations: new Map(), indexes: new Map() };
  if (!rels.length) return out;
  let res;
  try {
    await conn.query('BEGIN READ ONLY');
    await setTimeouts(conn, PLAN_TIMEOUT_MS, ANALYZE_LOCK_TIMEOUT_MS);
    await conn.query("SELECT set_config('search_path', 'pg_catalog, pg_temp', true)");
    res = await conn.query(sqlFor('explain_relations', major).text, [rels.map((r) => r.regclass)]);
    out.indexes = await relationIndexes(conn, result, major);
  } finally {
    await conn.query('ROLLBACK').catch(() => undefined);
  }
  for (const row of res.rows) {
    const rel = rels.find((r) => r.regclass === row.name);
    if (!rel) continue;
    out.relations.set(rel.key, {
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
 * The search_path the author's sessions start with: ALTER ROLE / ALTER DATABASE … SET, else the
 * built-in default. pgwarden's own connections pin theirs to pg_catalog (clientConfig), so
 * neither the current nor the reset value says anything about the author's; a path set in
 * postgresql.conf is not seen (pg_file_settings is for superusers only).
 */
async function authorSearchPath(conn: OneOffConnection, major: number, role: string | null | undefined): Promise<string> {
  const sp = await conn.query(sqlFor('explain_role_settings', major).text, [role ?? null]);
  const path = sp.rows[0]?.search_path;
  if (typeof path === 'string' && path) return path;
  return String((await conn.query("SELECT boot_val AS p FROM pg_settings WHERE name = 'search_path'")).rows[0]?.p ?? '');
}

/** Sets the transaction's timeouts (SET LOCAL: undone by the rollback). */
async function setTimeouts(conn: OneOffConnection, timeoutMs: number, lockTimeoutMs: number): Promise<void> {
  await conn.query("SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true)", [`${timeoutMs}ms`, `${lockTimeoutMs}ms`]);
}

/**
 * EXPLAINs `text` on `conn` (already connected to the right database), with the rights of the
 * statement's author when pgwarden may take them (see rights.ts). Never throws for a server
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
  const lockTimeout = opts.lockTimeoutMs ?? ANALYZE_LOCK_TIMEOUT_MS;
  const writable = mode === 'analyze' && opts.allowWrites;
  let prepared = false;
  let raw: unknown;
  try {
    const facts = rightsFacts((await conn.query(sqlFor('explain_rights', opts.major).text, [opts.role ?? null])).rows[0] ?? {});
    const as = decideRights(opts.role ?? null, facts, { asSelf: opts.asSelf === true, analyze: mode === 'analyze' });
    if (as.as === 'ask') return { ok: false, reason: 'confirm-rights', message: as.message };
    notes.push(as.note);
    const byAuthor = as.as === 'author';
    // The function that confines the author's code is created in this transaction, so it starts
    // read-write and turns read-only before anything of the statement runs. READ WRITE said out loud: a role or server with default_transaction_read_only would refuse
    // the CREATE FUNCTION otherwise.
    await conn.query(writable || byAuthor ? 'BEGIN READ WRITE' : 'BEGIN READ ONLY');
    await setTimeouts(conn, timeout, lockTimeout);
    const entries = splitSearchPath(await authorSearchPath(conn, opts.major, opts.role));
    if (byAuthor) {
      await conn.query(AS_AUTHOR_CREATE);
      await conn.query(asAuthorOwner(as.role));
      if (!writable) await conn.query("SELECT set_config('transaction_read_only', 'on', true)");
    }
    // From here the author's schemas are on the path: pgwarden's own statements name pg_catalog
    // explicitly, or a function of theirs that matches a call better than the built-in would run
    // in its place, outside the author's function.
    const sp = safeSearchPath(entries, { author: facts.author ?? opts.role ?? null, demote: byAuthor ? undefined : facts.writableSchemas });
    await conn.query("SELECT pg_catalog.set_config('search_path', $1, true)", [sp.path]);
    notes.push(`search_path ${sp.path}${sp.reordered ? ' (schemas other roles can write moved last)' : ''}`);
    /** One EXPLAIN statement: through the author's function, or directly (simple: no bind step). */
    const explain = async (sql: string, simple = false) => {
      if (byAuthor) return planJson(await conn.query(`SELECT * FROM ${AS_AUTHOR_FN}($1)`, [sql]));
      return planJson(simple ? await conn.querySimple(sql) : await conn.query(sql));
    };
    if (mode === 'generic') {
      // PREPARE leaves the parameter types to the parser ("unknown" until inferred from context).
      // It parses only: nothing of the statement is evaluated before it is planned below.
      await conn.query(`PREPARE ${STMT} AS ${text}`);
      prepared = true;
      if (opts.major >= 16) {
        await conn.query(`DEALLOCATE ${STMT}`);
        prepared = false;
        raw = await explain(`EXPLAIN (GENERIC_PLAN, VERBOSE, SETTINGS, FORMAT JSON) ${text}`, true);
      } else {
        await conn.query("SELECT pg_catalog.set_config('plan_cache_mode', 'force_generic_plan', true)");
        const n = await conn.query(
          'SELECT pg_catalog.cardinality(parameter_types) AS n FROM pg_catalog.pg_prepared_statements WHERE name OPERATOR(pg_catalog.=) $1',
          [STMT],
        );
        const count = Number(n.rows[0]?.n ?? params);
        // With force_generic_plan the values are not looked at: NULLs only fill the slots.
        const args = count > 0 ? `(${Array(count).fill('NULL').join(', ')})` : '';
        raw = await explain(`EXPLAIN (VERBOSE, SETTINGS, FORMAT JSON) EXECUTE ${STMT}${args}`);
      }
      notes.push(`generic plan: parameters $1…$${params} are unknown, as for a prepared statement after its first executions`);
    } else if (mode === 'analyze') {
      raw = await explain(`EXPLAIN (ANALYZE, BUFFERS, WAL, VERBOSE, SETTINGS, FORMAT JSON) ${text}`);
      notes.push('executed inside BEGIN … ROLLBACK: its changes were undone');
    } else {
      raw = await explain(`EXPLAIN (VERBOSE, SETTINGS, FORMAT JSON) ${text}`);
    }
  } catch (err) {
    const failure = classify(err);
    if (failure.code === '25006') {
      const risk = writeRisk(text);
      const reasons = risk.reasons.length ? risk : { ...risk, writes: true, reasons: ['the server refused it in a read-only transaction'] };
      return { ok: false, reason: 'confirm-writes', message: confirmWritesText(reasons), risk: reasons, failure };
    }
    return { ok: false, reason: 'failed', message: failure.message, failure };
  } finally {
    // Everything the statement's code did in this transaction (temporary objects that would
    // shadow catalog names for pgwarden's next queries included) ends here.
    await conn.query('ROLLBACK').catch(() => undefined);
    // Prepared statements outlive a rollback.
    if (prepared) await conn.query(`DEALLOCATE ${STMT}`).catch(() => undefined);
  }
  let result: ExplainResult;
  try {
    result = parsePlan(raw);
  } catch (err) {
    return { ok: false, reason: 'failed', message: classify(err).message };
  }
  let facts: CatalogFacts = { relations: new Map(), indexes: new Map() };
  try {
    facts = await catalogFacts(conn, result, opts.major);
  } catch {
    notes.push('relation statistics and indexes unavailable: flags rely on the plan alone');
  }
  const flags = redFlags(result, { relations: facts.relations, indexes: facts.indexes, blockSize: opts.blockSize });
  return { ok: true, mode, result, flags, raw, notes };
}
